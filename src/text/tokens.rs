//! Tokens and light stems for matching.
//!
//! Tokens are runs of letters and digits in the normalised text (digits joined across `.` and `,`
//! between digits: `2.3`, `50,000`), each with its span in the original. French elided articles
//! (`l'`, `d'`, `qu'`...) are split off. Stems: Snowball (rust-stemmers) for French and English; for
//! Arabic a light stemmer in the manner of Larkey's light10 (conjunction and preposition prefixes with
//! the article, then plural, dual, feminine and pronoun suffixes), keeping at least two letters.
//! Stopwords come from `data/stopwords/`.

use super::normalize::Normalized;
use crate::text::FastChar;
use std::collections::HashSet;
use std::sync::OnceLock;

/// A token: its normalised surface, its stem, and its original character span.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub norm: String,
    pub stem: String,
    pub start: usize,
    pub end: usize,
    pub stop: bool,
    pub arabic: bool,
    pub numeric: bool,
}

fn load_list(data: &str) -> HashSet<String> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(super::normalize::normalize)
        .collect()
}

/// The stopwords of a language (`ar`, `fr`, `en`), normalised.
pub fn stopwords(lang: &str) -> &'static HashSet<String> {
    static AR: OnceLock<HashSet<String>> = OnceLock::new();
    static FR: OnceLock<HashSet<String>> = OnceLock::new();
    static EN: OnceLock<HashSet<String>> = OnceLock::new();
    match lang {
        "ar" => AR.get_or_init(|| load_list(include_str!("../../data/stopwords/ar.txt"))),
        "fr" => FR.get_or_init(|| load_list(include_str!("../../data/stopwords/fr.txt"))),
        _ => EN.get_or_init(|| load_list(include_str!("../../data/stopwords/en.txt"))),
    }
}

/// True for a letter of the Arabic script.
pub fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06FF}').contains(&c)
}

/// Arabic light stem of a normalised word.
pub fn arabic_stem(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut s: &[char] = &chars;
    let mut had_prefix = false;
    for p in crate::text::lists::list("arabic_prefixes") {
        let pc: Vec<char> = p.chars().collect();
        if s.len() >= pc.len() + 2 && s.starts_with(&pc) {
            s = &s[pc.len()..];
            had_prefix = true;
            break;
        }
    }
    if !had_prefix && s.len() >= 4 && (s[0] == 'و' || s[0] == 'ف') {
        s = &s[1..];
    }
    for suf in crate::text::lists::list("arabic_suffixes") {
        let sc: Vec<char> = suf.chars().collect();
        if s.len() >= sc.len() + 2 && s.ends_with(&sc) {
            s = &s[..s.len() - sc.len()];
            break;
        }
    }
    s.iter().collect()
}

pub(crate) fn stemmer(lang: &str) -> &'static rust_stemmers::Stemmer {
    static FR: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    static EN: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    match lang {
        "fr" => FR.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French)),
        _ => EN.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)),
    }
}

/// Tokenises a normalised text. `lang` picks the stemmer and stopwords for Latin-script words;
/// Arabic-script words always use the Arabic ones.
pub fn tokenize(n: &Normalized, lang: &str) -> Vec<Token> {
    let chars: Vec<char> = n.text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_word() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_word()
                || ((chars[i] == '.' || chars[i] == ',')
                    && i + 1 < chars.len()
                    && chars[i + 1].is_ascii_digit()
                    && i > start
                    && chars[i - 1].is_ascii_digit()))
        {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        // French elision: "l'algerie" -> "l" (dropped as a stopword) + "algerie".
        let arabic = word.chars().any(is_arabic_letter);
        let numeric = word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        let (stem, stop) = if numeric {
            (word.replace(',', ""), false)
        } else if arabic {
            let stop = stopwords("ar").contains(&word);
            (arabic_stem(&word), stop)
        } else {
            let l = if lang == "fr" || lang == "en" {
                lang
            } else {
                "en"
            };
            let stop = stopwords(l).contains(&word)
                || (l == "fr"
                    && crate::text::lists::list("french_elisions").contains(&word.as_str()));
            (stemmer(l).stem(&word).into_owned(), stop)
        };
        let (os, oe) = n.to_original(start, i);
        out.push(Token {
            norm: word,
            stem,
            start: os,
            end: oe,
            stop,
            arabic,
            numeric,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_light_stems() {
        assert_eq!(arabic_stem("والمغرب"), "مغرب");
        assert_eq!(arabic_stem("الجزايريه"), "جزاير");
        assert_eq!(arabic_stem("للولايات"), "ولاي");
        assert_eq!(arabic_stem("مسوولون"), "مسوول");
        assert_eq!(arabic_stem("في"), "في");
    }

    #[test]
    fn tokens_with_spans() {
        let text = "L’Algérie aurait versé 50,000 dollars, soit 2.3 millions.";
        let n = Normalized::new(text);
        let toks = tokenize(&n, "fr");
        let words: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            words,
            ["l", "algerie", "aurait", "verse", "50,000", "dollars", "soit", "2.3", "millions"]
        );
        assert!(toks[0].stop);
        let alg = &toks[1];
        assert_eq!(
            text.chars()
                .skip(alg.start)
                .take(alg.end - alg.start)
                .collect::<String>(),
            "Algérie"
        );
        assert_eq!(toks[4].stem, "50000");
        assert_eq!(toks[3].stem, "vers");
    }
}
