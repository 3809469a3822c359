//! Bilingual lexicon: Arabic, French and English words mapped to shared concepts.
//!
//! A concept is an English Snowball stem (`attack`, `hostag`, `secret`). Every content word of a
//! claim gets a set of concepts: an English word its own stem; an Arabic or French word the stems of
//! its English glosses, from the vendored dictionaries in `data/lexicon/` (FreeDict ara-eng, eng-ara,
//! fra-eng and eng-fra, converted by `tools/convert_freedict.py`; and `news_glossary.tsv`, written for
//! claimtrail, with the verb forms and news terms FreeDict lacks). Same-language words also match on
//! their own stem. Arabic keys are light stems of normalised words; an imperfect verb that misses is
//! tried again without its person prefix (يختطف -> ختطف) and with that prefix replaced by alef
//! (يستهدف -> استهدف, the perfect of form X). Broken plurals are reached only when a dictionary
//! lists them. Lookups are exact on stems: no fuzzy match inside the lexicon, so a miss costs
//! recall, not precision.

use crate::text::normalize::normalize;
use crate::text::tokens::{arabic_stem, stemmer, stopwords};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Interned concepts and the lexicon's word -> concepts maps.
pub struct Lexicon {
    names: Vec<String>,
    ids: HashMap<String, u32>,
    /// Arabic light stem -> concepts.
    ar: HashMap<String, Vec<u32>>,
    /// Arabic Snowball stem -> concepts (the fallback when the light stem misses).
    ar_snowball: HashMap<String, Vec<u32>>,
    /// French Snowball stem of the accent-folded word -> concepts.
    fr: HashMap<String, Vec<u32>>,
    /// English word stems seen in any gloss (to tell a French cognate that is an English word).
    en_known: std::collections::HashSet<u32>,
}

const AR_EN: &str = include_str!("../../data/lexicon/ar-en.tsv");
const FR_EN: &str = include_str!("../../data/lexicon/fr-en.tsv");
const GLOSSARY: &str = include_str!("../../data/lexicon/news_glossary.tsv");

/// The Snowball Arabic stem of a normalised word.
fn snowball_ar(word: &str) -> String {
    static S: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    S.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic))
        .stem(word)
        .into_owned()
}

/// Most glosses a word keeps (the dictionaries list the common senses first).
const MAX_GLOSSES: usize = 5;

impl Lexicon {
    /// The lexicon, built once from the embedded data.
    pub fn get() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(Lexicon::build)
    }

    fn build() -> Lexicon {
        let mut lex = Lexicon {
            names: Vec::new(),
            ids: HashMap::new(),
            ar: HashMap::new(),
            ar_snowball: HashMap::new(),
            fr: HashMap::new(),
            en_known: Default::default(),
        };
        for (data, lang) in [(AR_EN, "ar"), (FR_EN, "fr")] {
            for line in data.lines() {
                if line.starts_with('#') {
                    continue;
                }
                let Some((word, glosses)) = line.split_once('\t') else {
                    continue;
                };
                let concepts = lex.gloss_concepts(glosses.split('|').take(MAX_GLOSSES));
                lex.add(lang, word, &concepts);
            }
        }
        for line in GLOSSARY.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(en), Some(ar), Some(fr)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let concepts = lex.gloss_concepts(std::iter::once(en));
            for w in ar.split('|') {
                lex.add("ar", w, &concepts);
            }
            for w in fr.split('|') {
                lex.add("fr", w, &concepts);
            }
        }
        lex
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    /// Concepts of English glosses: the stem of each content word.
    fn gloss_concepts<'a>(&mut self, glosses: impl Iterator<Item = &'a str>) -> Vec<u32> {
        let stop = stopwords("en");
        let mut out = Vec::new();
        for g in glosses {
            let norm = normalize(g);
            for w in norm.split(|c: char| !c.is_alphanumeric()) {
                if w.len() < 2 || stop.contains(w) {
                    continue;
                }
                let stem = stemmer("en").stem(w).into_owned();
                let id = self.intern(&stem);
                self.en_known.insert(id);
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    fn add(&mut self, lang: &str, word: &str, concepts: &[u32]) {
        let word = word.trim();
        if word.is_empty() || word.contains(' ') || concepts.is_empty() {
            return;
        }
        let key = match lang {
            "ar" => arabic_stem(&normalize(word)),
            _ => stemmer("fr").stem(&normalize(word)).into_owned(),
        };
        if lang == "ar" {
            let e = self
                .ar_snowball
                .entry(snowball_ar(&normalize(word)))
                .or_default();
            for &c in concepts {
                if !e.contains(&c) && e.len() < 24 {
                    e.push(c);
                }
            }
        }
        let map = if lang == "ar" {
            &mut self.ar
        } else {
            &mut self.fr
        };
        let e = map.entry(key).or_default();
        for &c in concepts {
            if !e.contains(&c) && e.len() < 24 {
                e.push(c);
            }
        }
    }

    /// The concept of an English stem (interned on the fly for words the lexicon never saw).
    pub fn concept_id(&self, en_stem: &str) -> Option<u32> {
        self.ids.get(en_stem).copied()
    }

    /// The English stem a concept stands for.
    pub fn concept_name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// Concepts of an Arabic word given its light stem and its normalised surface.
    pub fn arabic(&self, stem: &str, norm: &str) -> &[u32] {
        if let Some(c) = self.ar.get(stem) {
            return c;
        }
        // An accusative indefinite noun keeps the alef of its tanwin once the mark is dropped:
        // تفاهماً -> تفاهما -> تفاهم.
        if let Some(bare) = stem.strip_suffix('ا').filter(|b| b.chars().count() >= 3) {
            if let Some(c) = self.ar.get(bare) {
                return c;
            }
        }
        // Imperfect verbs: يستهدف, تعتبر, نعلن -> try without the person prefix.
        let chars: Vec<char> = norm.chars().collect();
        if chars.len() >= 5 && matches!(chars[0], 'ي' | 'ت' | 'ن') {
            let rest: String = chars[1..].iter().collect();
            if let Some(c) = self.ar.get(&arabic_stem(&rest)) {
                return c;
            }
            // Form X imperfect (يستهدف) -> perfect (استهدف).
            let alef: String = std::iter::once('ا')
                .chain(chars[1..].iter().copied())
                .collect();
            if let Some(c) = self.ar.get(&arabic_stem(&alef)) {
                return c;
            }
        }
        // A proclitic the light stemmer keeps: ب ل ك س after an optional و or ف, then an optional
        // ال (وبالاتفاق, للحكومة, سيعلن), taken off only when the rest is in the lexicon.
        let mut rest: &[char] = &chars;
        if rest.len() > 4 && matches!(rest[0], 'و' | 'ف') {
            rest = &rest[1..];
        }
        if rest.len() > 3 && matches!(rest[0], 'ب' | 'ل' | 'ك' | 'س') {
            rest = &rest[1..];
            if rest.len() > 4 && rest[0] == 'ا' && rest[1] == 'ل' {
                rest = &rest[2..];
            }
            if rest.len() >= 3 {
                let r: String = rest.iter().collect();
                if let Some(c) = self.ar.get(&arabic_stem(&r)).or_else(|| self.ar.get(&r)) {
                    return c;
                }
            }
        }
        // Last, the Snowball Arabic stems of both sides.
        if chars.len() >= 3 {
            if let Some(c) = self.ar_snowball.get(&snowball_ar(norm)) {
                return c;
            }
        }
        &[]
    }

    /// Share of the content words (not stopwords, two letters or more) of Arabic and French texts
    /// that have at least one concept: (Arabic share, French share).
    pub fn coverage(texts: &[(&str, &str)]) -> (f64, f64) {
        let lex = Lexicon::get();
        let (mut ar, mut ar_hit, mut fr, mut fr_hit) = (0usize, 0usize, 0usize, 0usize);
        for (text, lang) in texts {
            let norm = crate::text::normalize::Normalized::new(text);
            for t in crate::text::tokens::tokenize(&norm, lang) {
                if t.stop || t.numeric || t.norm.chars().count() < 2 {
                    continue;
                }
                if t.arabic {
                    ar += 1;
                    ar_hit += usize::from(!lex.arabic(&t.stem, &t.norm).is_empty());
                } else if *lang == "fr" {
                    fr += 1;
                    fr_hit += usize::from(!lex.french(&t.stem).is_empty());
                }
            }
        }
        (
            ar_hit as f64 / ar.max(1) as f64,
            fr_hit as f64 / fr.max(1) as f64,
        )
    }

    /// Concepts of a French word given its Snowball stem.
    pub fn french(&self, stem: &str) -> &[u32] {
        self.fr.get(stem).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when an English stem appears in the lexicon's glosses (used to accept a French word's
    /// English-stemmed form as a cognate only when English has that word).
    pub fn is_english(&self, id: u32) -> bool {
        self.en_known.contains(&id)
    }
}
