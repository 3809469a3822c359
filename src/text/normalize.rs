//! Normalisation for comparison, with a map from every normalised character back to the original.
//!
//! The original text is never changed: [`Normalized`] holds a separate comparison form and, for each
//! of its characters, the span of original characters it came from. Rules, applied one original
//! character at a time:
//! - compatibility decomposition (NFKD) and case folding, then every combining mark dropped: this
//!   folds French accents, Arabic harakat, and the hamza and madda that NFKD splits off alef, waw and
//!   yaa carriers (أ إ آ -> ا, ؤ -> و, ئ -> ي); Arabic presentation forms become plain letters;
//! - Arabic: tatweel dropped; ٱ -> ا; ى -> ي; ة -> ه; Persian ک -> ك, ی -> ي, ۀ ھ -> ه;
//! - Eastern Arabic and Persian digits -> ASCII; the Arabic decimal and thousands separators -> . and ,;
//! - every quotation mark -> `"` (double) or `'` (single and apostrophes), every dash -> `-`;
//! - zero-width and bidirectional control characters dropped; a run of white space -> one space
//!   (or one line break when it holds one, so that line-based rules still see lines).
//!
//! Characters that produce nothing are absorbed into the span of the previous normalised character,
//! so that a span of normalised text maps back to a span of the original that covers it whole.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A comparison form of a text and its map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// Byte offset in `text` of each normalised character.
    byte_starts: Vec<usize>,
    /// Original character span `[start, end)` of each normalised character.
    orig: Vec<(usize, usize)>,
    /// Length of the original in characters.
    orig_len: usize,
}

/// The normalised characters of one original character (none, one, or a few), pushed to `out`.
pub(crate) fn map_char(c: char, out: &mut Vec<char>) {
    // Most characters of French and English text: nothing to decompose.
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Most Arabic letters: no case, no decomposition (the carriers of hamza and madda, alef
    // maqsura and taa marbuta are handled below).
    if ('\u{0621}'..='\u{064A}').contains(&c)
        && !matches!(c, 'أ' | 'إ' | 'آ' | 'ؤ' | 'ئ' | 'ى' | 'ة' | '\u{0640}')
    {
        out.push(c);
        return;
    }
    match c {
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{066B}' => out.push('.'),
        '\u{066C}' => out.push(','),
        '\u{0640}' => {} // tatweel
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => {}
        '\u{0671}' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        'ک' => out.push('ك'),
        'ی' | 'ې' => out.push('ي'),
        'ۀ' | 'ھ' | 'ہ' => out.push('ه'),
        '«' | '»' | '“' | '”' | '„' | '‟' | '"' | '″' | '‶' | '〝' | '〞' | '＂' => {
            out.push('"')
        }
        '‹' | '›' | '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' | 'ʼ' | '\'' => {
            out.push('\'')
        }
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '⁃' | '﹘' | '﹣' | '－' => {
            out.push('-')
        }
        '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
        c if c.is_whitespace() => out.push(' '),
        c => {
            for l in c.to_lowercase() {
                decompose_compatible(l, |d| {
                    if is_combining_mark(d) {
                        return;
                    }
                    match d {
                        'ى' => out.push('ي'),
                        'ة' => out.push('ه'),
                        '\u{0640}' => {}
                        d => out.push(d),
                    }
                });
            }
        }
    }
}

impl Normalized {
    /// Normalises `original`.
    pub fn new(original: &str) -> Normalized {
        let mut n = Normalized {
            text: String::with_capacity(original.len()),
            byte_starts: Vec::with_capacity(original.len()),
            orig: Vec::with_capacity(original.len()),
            orig_len: 0,
        };
        let mut buf = Vec::with_capacity(4);
        let mut pending_start: Option<usize> = None;
        for (i, c) in original.chars().enumerate() {
            n.orig_len = i + 1;
            buf.clear();
            map_char(c, &mut buf);
            if buf.is_empty() {
                // Absorbed into the previous character's span (or the next one at the very start).
                match n.orig.last_mut() {
                    Some(last) => last.1 = i + 1,
                    None => {
                        pending_start.get_or_insert(i);
                    }
                }
                continue;
            }
            for &d in &buf {
                if d == '\n' && n.text.ends_with(' ') {
                    // A run of white space holding a line break becomes that line break.
                    n.text.pop();
                    n.text.push('\n');
                }
                if (d == ' ' || d == '\n') && n.text.ends_with([' ', '\n']) {
                    if let Some(last) = n.orig.last_mut() {
                        last.1 = i + 1;
                    }
                    continue;
                }
                n.byte_starts.push(n.text.len());
                n.text.push(d);
                n.orig.push((pending_start.take().unwrap_or(i), i + 1));
            }
        }
        n
    }

    /// Number of normalised characters.
    pub fn len(&self) -> usize {
        self.orig.len()
    }

    /// True when the normalised text is empty.
    pub fn is_empty(&self) -> bool {
        self.orig.is_empty()
    }

    /// Maps a span of normalised characters `[start, end)` to the original span that covers it.
    /// An empty span maps to an empty original span at the corresponding position.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.orig.is_empty() {
            return (0, 0);
        }
        let start = start.min(self.orig.len());
        let end = end.clamp(start, self.orig.len());
        if start == end {
            let pos = if start < self.orig.len() {
                self.orig[start].0
            } else {
                self.orig_len
            };
            return (pos, pos);
        }
        (self.orig[start].0, self.orig[end - 1].1)
    }

    /// Maps a byte span of `self.text` (as a regex returns it) to normalised character indices.
    pub fn char_span(&self, byte_start: usize, byte_end: usize) -> (usize, usize) {
        let s = self.byte_starts.partition_point(|&b| b < byte_start);
        let e = self.byte_starts.partition_point(|&b| b < byte_end);
        (s, e)
    }

    /// Maps a byte span of `self.text` straight to the original character span.
    pub fn bytes_to_original(&self, byte_start: usize, byte_end: usize) -> (usize, usize) {
        let (s, e) = self.char_span(byte_start, byte_end);
        self.to_original(s, e)
    }

    /// The normalised character index that starts at or after original character `orig_pos`.
    pub fn from_original(&self, orig_pos: usize) -> usize {
        self.orig.partition_point(|&(s, _)| s < orig_pos)
    }

    /// Byte offset in `self.text` of normalised character `i` (the text length past the end).
    pub fn byte_of(&self, i: usize) -> usize {
        self.byte_starts.get(i).copied().unwrap_or(self.text.len())
    }
}

/// The normalised form of a short string, without the map (for word lists and keys).
pub fn normalize(s: &str) -> String {
    Normalized::new(s).text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str, start: usize, end: usize) -> String {
        s.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn arabic_rules() {
        assert_eq!(normalize("أَحْمَدُ"), "احمد");
        assert_eq!(normalize("إسلام آمن ٱلله"), "اسلام امن الله");
        assert_eq!(
            normalize("مسؤول رئيس هيئة مستشفى"),
            "مسوول رييس هييه مستشفي"
        );
        assert_eq!(normalize("الجزائـــر"), "الجزاير");
        assert_eq!(normalize("١٧ مارس ٢٠١٦ و۲۰۱۲"), "17 مارس 2016 و2012");
        assert_eq!(normalize("ﻻ"), "لا");
        assert_eq!(normalize("کتاب یک"), "كتاب يك");
    }

    #[test]
    fn latin_rules() {
        assert_eq!(
            normalize("L’Algérie  a « encouragé » — Œuvre"),
            "l'algerie a \" encourage \" - œuvre"
        );
        assert_eq!(normalize("ÉTÉ\u{00A0}\u{200F}x"), "ete x");
    }

    #[test]
    fn spans_cover_the_original() {
        let orig = "تَفَاهُماً شديد";
        let n = Normalized::new(orig);
        assert_eq!(n.text, "تفاهما شديد");
        // "تفاهما" maps back to the whole vocalised word, marks included.
        assert_eq!(n.to_original(0, 6), (0, 10));
        assert_eq!(chars(orig, 0, 10), "تَفَاهُماً");
        let orig = "a \t\n b";
        let n = Normalized::new(orig);
        assert_eq!(n.text, "a\nb");
        assert_eq!(n.to_original(1, 2), (1, 5));
    }

    proptest! {
        #[test]
        fn every_span_maps_back_inside_and_round_trips(s in "\\PC{0,60}", a in 0usize..80, b in 0usize..80) {
            let n = Normalized::new(&s);
            let len = s.chars().count();
            let (start, end) = (a.min(b), a.max(b));
            let (os, oe) = n.to_original(start, end);
            prop_assert!(os <= oe && oe <= len);
            // Round trip: normalising the original span gives back the normalised span (whole,
            // or inside the expansion of a character such as ¼ -> 1⁄4 that the span cuts).
            if start < end && end <= n.len() {
                let back = normalize(&chars(&s, os, oe));
                let want: String = n.text.chars().skip(start).take(end - start).collect();
                prop_assert!(back.contains(want.trim()), "{:?} not in {:?}", want, back);
                let (ns, ne) = (n.from_original(os), n.from_original(oe));
                let whole: String = n.text.chars().skip(ns).take(ne - ns).collect();
                prop_assert_eq!(back.trim(), whole.trim());
            }
            // Positions are monotonic.
            for i in 1..n.len() {
                prop_assert!(n.to_original(i - 1, i).0 <= n.to_original(i, i + 1).0);
            }
        }
    }
}
