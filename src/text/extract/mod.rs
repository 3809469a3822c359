//! Extraction: dates, numbers, names and sourcing cues, each with its span in the original text and
//! a normalised value. Every extractor reads the normalised text (so spellings, harakat and digits
//! in any script do not matter) and maps its matches back through the offset map.

pub mod cues;
pub mod dates;
pub mod names;
pub mod numbers;

use serde::Serialize;

/// An extracted item. `start`/`end` are original character offsets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// `date`, `number`, `name` or `cue`.
    pub category: &'static str,
    /// cue: attribution, hedging, anonymous_source, source_url, cable_id, document_id, adapted_from,
    /// quote; date: day, month, year, time, weekday, relative; number: count, money, percent,
    /// measure; name: person, place, org.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
    /// Extractor-specific fields (a cue's source phrase, a date's weekday, a name's key...).
    pub detail: serde_json::Value,
}

/// The original characters `[start, end)` of `text`.
pub fn slice_chars(chars: &[char], start: usize, end: usize) -> String {
    let end = end.min(chars.len());
    chars[start.min(end)..end].iter().collect()
}

/// Byte offset -> character index in `s`.
pub fn byte_to_char(s: &str, byte: usize) -> usize {
    s[..byte.min(s.len())].chars().count()
}
