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
pub mod run;

use comfy_table::{presets, ContentArrangement, Table};

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
pub fn new_table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    if t.width().is_none() {
        t.set_width(120);
    }
    t
}

/// CSV text from a header and rows.
pub fn to_csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(headers);
    for r in rows {
        let _ = w.write_record(r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Cuts `s` to at most `max` characters, never leaving a combining mark without its base letter,
/// and marks the cut with an ellipsis.
pub fn truncate(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
    while out.chars().last().map(is_combining).unwrap_or(false) {
        out.pop();
    }
    out.pop();
    out.push('…');
    out
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// A JSON-ready optional string.
pub fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}
