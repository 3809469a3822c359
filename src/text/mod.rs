//! Text layer: normalisation with offset maps, tokens and stems, claim segmentation, and extraction
//! of dates, numbers, names and sourcing cues.
//!
//! Input: a stored document's text and language. Output: an [`Analysis`]: claims (spans with a role
//! and a stable id, the hash of the document and the span) and the items extracted from the text,
//! each with its original span and the claim that holds it. Invariant: every span is in original
//! characters; nothing here changes the text.

pub mod extract;
pub mod lists;
pub mod normalize;
pub mod origin;
pub mod segment;
pub mod tokens;

use extract::Item;
pub use normalize::{normalize, Normalized};
pub use segment::{Role, Segment};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Letter and digit tests with fast paths for ASCII and the Arabic block: the standard library's
/// Unicode tables were a fifth of the text layer's time on Arabic pages.
// `char` is `Copy`, so taking `self` by value is the idiom here, as for `char::is_alphabetic`.
#[allow(clippy::wrong_self_convention)]
pub trait FastChar {
    /// `char::is_alphanumeric`, fast for ASCII and Arabic.
    fn is_word(self) -> bool;
    /// `char::is_alphabetic`, fast for ASCII and Arabic.
    fn is_letter(self) -> bool;
}

impl FastChar for char {
    #[inline]
    fn is_word(self) -> bool {
        if self.is_ascii() {
            return self.is_ascii_alphanumeric();
        }
        match self {
            '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{066E}'..='\u{06D3}' => true,
            _ => self.is_alphanumeric(),
        }
    }

    #[inline]
    fn is_letter(self) -> bool {
        if self.is_ascii() {
            return self.is_ascii_alphabetic();
        }
        match self {
            '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' => true,
            _ => self.is_alphabetic(),
        }
    }
}

/// Bumped whenever segmentation or extraction changes, so stored analyses are redone.
pub const TEXT_LAYER_VERSION: i64 = 12;

/// A claim: a sentence or self-contained clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: String,
    pub ordinal: usize,
    pub start: usize,
    pub end: usize,
    pub role: Role,
}

/// The text layer's result for one document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The page date used to resolve relative dates: the one given, else the one the page states
    /// in a dateline (`page_date_from_text` is then true).
    pub page_date: Option<NaiveDate>,
    pub page_date_from_text: bool,
    /// The page's own date-time as its dateline writes it (`2016-03-21T12:16`), when found there.
    pub stated_published: Option<String>,
    pub claims: Vec<Claim>,
    /// Items with the index (in `claims`) of the claim that holds their start, if any.
    pub items: Vec<(Option<usize>, Item)>,
    /// Runs of text longer than `segment::MAX_SEGMENT` characters without a sentence end, cut
    /// into claims of that length (the page has no punctuation there).
    pub segments_cut: usize,
}

/// The stable id of a claim: the first 16 hex digits of SHA-256 over the document hash and span.
pub fn claim_id(doc_sha256: &str, start: usize, end: usize) -> String {
    let h = Sha256::digest(format!("{doc_sha256}:{start}:{end}").as_bytes());
    crate::model::hex(&h[..8])
}

/// Words a heading or byline near the top may have and still be read as the page's date line
/// ("date 2023-09-14 Libya Flooding", "24 August 2021 | Maghreb Arabe Presse (Rabat)").
const DATE_LINE_WORDS: usize = 12;

/// The date a page states for itself: the first unambiguous day or date-time, with its year, of a
/// dateline, byline or short heading among the first claims of the page, or one that opens one of
/// the first three claims, alone or after a publication label (`page_date_labels` in
/// `data/text/lists.tsv`: "date 2023-09-14 ...", "Publié le 22/07/2021 19:20"); a date after a
/// publication label comes first (a site's header shows the day it was read). A sentence that
/// opens with "On 10 September 2023" tells the event's date, not the page's.
fn stated_page_date(text: &str, claims: &[Claim], dates: &[Item]) -> Option<String> {
    // Only the top of the page is read: its first six claims.
    let top = claims.iter().take(6).map(|c| c.end).max().unwrap_or(0);
    let chars: Vec<char> = text.chars().take(top).collect();
    let slice = |a: usize, b: usize| crate::text::extract::slice_chars(&chars, a, b);
    let words = |c: &Claim| slice(c.start, c.end).split_whitespace().count();
    let labels = lists::list("page_date_labels");
    let full = |d: &Item| {
        matches!(d.kind, "day" | "time")
            && d.value
                .as_deref()
                .is_some_and(|v| !v.contains('|') && !v.starts_with("--"))
    };
    // The label before a date that opens a claim: Some("") when none, None when other words.
    let label = |c: &Claim, d: &Item| -> Option<bool> {
        // A label is a few words (`page_date_labels`); a date further into its claim has other
        // words before it (and reading them all for every date would be quadratic).
        if d.start - c.start > 60 {
            return None;
        }
        let before = normalize::normalize(&slice(c.start, d.start));
        let before = before.trim_matches(|x: char| !x.is_alphanumeric());
        if before.is_empty() {
            Some(false)
        } else {
            labels.contains(&before).then_some(true)
        }
    };
    let opens = |c: &Claim, d: &Item| label(c, d).is_some();
    // A date after a publication label wins over a bare date line (a site's header shows today).
    let labelled = claims.iter().take(6).find_map(|c| {
        dates
            .iter()
            .filter(|d| d.start >= c.start && d.end <= c.end && full(d))
            .find(|d| label(c, d) == Some(true))
            .and_then(|d| d.value.clone())
    });
    if labelled.is_some() {
        return labelled;
    }
    claims.iter().take(6).enumerate().find_map(|(k, c)| {
        let line = c.role == Role::Dateline
            || (matches!(c.role, Role::Heading | Role::Byline) && words(c) <= DATE_LINE_WORDS);
        dates
            .iter()
            .filter(|d| d.start >= c.start && d.end <= c.end && full(d))
            .find(|d| line || (k < 3 && opens(c, d)))
            .and_then(|d| d.value.clone())
    })
}

/// Spans (possibly overlapping) that answer "does `[a, b)` overlap any of them?" in logarithmic
/// time: sorted by start, with the furthest end reached by each prefix.
struct Intervals {
    starts: Vec<usize>,
    reach: Vec<usize>,
}

impl Intervals {
    fn new(mut spans: Vec<(usize, usize)>) -> Intervals {
        spans.sort_unstable();
        let mut reach = Vec::with_capacity(spans.len());
        let mut far = 0;
        for &(_, e) in &spans {
            far = far.max(e);
            reach.push(far);
        }
        Intervals {
            starts: spans.iter().map(|s| s.0).collect(),
            reach,
        }
    }

    /// True when a span starts before `b` and ends after `a`.
    fn overlaps(&self, a: usize, b: usize) -> bool {
        let k = self.starts.partition_point(|&s| s < b);
        k > 0 && self.reach[k - 1] > a
    }
}

/// A quotation's speaker: the source of the nearest attribution in the same claim.
fn attach_speakers(items: &mut [(Option<usize>, Item)]) {
    let mut attributions: HashMap<usize, Vec<(Option<usize>, usize, String)>> = HashMap::new();
    for (h, it) in items.iter() {
        if let (Some(h), "attribution", Some(v)) = (h, it.kind, it.value.as_ref()) {
            attributions
                .entry(*h)
                .or_default()
                .push((Some(*h), it.start, v.clone()));
        }
    }
    for (holder, it) in items.iter_mut() {
        if it.kind != "quote" || holder.is_none() {
            continue;
        }
        let speaker = holder
            .and_then(|h| attributions.get(&h))
            .into_iter()
            .flatten()
            .min_by_key(|(_, start, _)| start.abs_diff(it.start))
            .map(|(_, _, source)| source.clone());
        if let Some(speaker) = speaker {
            it.detail["speaker"] = serde_json::json!(speaker);
        }
    }
}

/// Texts longer than this many characters are analysed in windows of about this size, each cut
/// at a line break (else a space) in its last quarter: the text layer's memory is proportional to
/// what it reads at once (its maps cost about 25 bytes per character), so a 50 MB page costs what
/// a 400,000-character one does. No news page comes near; claims never cross a line break, so a
/// window cut at one changes nothing.
pub const WINDOW_CHARS: usize = 400_000;

/// Segments and extracts one document. `page_date` (from the manifest or the HTML) resolves
/// relative dates; without it, a date the page states in a dateline is used. A text longer than
/// [`WINDOW_CHARS`] is read window by window (the first window's page date serves the others),
/// with claims and items placed in the whole text.
pub fn analyze(doc_sha256: &str, text: &str, lang: &str, page_date: Option<NaiveDate>) -> Analysis {
    let mut out: Option<Analysis> = None;
    let _ = analyze_windows(doc_sha256, text, lang, page_date, |a| {
        match out.as_mut() {
            None => out = Some(a),
            Some(o) => {
                let before = o.claims.len();
                o.claims.extend(a.claims);
                o.items.extend(
                    a.items
                        .into_iter()
                        .map(|(h, it)| (h.map(|h| h + before), it)),
                );
                o.segments_cut += a.segments_cut;
            }
        }
        Ok::<(), std::convert::Infallible>(())
    });
    out.unwrap_or_else(|| analyze_window(doc_sha256, text, lang, page_date))
}

/// [`analyze`] one window at a time: calls `f` with each window's analysis as soon as it is made,
/// so that a caller that stores it need not hold a huge page's claims and items at once. A text of
/// at most `WINDOW_CHARS` characters is one window. Spans, claim ids and ordinals are the page's
/// (as [`analyze`] gives them); an item's claim index points into its own window's `claims`. The
/// page date (given, or the one the first window states) resolves the dates of every window;
/// `stated_published` is the first window's.
pub fn analyze_windows<E>(
    doc_sha256: &str,
    text: &str,
    lang: &str,
    page_date: Option<NaiveDate>,
    mut f: impl FnMut(Analysis) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let Some((first_end, _)) = text.char_indices().nth(WINDOW_CHARS) else {
        return f(analyze_window(doc_sha256, text, lang, page_date));
    };
    let mut date: Option<Option<NaiveDate>> = None;
    let (mut byte, mut char_at, mut claims_before) = (0usize, 0usize, 0usize);
    let mut window_end = first_end;
    while byte < text.len() {
        let end = if window_end >= text.len() {
            text.len()
        } else {
            cut_window(text, byte, window_end)
        };
        let piece = &text[byte..end];
        let mut a = analyze_window(doc_sha256, piece, lang, date.unwrap_or(page_date));
        date.get_or_insert(a.page_date);
        for c in &mut a.claims {
            c.start += char_at;
            c.end += char_at;
            c.ordinal += claims_before;
            c.id = claim_id(doc_sha256, c.start, c.end);
        }
        for (_, it) in &mut a.items {
            it.start += char_at;
            it.end += char_at;
        }
        claims_before += a.claims.len();
        char_at += piece.chars().count();
        byte = end;
        window_end = text[byte..]
            .char_indices()
            .nth(WINDOW_CHARS)
            .map_or(text.len(), |(i, _)| byte + i);
        f(a)?;
    }
    Ok(())
}

/// Where a window `[from, to)` (byte offsets) ends: after the last line break of its last
/// quarter, else after its last white space there, else at `to`.
fn cut_window(text: &str, from: usize, to: usize) -> usize {
    let mut quarter = to - (to - from) / 4;
    while !text.is_char_boundary(quarter) {
        quarter += 1;
    }
    let tail = &text[quarter..to];
    if let Some(i) = tail.rfind('\n') {
        return quarter + i + 1;
    }
    tail.char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(to, |(i, c)| quarter + i + c.len_utf8())
}

/// [`analyze`] on one window of text (offsets relative to it).
fn analyze_window(
    doc_sha256: &str,
    text: &str,
    lang: &str,
    page_date: Option<NaiveDate>,
) -> Analysis {
    let n = Normalized::new(text);
    let (segments, segments_cut) = segment::segment_counted(text);
    let claims: Vec<Claim> = segments
        .into_iter()
        .enumerate()
        .map(|(i, s)| Claim {
            id: claim_id(doc_sha256, s.start, s.end),
            ordinal: i,
            start: s.start,
            end: s.end,
            role: s.role,
        })
        .collect();
    let mut dates = extract::dates::extract(&n, page_date);
    let stated_published = stated_page_date(text, &claims, &dates);
    let mut effective = page_date;
    let mut from_text = false;
    if page_date.is_none() {
        if let Some(d) = stated_published
            .as_deref()
            .and_then(|v| NaiveDate::parse_from_str(&v[..v.len().min(10)], "%Y-%m-%d").ok())
        {
            effective = Some(d);
            from_text = true;
            dates = extract::dates::extract(&n, effective);
        }
    }
    let mut items = extract::cues::extract(text, &n, lang);
    // A number inside a cable or document id is not a year.
    let ids: Vec<(usize, usize)> = items
        .iter()
        .filter(|i| matches!(i.kind, "cable_id" | "document_id" | "source_url"))
        .map(|i| (i.start, i.end))
        .collect();
    let ids = Intervals::new(ids);
    dates.retain(|d| !ids.overlaps(d.start, d.end));
    // Numbers: not the digits of a date or an id, nor a paragraph number (which no claim holds).
    let date_spans = Intervals::new(dates.iter().map(|d| (d.start, d.end)).collect());
    let mut numbers = extract::numbers::extract(&n);
    numbers.retain(|x| {
        // Claims are in text order and disjoint: the first that ends at or after the number's
        // end is the only one that can hold it.
        let k = claims.partition_point(|c| c.end < x.end);
        !ids.overlaps(x.start, x.end)
            && !date_spans.overlaps(x.start, x.end)
            && claims.get(k).is_some_and(|c| c.start <= x.start)
    });
    items.extend(dates);
    items.extend(numbers);
    items.extend(extract::names::extract(text, &n, lang));
    items.sort_by_key(|i| (i.start, i.end));
    let mut items: Vec<(Option<usize>, Item)> = items
        .into_iter()
        .map(|it| {
            let idx = claims.partition_point(|c| c.end <= it.start);
            let holder = (idx < claims.len() && claims[idx].start <= it.start).then_some(idx);
            (holder, it)
        })
        .collect();
    attach_speakers(&mut items);
    Analysis {
        page_date: effective,
        page_date_from_text: from_text,
        stated_published,
        claims,
        items,
        segments_cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_longer_than_a_window_is_analysed_as_a_whole() {
        let line = "Le 3 mai 2012, le ministre a déclaré que 450 soldats étaient là.\n";
        let one = analyze("sha", line, "fr", None);
        let n = WINDOW_CHARS / line.chars().count() + 500;
        let text = line.repeat(n);
        let a = analyze("sha", &text, "fr", None);
        // Every line is one claim, in order, with its items, as when read alone.
        assert_eq!(a.claims.len(), n);
        assert_eq!(a.items.len(), n * one.items.len());
        let chars: Vec<char> = text.chars().collect();
        for (k, c) in a.claims.iter().enumerate() {
            assert_eq!(c.ordinal, k);
            assert_eq!(c.id, claim_id("sha", c.start, c.end));
            let s: String = chars[c.start..c.end].iter().collect();
            assert_eq!(format!("{s}\n"), line);
        }
        for (holder, it) in &a.items {
            let c = &a.claims[holder.expect("held")];
            assert!(c.start <= it.start && it.end <= c.end);
        }
    }
    use proptest::prelude::*;

    #[test]
    fn a_quotation_gets_the_speaker_of_its_claim() {
        let text = "Le ministre a déclaré : « Nous ne négocierons jamais avec les terroristes ».";
        let a = analyze("00", text, "fr", None);
        let quote = a
            .items
            .iter()
            .find(|(_, i)| i.kind == "quote")
            .expect("quote");
        assert_eq!(quote.1.detail["speaker"], "Le ministre", "{:?}", a.items);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Any text, in any script, is analysed without a panic, and every span lies inside it.
        #[test]
        fn analysis_never_panics_and_spans_stay_inside(
            s in "(\\PC|[\n،؛.«»\"“”:(),0-9]|قال |selon |بحسب |aurait |09 الجزائر 948|http://a.b/c ){0,120}",
            lang in prop::sample::select(vec!["ar", "fr", "en", "other"]),
        ) {
            let n = s.chars().count();
            let a = analyze("00", &s, lang, None);
            for c in &a.claims {
                prop_assert!(c.start < c.end && c.end <= n);
            }
            for w in a.claims.windows(2) {
                prop_assert!(w[0].end <= w[1].start);
            }
            for (_, it) in &a.items {
                prop_assert!(it.start < it.end && it.end <= n, "{:?}", it);
            }
        }
    }
}
