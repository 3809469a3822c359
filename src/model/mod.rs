//! Model: the small helpers every layer may use, below the stages (nothing here imports another
//! module of the crate).
//!
//! - [`hex`], [`sha256_hex`]: lower-case hexadecimal of bytes, and the SHA-256 of bytes (content
//!   hashes, gold span hashes, claim ids).
//! - [`kinds`]: the kinds of finding as enums, each with one list of names.
//! - [`shorten`]: a text on one line, cut to at most N grapheme clusters with an ellipsis. Stages
//!   use it for what they store (explanations, evidence), so that what is stored never depends on
//!   display flags; the report's own cut (`report::truncate`) honours `--full`.

pub mod kinds;
pub mod results;

pub use kinds::{CueKind, DivergenceKind, EdgeRelation, InconsistencyKind, ItemCategory};

use std::fmt::Write as _;
use unicode_segmentation::UnicodeSegmentation;

/// Lower-case hexadecimal of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of `bytes`, lower-case hex: a document's identity, and the hash of a gold span.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// True for a date written as a machine stamp ("2021-08-26", "26/08/2021 14:05"): a page's
/// publication or update time in its furniture, not a date the text tells.
pub fn is_time_stamp(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ':' | ' ' | 'T'))
        && t.chars().filter(|c| c.is_ascii_digit()).count() >= 6
}

/// Two figures that are one number written another way: equal, or 1000 times apart (a thousands
/// separator read as a decimal point, "11.300").
pub fn same_figure(u: f64, v: f64) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0);
    close(u, v) || close(u * 1000.0, v) || close(u, v * 1000.0)
}

/// The month and day of a date value ("2021-08-24" or, without its year, "--08-24").
pub fn month_day(v: &str) -> Option<&str> {
    match v.len() {
        7 if v.starts_with("--") => Some(&v[2..]),
        10 => Some(&v[5..]),
        _ => None,
    }
}

/// The text writes digits (Latin or Arabic-Indic): a figure, not a number in words.
pub fn has_digits(t: &str) -> bool {
    t.chars()
        .any(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
}

/// `s` with its white space joined into single spaces, cut to at most `max` grapheme clusters
/// (never inside a letter with its marks) with an ellipsis marking the cut.
pub fn shorten(s: &str, max: usize) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.graphemes(true).count() <= max {
        return one_line;
    }
    let mut out: String = one_line
        .graphemes(true)
        .take(max.saturating_sub(1))
        .collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn shorten_joins_lines_and_cuts_whole_letters() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        assert_eq!(shorten("abcdef", 4), "abc…");
        // "مُحَ" is two grapheme clusters: a cut never separates a letter from its marks.
        assert_eq!(shorten("مُحَمَّد", 3), "مُحَ…");
    }
}
