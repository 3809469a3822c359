//! Report: what the commands print. Tables (comfy-table) for people, JSON and CSV for pipelines.
//!
//! Input: rows read from the store or results of a stage. Output: a `String` for stdout. Every JSON
//! object carries `"schema": "claimtrail/1"`; CSV has one header row and one row per item. Nothing
//! here computes findings: it only renders them.

pub mod align;
pub mod chain;
pub mod check;
pub mod claims;
pub mod diverge;
pub mod documents;
pub mod dupes;
pub mod facts;
pub mod ingest;
pub mod run;
pub mod stories;

use comfy_table::{presets, Attribute, Cell, ContentArrangement, Table};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How tables are drawn, from the binary's flags (`--width`, `--color`, `--bidi`, `--full`),
/// passed to every printer. Only printers see it: what is stored never depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Table width in columns (the terminal's, else 120).
    pub width: u16,
    /// Bold headers and coloured severities.
    pub color: bool,
    /// Reorder right-to-left text into visual order, for terminals that do not apply the
    /// Unicode bidirectional algorithm themselves.
    pub visual_bidi: bool,
    /// Do not cut long text.
    pub full: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 120,
            color: false,
            visual_bidi: false,
            full: false,
        }
    }
}

/// True when a text holds right-to-left letters (Arabic, Hebrew...).
pub fn has_rtl(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// A table cell: right-to-left text is isolated (FSI ... PDI) so that it never reorders the
/// columns around it, or, with `--bidi`, put in visual order for terminals without bidi support.
pub fn isolate(o: &RenderOptions, s: &str) -> String {
    if !has_rtl(s) {
        return s.to_string();
    }
    if o.visual_bidi {
        return visual(s);
    }
    format!("\u{2068}{s}\u{2069}")
}

/// Visual order of a paragraph (Unicode bidirectional algorithm, first strong direction).
pub fn visual(s: &str) -> String {
    s.lines()
        .map(|line| {
            let info = unicode_bidi::BidiInfo::new(line, None);
            info.paragraphs
                .iter()
                .map(|p| info.reorder_line(p, p.range.clone()).into_owned())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Draws a table: each cell's piece of each line is isolated (or put in visual order), so that
/// right-to-left text stays inside its column whatever the terminal does.
pub fn finish(o: &RenderOptions, t: &Table) -> String {
    let mut out = String::new();
    for line in t.to_string().lines() {
        let mut cur = String::new();
        for c in line.chars() {
            if matches!(c, '│' | '┆' | '║') {
                out.push_str(&isolate_segment(o, &cur));
                cur.clear();
                out.push(c);
            } else {
                cur.push(c);
            }
        }
        out.push_str(&isolate_segment(o, &cur));
        out.push('\n');
    }
    out
}

/// Adds a row of cells, each neutralised (page text never drives the terminal; the table's own
/// styling is added after).
pub fn add_row<T: AsRef<str>>(t: &mut Table, cells: impl IntoIterator<Item = T>) {
    t.add_row(
        cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect::<Vec<String>>(),
    );
}

/// Page text made safe for a terminal: control characters (C0 but the line break, DEL, C1: ANSI
/// escape sequences start with one) and the bidi embedding, override and isolate controls a page
/// may carry (which would reorder or hide what the analyst sees) are shown as visible escapes
/// (`\u{1B}`, `\u{202E}`): the analyst sees that the page holds them, and they do nothing; a tab
/// becomes a space. Applied to every cell ([`add_row`]), every cut line and every CSV field
/// ([`to_csv`]) before claimtrail adds its own isolation marks and colours; JSON keeps the text.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            c if bad(c) => out.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Lam-alef pairs (لا لأ لإ لآ): unicode-width, and so comfy-table, counts each as one column
/// (the ligature's glyph), but terminals give each letter a cell.
fn lam_alefs(s: &str) -> usize {
    let c: Vec<char> = s.chars().collect();
    c.windows(2)
        .filter(|w| w[0] == 'ل' && matches!(w[1], 'ا' | 'أ' | 'إ' | 'آ'))
        .count()
}

/// A cell's piece of a line, padding kept outside the isolation, and shortened by the columns a
/// terminal gives lam-alef pairs beyond what the table counted.
fn isolate_segment(o: &RenderOptions, seg: &str) -> String {
    if !has_rtl(seg) {
        return seg.to_string();
    }
    let mut trimmed = seg.trim().to_string();
    let mut lead = seg[..seg.len() - seg.trim_start().len()].to_string();
    let mut trail = seg[seg.trim_end().len()..].to_string();
    let mut extra = lam_alefs(&trimmed);
    while extra > 0 && !trail.is_empty() {
        trail.pop();
        extra -= 1;
    }
    while extra > 0 && !lead.is_empty() {
        lead.pop();
        extra -= 1;
    }
    while extra > 0 && !trimmed.is_empty() {
        // No padding left: drop the last letters and mark the cut.
        let mut g: Vec<&str> = trimmed.graphemes(true).collect();
        let dropped = g.pop().map(|x| lam_alefs(x) + 1).unwrap_or(1);
        g.pop();
        trimmed = g.concat() + "…";
        extra = extra.saturating_sub(dropped);
    }
    format!("{lead}{}{trail}", isolate(o, &trimmed))
}

/// Cuts a line to the table width (grapheme by grapheme, with an ellipsis), unless `--full`.
pub fn fit(o: &RenderOptions, line: &str) -> String {
    let max = o.width as usize;
    if o.full || display_width(line) <= max {
        return line.to_string();
    }
    let mut out = String::new();
    for g in line.graphemes(true) {
        if display_width(&out) + display_width(g) + 1 > max {
            break;
        }
        out.push_str(g);
    }
    out.push('…');
    out
}

/// Display width of a text in terminal columns (combining marks 0, wide characters 2).
pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Output format of a listing command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// A table for people.
    #[default]
    Table,
    /// JSON, versioned by its `schema` field.
    Json,
    /// CSV with a header row.
    Csv,
}

/// A table with the house style: UTF-8 borders, wrapped to the terminal when there is one.
pub fn new_table(o: &RenderOptions, headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if o.color {
        t.enforce_styling();
        t.set_header(
            headers
                .iter()
                .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
        );
    } else {
        t.force_no_tty();
        t.set_header(headers.iter().copied());
    }
    t.set_width(o.width);
    t
}

/// A versioned JSON listing: `{"schema": "claimtrail/1", key: items}`, pretty-printed.
pub fn json_listing(key: &str, items: serde_json::Value) -> String {
    let mut v = serde_json::json!({"schema": crate::JSON_SCHEMA});
    v[key] = items;
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// CSV text from a header and rows.
pub fn to_csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(headers);
    for r in rows {
        let _ = w.write_record(r.iter().map(|f| neutralise(f).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Puts `s` on one line and cuts it to at most `max` grapheme clusters (never inside a letter
/// with its marks), marking the cut with an ellipsis; with `--full`, only the line is joined.
pub fn truncate(o: &RenderOptions, s: &str, max: usize) -> String {
    let s = neutralise(s);
    if o.full {
        return s.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    crate::model::shorten(&s, max)
}

/// A JSON-ready optional string.
pub fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}
