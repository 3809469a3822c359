//! Text helpers for `eval`: white-space folding with a map back to the original characters,
//! quote occurrences as character spans, span overlap, and the value normalisation used for cue
//! values and external source names.
//!
//! Invariant: every span returned here is a pair of character offsets (Unicode scalar values, end
//! exclusive) into the *original* text, never into the folded one.

/// A character span `[start, end)` in a document's stored text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// First character (0-based).
    pub start: i64,
    /// One past the last character.
    pub end: i64,
}

impl Span {
    /// True when the two spans share at least one character: `a.start < b.end && b.start <
    /// a.end` for non-empty spans. Touching spans do not overlap, nor does an empty span.
    pub fn overlaps(self, other: Span) -> bool {
        self.start.max(other.start) < self.end.min(other.end)
    }
}

/// A text with every run of white space folded to one space, and the way back.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    text: String,
    /// Byte offset in `text` of each folded character (for turning `str::find` results into
    /// character indices).
    byte_starts: Vec<usize>,
    /// Original character index of each folded character; a folded space points at the first
    /// white-space character of its run.
    orig: Vec<usize>,
}

impl Folded {
    /// Folds `original`: each maximal run of Unicode white space becomes one `' '`.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut byte_starts = Vec::new();
        let mut orig = Vec::new();
        let mut in_space = false;
        for (i, c) in original.chars().enumerate() {
            if c.is_whitespace() {
                if in_space {
                    continue;
                }
                in_space = true;
                byte_starts.push(text.len());
                orig.push(i);
                text.push(' ');
            } else {
                in_space = false;
                byte_starts.push(text.len());
                orig.push(i);
                text.push(c);
            }
        }
        Folded {
            text,
            byte_starts,
            orig,
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The spans, in the original text, of the non-overlapping occurrences of `needle` (already
    /// folded) in the folded text, left to right. An empty needle occurs nowhere.
    pub fn occurrences(&self, needle: &str) -> Vec<Span> {
        if needle.is_empty() {
            return Vec::new();
        }
        let needle_chars = needle.chars().count();
        self.text
            .match_indices(needle)
            .filter_map(|(byte, _)| {
                let first = self.byte_starts.binary_search(&byte).ok()?;
                let last = first + needle_chars - 1;
                let start = *self.orig.get(first)?;
                let end = *self.orig.get(last)? + 1;
                Some(Span {
                    start: start as i64,
                    end: end as i64,
                })
            })
            .collect()
    }
}

/// Folds every run of Unicode white space in `s` to one space (nothing else changes).
pub fn fold_whitespace(s: &str) -> String {
    Folded::new(s).text
}

/// Normalises a value for comparison (cue values, external source keys, labels and names):
/// lower case; Arabic harakat (U+064B..=U+0652, U+0670) and tatweel (U+0640) removed; alef forms
/// (أ إ آ ٱ) unified to ا, ى to ي, ة to ه; white-space runs folded to one space; trimmed.
pub fn normalise_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    fold_whitespace(out.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: i64, end: i64) -> Span {
        Span { start, end }
    }

    #[test]
    fn overlap_needs_one_shared_character() {
        assert!(span(0, 5).overlaps(span(4, 9)));
        assert!(span(4, 9).overlaps(span(0, 5)));
        assert!(!span(0, 5).overlaps(span(5, 9)), "touching spans");
        assert!(!span(5, 9).overlaps(span(0, 5)), "touching spans");
        assert!(span(2, 3).overlaps(span(0, 10)), "inside");
        assert!(!span(3, 3).overlaps(span(0, 10)), "empty span");
    }

    #[test]
    fn folding_maps_back_to_original_characters() {
        let f = Folded::new("a \t\n b  c");
        assert_eq!(f.as_str(), "a b c");
        assert_eq!(f.orig, vec![0, 1, 5, 6, 8]);
        // "b c" starts at original 5 and ends after original 8.
        assert_eq!(f.occurrences("b c"), vec![span(5, 9)]);
        // A quote ending in white space ends after the first character of the run.
        assert_eq!(f.occurrences("a "), vec![span(0, 2)]);
    }

    #[test]
    fn folding_handles_unicode_white_space_and_multibyte_text() {
        // NO-BREAK SPACE and IDEOGRAPHIC SPACE are white space; Arabic letters are 2 bytes each.
        let text = "قال\u{00A0}\u{3000}مصدر أمني";
        let f = Folded::new(text);
        assert_eq!(f.as_str(), "قال مصدر أمني");
        let spans = f.occurrences(&fold_whitespace("مصدر\n أمني"));
        assert_eq!(spans, vec![span(5, 14)]);
        let chars: Vec<char> = text.chars().collect();
        let got: String = chars[5..14].iter().collect();
        assert_eq!(got, "مصدر أمني");
    }

    #[test]
    fn occurrences_are_non_overlapping_left_to_right() {
        let f = Folded::new("aaaa");
        assert_eq!(f.occurrences("aa"), vec![span(0, 2), span(2, 4)]);
        let f = Folded::new("x ab  x\tab");
        assert_eq!(f.occurrences("ab"), vec![span(2, 4), span(8, 10)]);
        assert!(f.occurrences("zz").is_empty());
        assert!(f.occurrences("").is_empty());
    }

    #[test]
    fn every_occurrence_maps_to_the_same_text_modulo_white_space() {
        let text = "  Le  12\tavril\n\n2012, le 12 avril 2012 ";
        let f = Folded::new(text);
        let chars: Vec<char> = text.chars().collect();
        let spans = f.occurrences("12 avril 2012");
        assert_eq!(spans.len(), 2);
        for s in spans {
            let original: String = chars[s.start as usize..s.end as usize].iter().collect();
            assert_eq!(fold_whitespace(&original), "12 avril 2012");
        }
    }

    #[test]
    fn value_normalisation() {
        assert_eq!(normalise_value(" 09ALGIERS948 "), "09algiers948");
        assert_eq!(normalise_value("Zamane.MA"), "zamane.ma");
        // harakat, tatweel and alef/yeh/teh marbuta forms
        assert_eq!(normalise_value("المُحـــوَر"), "المحور");
        assert_eq!(normalise_value("أإآٱ ى ة"), "اااا ي ه");
        assert_eq!(normalise_value("a \n\t b"), "a b");
    }
}
