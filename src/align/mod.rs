//! Claim alignment across versions and languages, offline, with the reasons of every match.
//!
//! Steps:
//! 1. [`features`]: each claim becomes content words (each with concepts from the bilingual
//!    [`lexicon`], its own language-tagged stem, and an IDF weight), anchors (numbers, dates,
//!    names by their cross-script key, cable and document ids, URLs) from the text layer's items,
//!    and a sentence vector from the multilingual [`encoder`] (cached by the pipeline).
//! 2. Candidates: every pair of documents in a small corpus; in a large one the pairs whose claims
//!    share rare keys in an inverted index (concepts, stems, anchors).
//! 3. [`score_pair`]: the lexical score (words matched one to one by stem, shared concept,
//!    transliteration or cognate; shared anchors; a length prior) and the vectors' cosine give a
//!    calibrated probability that both claims say the same thing ([`Params::probability`]).
//! 4. Assignment per document pair: one to one by decreasing probability, 1-2 and 2-1 merges, a
//!    second partner only at [`Params::extra`]; then the story gate (a distinctive shared anchor, or
//!    several close pairs).
//!
//! The encoder decides whether two claims match; the lexicon, the anchors and the cosine say why:
//! every pair carries its explanation (probability, cosine, lexical components, anchors, translated
//! word pairs), stored as JSON in `alignments.detail`.

pub mod encoder;
pub mod lexicon;

pub use crate::model::results::{
    Alignment, ClaimInput, DocInput, Explanation, ExplanationComponents, ExplanationWeights,
    ItemInput, MergedExplanation, SharedAnchor, WordPair,
};
use crate::text::normalize::Normalized;
use crate::text::tokens::{stemmer, tokenize};
use lexicon::Lexicon;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Version of the align stage: a change of method or defaults redoes every alignment.
pub const ALIGN_VERSION: i64 = 3;

/// Named thresholds and weights. The thresholds apply to the calibrated probability that two
/// claims say the same thing (`calibration`, fitted on the dev split of the real-page corpus with
/// `claimtrail-bench real fit`; the thresholds were chosen there too).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Probability a pair needs to be reported.
    pub min_score: f64,
    /// Probability the best pair of two documents needs when it is the only pair between them.
    pub single: f64,
    /// Weight of the lexical component (share of words with a counterpart) in the lexical score.
    pub w_lexical: f64,
    /// Weight of the anchors component (numbers, dates, names, ids shared).
    pub w_anchors: f64,
    /// Weight of the length prior.
    pub w_length: f64,
    /// Logistic calibration of P(same claim): intercept, then the weights of the sentence
    /// vectors' cosine, of the lexical score, of the two claims being in different languages
    /// (translations have lower cosines than same-language retellings), and of the margin (the
    /// cosine minus the best cosine either claim has with another claim of the other page: a
    /// neighbouring sentence that fits almost as well makes a pair doubtful).
    #[serde(default = "default_calibration")]
    pub calibration: [f64; 5],
    /// Probability above which a claim may keep a second partner in the same page (a page that
    /// states one fact twice, in its headline and its body).
    #[serde(default = "default_extra")]
    pub extra: f64,
    /// Cosine below which a pair is not scored unless the lexical index proposed it.
    #[serde(default = "default_cos_floor")]
    pub cos_floor: f64,
    /// Probability an aligned pair needs before the diverge stage compares its two claims.
    #[serde(default = "default_diverge_min")]
    pub diverge_min: f64,
}

/// Below 0.8 the two claims of a pair are too often not about the same fact (real-page dev split).
fn default_diverge_min() -> f64 {
    0.8
}

fn default_calibration() -> [f64; 5] {
    [-8.11, 8.22, 6.45, 2.64, 0.0]
}

fn default_extra() -> f64 {
    0.8
}

fn default_cos_floor() -> f64 {
    0.3
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_score: 0.4,
            single: 0.8,
            w_lexical: 0.65,
            w_anchors: 0.25,
            w_length: 0.10,
            calibration: default_calibration(),
            cos_floor: default_cos_floor(),
            extra: default_extra(),
            diverge_min: default_diverge_min(),
        }
    }
}

impl Params {
    /// P(same claim) from the cosine of the two sentence vectors, the lexical score, whether the
    /// claims are in different languages, and the margin over the next best partner.
    pub fn probability(&self, cos: f64, lexical: f64, cross_language: bool, margin: f64) -> f64 {
        let [b0, b1, b2, b3, b4] = self.calibration;
        let z = b0 + b1 * cos + b2 * lexical + if cross_language { b3 } else { 0.0 } + b4 * margin;
        1.0 / (1.0 + (-z).exp())
    }
}

/// The claims the align stage compares: body sentences and headings.
pub fn aligned_role(role: &str) -> bool {
    role == "body" || role == "heading"
}

/// A content word of a claim, with what it can match.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    /// Span in the document's characters.
    pub start: usize,
    pub end: usize,
    /// Consonant skeleton for matching names across scripts (empty for lower-case Latin words).
    key: String,
    /// Normalised surface (accents folded), for cognates.
    folded: String,
    own: String,
    concepts: Vec<u32>,
    latin: bool,
    pub weight: f64,
    /// Words of the name this word belongs to (1 outside names): a name counts as one unit.
    name_words: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
enum AnchorKind {
    Number,
    Date,
    Name,
    Id,
}

impl AnchorKind {
    fn name(&self) -> &'static str {
        match self {
            AnchorKind::Number => "number",
            AnchorKind::Date => "date",
            AnchorKind::Name => "name",
            AnchorKind::Id => "id",
        }
    }
}

#[derive(Debug, Clone)]
struct Anchor {
    kind: AnchorKind,
    /// The item's type: person, place, org; day, month, year; count...
    sub: String,
    value: String,
    text: String,
    /// For names: the share of the document's claims that carry the same key.
    spread: f64,
}

/// A claim ready for matching.
#[derive(Debug, Clone)]
pub struct ClaimFeatures {
    pub id: String,
    pub doc: i64,
    pub ordinal: i64,
    pub start: usize,
    pub end: usize,
    pub lang: String,
    pub words: Vec<Word>,
    anchors: Vec<Anchor>,
    outlet: Option<String>,
    /// The claim's normalised text.
    norm: String,
    /// The claim's sentence vector (unit length).
    pub vector: Option<std::sync::Arc<[f32]>>,
}

/// Figures of one alignment run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AlignStats {
    pub claims: usize,
    pub cross_document_pairs: u64,
    pub pairs_scored: u64,
    pub pairs_above_threshold: usize,
    pub aligned: usize,
}

fn word_lang(latin: bool, doc_lang: &str) -> &str {
    if !latin {
        "ar"
    } else if doc_lang == "fr" {
        "fr"
    } else {
        "en"
    }
}

/// Builds the features of every claim of the documents (body and heading claims only).
///
/// A claim without a sentence vector gets one from the encoder here (the pipeline passes the cached
/// ones); if the encoder cannot load, claims keep none and only the lexical score counts.
pub fn features(docs: &[DocInput]) -> Vec<ClaimFeatures> {
    features_with(docs, true)
}

/// [`features`]; `encode` false leaves the claims without a vector their input lacks (for the
/// words of a phrase: running the sentence encoder for them cost most of the in-page checks).
fn features_with(docs: &[DocInput], encode: bool) -> Vec<ClaimFeatures> {
    let lex = Lexicon::get();
    let mut out = Vec::new();
    let mut missing: Vec<(usize, String)> = Vec::new();
    for doc in docs {
        let claims: Vec<&ClaimInput> = doc
            .claims
            .iter()
            .filter(|c| aligned_role(&c.role))
            .collect();
        // Name keys per claim, for the spread of each name over the page.
        let mut name_claims: HashMap<String, HashSet<&str>> = HashMap::new();
        for it in &doc.items {
            if let (Some(k), Some(c)) = (&it.key, &it.claim_id) {
                if it.category == "name" && !k.is_empty() {
                    name_claims.entry(k.clone()).or_default().insert(c.as_str());
                }
            }
        }
        let mut by_claim: HashMap<&str, Vec<&ItemInput>> = HashMap::new();
        for it in &doc.items {
            if let Some(c) = &it.claim_id {
                by_claim.entry(c.as_str()).or_default().push(it);
            }
        }
        let n_claims = claims.len().max(1) as f64;
        for c in claims {
            let items = by_claim.get(c.id.as_str()).cloned().unwrap_or_default();
            let norm = Normalized::new(&c.text);
            let chars: Vec<char> = c.text.chars().collect();
            let name_spans: Vec<(usize, usize)> = items
                .iter()
                .filter(|i| i.category == "name")
                .map(|i| (i.start, i.end))
                .collect();
            let toks = tokenize(&norm, &doc.lang);
            let in_name =
                |s: usize, e: usize| name_spans.iter().position(|&(ns, ne)| s < ne && ns < e);
            let mut per_name: HashMap<usize, usize> = HashMap::new();
            for t in &toks {
                if t.stop || t.numeric || t.norm.chars().count() < 2 {
                    continue;
                }
                if let Some(k) = in_name(c.start + t.start, c.start + t.end) {
                    *per_name.entry(k).or_default() += 1;
                }
            }
            let mut words = Vec::new();
            for t in toks {
                if t.stop || t.numeric || t.norm.chars().count() < 2 {
                    continue;
                }
                let name_words = in_name(c.start + t.start, c.start + t.end)
                    .and_then(|k| per_name.get(&k).copied())
                    .unwrap_or(1)
                    .max(1);
                let latin = !t.arabic;
                let lang = word_lang(latin, &doc.lang);
                let concepts: Vec<u32> = match lang {
                    "ar" => lex.arabic(&t.stem, &t.norm).to_vec(),
                    "fr" => {
                        let mut v = lex.french(&t.stem).to_vec();
                        // A French word spelled as an English one (opérations, secret, site).
                        let en = stemmer("en").stem(&t.norm);
                        if let Some(id) = lex.concept_id(&en) {
                            if lex.is_english(id) && !v.contains(&id) {
                                v.push(id);
                            }
                        }
                        v
                    }
                    _ => lex.concept_id(&t.stem).into_iter().collect(),
                };
                let text = crate::text::extract::slice_chars(&chars, t.start, t.end);
                // Transliteration key: Arabic words, and Latin words written with a capital.
                let key = if !latin || text.chars().next().is_some_and(char::is_uppercase) {
                    crate::text::extract::names::name_key(&text)
                } else {
                    String::new()
                };
                words.push(Word {
                    folded: crate::text::normalize(&text),
                    text,
                    start: c.start + t.start,
                    end: c.start + t.end,
                    key,
                    own: format!("{lang}:{}", t.stem),
                    concepts,
                    latin,
                    weight: 1.0,
                    name_words,
                });
            }
            let mut anchors = Vec::new();
            for it in items {
                let kind = match (it.category.as_str(), it.kind.as_str()) {
                    ("number", _) => AnchorKind::Number,
                    ("date", "weekday" | "time") => continue,
                    ("date", _) => AnchorKind::Date,
                    ("name", _) => AnchorKind::Name,
                    ("cue", "cable_id" | "document_id" | "source_url") => AnchorKind::Id,
                    _ => continue,
                };
                let value = if kind == AnchorKind::Name {
                    it.key.clone().unwrap_or_default()
                } else {
                    it.value.clone().unwrap_or_default()
                };
                if value.is_empty() {
                    continue;
                }
                let spread = if kind == AnchorKind::Name {
                    name_claims.get(&value).map(|s| s.len()).unwrap_or(1) as f64 / n_claims
                } else {
                    0.0
                };
                anchors.push(Anchor {
                    kind,
                    sub: it.kind.clone(),
                    value,
                    text: it.text.clone(),
                    spread,
                });
            }
            out.push(ClaimFeatures {
                id: c.id.clone(),
                doc: doc.id,
                ordinal: c.ordinal,
                start: c.start,
                end: c.end,
                lang: doc.lang.clone(),
                words,
                anchors,
                outlet: doc.outlet.clone(),
                norm: crate::text::normalize(&c.text),
                vector: c.vector.clone(),
            });
            if c.vector.is_none() {
                missing.push((out.len() - 1, c.text.clone()));
            }
        }
    }
    if encode && !missing.is_empty() {
        if let Ok(enc) = encoder::Encoder::get() {
            // Each distinct text once.
            let mut unique: Vec<&str> = missing.iter().map(|(_, t)| t.as_str()).collect();
            unique.sort_unstable();
            unique.dedup();
            let vectors = enc.encode_parallel(&unique);
            let by_text: HashMap<&str, std::sync::Arc<[f32]>> = unique
                .iter()
                .zip(vectors)
                .map(|(t, v)| (*t, std::sync::Arc::from(v)))
                .collect();
            for (k, t) in &missing {
                out[*k].vector = by_text.get(t.as_str()).cloned();
            }
        }
    }
    set_weights(&mut out);
    out
}

impl ClaimFeatures {
    /// True when both claims (merged halves included) have the same normalised text: a verbatim
    /// copy.
    pub fn same_text(&self, other: &ClaimFeatures) -> bool {
        self.norm == other.norm
    }
}

/// Cosine of two claims' sentence vectors (0 when either has none).
pub fn cosine(a: &ClaimFeatures, b: &ClaimFeatures) -> f64 {
    match (&a.vector, &b.vector) {
        (Some(x), Some(y)) => encoder::cosine(x, y) as f64,
        _ => 0.0,
    }
}

/// IDF weights of words from their stems' document frequency over the claims of their language.
fn set_weights(claims: &mut [ClaimFeatures]) {
    let mut df: HashMap<&str, usize> = HashMap::new();
    let mut per_lang: HashMap<&str, usize> = HashMap::new();
    let owned: Vec<(Vec<String>, String)> = claims
        .iter()
        .map(|c| {
            let mut s: Vec<String> = c.words.iter().map(|w| w.own.clone()).collect();
            s.sort();
            s.dedup();
            (s, c.lang.clone())
        })
        .collect();
    for (stems, lang) in &owned {
        *per_lang.entry(lang.as_str()).or_default() += 1;
        for s in stems {
            *df.entry(s.as_str()).or_default() += 1;
        }
    }
    let weights: Vec<Vec<f64>> = claims
        .iter()
        .map(|c| {
            let n = *per_lang.get(c.lang.as_str()).unwrap_or(&1) as f64;
            c.words
                .iter()
                .map(|w| {
                    let d = *df.get(w.own.as_str()).unwrap_or(&1) as f64;
                    // Smoothed IDF, floored so that common content words still count a little;
                    // the words of one name share one unit.
                    ((n + 1.0) / d).ln().clamp(0.4, 3.0) / w.name_words as f64
                })
                .collect()
        })
        .collect();
    for (c, ws) in claims.iter_mut().zip(weights) {
        for (w, x) in c.words.iter_mut().zip(ws) {
            w.weight = x;
        }
    }
}

/// How two words matched.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Via {
    Stem,
    Lexicon(u32),
    Transliteration,
    Cognate,
}

impl Via {
    fn describe(self, a: &Word) -> String {
        match self {
            Via::Stem => "same stem".to_string(),
            Via::Lexicon(c) => format!("lexicon: {}", Lexicon::get().concept_name(c)),
            Via::Transliteration => format!("transliteration: {}", a.key),
            Via::Cognate => "cognate".to_string(),
        }
    }
}

/// How two words match, if they do.
fn word_match(a: &Word, b: &Word) -> Option<(f64, Via)> {
    if a.own == b.own {
        return Some((1.0, Via::Stem));
    }
    if let Some(c) = a.concepts.iter().find(|c| b.concepts.contains(c)) {
        // Within one language a shared gloss is a loose synonym; across languages it is the
        // translation itself.
        let q = if a.own[..2] == b.own[..2] { 0.5 } else { 1.0 };
        return Some((q, Via::Lexicon(*c)));
    }
    if a.latin != b.latin
        && a.key.len() >= 4
        && b.key.len() >= 4
        && (a.key == b.key || strsim::jaro_winkler(&a.key, &b.key) >= 0.92)
    {
        return Some((0.9, Via::Transliteration));
    }
    if a.latin
        && b.latin
        && a.own[..2] != b.own[..2]
        && a.folded.len() >= 5
        && b.folded.len() >= 5
        && a.folded.chars().count() >= 5
        && b.folded.chars().count() >= 5
        && strsim::jaro_winkler(&a.folded, &b.folded) >= 0.9
    {
        return Some((0.8, Via::Cognate));
    }
    None
}

/// Two anchors are the same when their values agree: equal, a date that contains the other
/// (2012-04 and 2012-04-12), or names whose keys are close (Jaro-Winkler >= 0.88, keys of 3+ letters).
fn anchor_match(a: &Anchor, b: &Anchor) -> bool {
    if a.kind != b.kind {
        return false;
    }
    match a.kind {
        AnchorKind::Date => {
            a.value == b.value || a.value.starts_with(&b.value) || b.value.starts_with(&a.value)
        }
        AnchorKind::Name => {
            a.value.len() >= 3
                && b.value.len() >= 3
                && (a.value == b.value || strsim::jaro_winkler(&a.value, &b.value) >= 0.88)
                && first_names_agree(&a.text, &b.text)
        }
        _ => a.value == b.value,
    }
}

/// Two names of a first name and a surname each agree on the first name ("Bill Clinton" is not
/// "Hillary Clinton"); a name of one word, or of three or more (a title may lead: "President
/// Kais Saied"), agrees with any.
fn first_names_agree(x: &str, y: &str) -> bool {
    let first = |t: &str| {
        let w: Vec<&str> = t.split_whitespace().collect();
        (w.len() == 2)
            .then(|| crate::text::extract::names::name_key(w[0]))
            .filter(|k| k.len() >= 2)
    };
    match (first(x), first(y)) {
        (Some(u), Some(v)) => u == v || strsim::jaro_winkler(&u, &v) >= 0.85,
        _ => true,
    }
}

/// What a shared anchor is worth: ids most, then full dates and large numbers, then names of
/// people and organisations; places, bare years and small numbers little; a name that fills most
/// claims of its pages least (support, never proof).
fn anchor_weight(a: &Anchor, b: &Anchor) -> f64 {
    match a.kind {
        AnchorKind::Id => 2.0,
        AnchorKind::Date => {
            let v = if a.value.len() <= b.value.len() {
                &a.value
            } else {
                &b.value
            };
            // A relative date ("last Monday") resolved against the page date is weaker evidence.
            let relative = a.sub == "relative" || b.sub == "relative";
            let w: f64 = match v.len() {
                10 => 1.0,
                7 => 0.7,
                _ => 0.3,
            };
            if relative {
                w * 0.4
            } else {
                w
            }
        }
        AnchorKind::Number => {
            let big = a.value.trim_start_matches('0').len() >= 2;
            if big {
                0.8
            } else {
                0.3
            }
        }
        AnchorKind::Name => {
            let base = if a.sub == "place" && b.sub == "place" {
                0.25
            } else {
                0.6
            };
            base * (1.0 - 0.8 * a.spread.max(b.spread).min(1.0))
        }
    }
}

/// Matches words one to one, heaviest first: (index in a, index in b, quality, how).
pub fn match_words(a: &[Word], b: &[Word]) -> Vec<(usize, usize, f64, String)> {
    match_words_via(a, b)
        .into_iter()
        .map(|(i, j, q, v)| (i, j, q, v.describe(&a[i])))
        .collect()
}

fn match_words_via(a: &[Word], b: &[Word]) -> Vec<(usize, usize, f64, Via)> {
    let mut order: Vec<usize> = (0..a.len()).collect();
    order.sort_by(|&x, &y| a[y].weight.total_cmp(&a[x].weight));
    let mut used = vec![false; b.len()];
    let mut out = Vec::new();
    for i in order {
        let wa = &a[i];
        let mut best: Option<(usize, f64, Via)> = None;
        for (j, wb) in b.iter().enumerate() {
            if used[j] {
                continue;
            }
            if let Some((q, via)) = word_match(wa, wb) {
                if best.as_ref().map(|(_, bq, _)| q > *bq).unwrap_or(true) {
                    best = Some((j, q, via));
                    if q >= 1.0 {
                        break;
                    }
                }
            }
        }
        if let Some((j, q, via)) = best {
            used[j] = true;
            out.push((i, j, q, via));
        }
    }
    out
}

/// Content words of a phrase (a source's name, a quotation), for comparing two phrases.
pub fn phrase_words(text: &str, lang: &str) -> Vec<Word> {
    let doc = DocInput {
        id: 0,
        lang: lang.to_string(),
        outlet: None,
        claims: vec![ClaimInput {
            id: String::new(),
            doc: 0,
            ordinal: 0,
            start: 0,
            end: text.chars().count(),
            role: "body".into(),
            text: text.to_string(),
            vector: None,
        }],
        items: Vec::new(),
    };
    features_with(&[doc], false)
        .pop()
        .map(|c| c.words)
        .unwrap_or_default()
}

/// Word pairs a claim pair needs before its score counts in full.
pub const MIN_WORD_PAIRS: usize = 3;

/// Scores one pair and explains it.
/// Scores one pair and explains it: the calibrated probability that both claims say the same thing,
/// from their vectors' cosine and the lexical score, with the lexical evidence that explains it.
pub fn score_pair(a: &ClaimFeatures, b: &ClaimFeatures, p: &Params) -> (f64, Explanation) {
    let core = score_core(a, b, p);
    (core.prob, explain(&core, a, b, p))
}

/// The figures of one scored pair, before they are written out as an explanation.
struct Core {
    /// The lexical score (words, anchors, length).
    score: f64,
    /// Cosine of the sentence vectors.
    cos: f64,
    /// Calibrated probability of the same claim.
    prob: f64,
    lexical: f64,
    cov_a: f64,
    cov_b: f64,
    anchors: f64,
    length: f64,
    matches: Vec<(usize, usize, f64, Via)>,
    /// Shared anchors: (index in a, index in b, weight).
    shared: Vec<(usize, usize, f64)>,
}

fn score_core(a: &ClaimFeatures, b: &ClaimFeatures, p: &Params) -> Core {
    let matches = match_words_via(&a.words, &b.words);
    let mut matched_a = 0.0;
    let mut matched_b = 0.0;
    for (i, j, q, _) in &matches {
        matched_a += q * a.words[*i].weight;
        matched_b += q * b.words[*j].weight;
    }
    let mut shared = Vec::new();
    let mut anchor_mass: f64 = 0.0;
    let mut used_b = vec![false; b.anchors.len()];
    for (i, an) in a.anchors.iter().enumerate() {
        if let Some(j) =
            (0..b.anchors.len()).find(|&j| !used_b[j] && anchor_match(an, &b.anchors[j]))
        {
            used_b[j] = true;
            let w = anchor_weight(an, &b.anchors[j]);
            anchor_mass += w;
            shared.push((i, j, w));
        }
    }
    let total_a: f64 = a.words.iter().map(|w| w.weight).sum::<f64>();
    let total_b: f64 = b.words.iter().map(|w| w.weight).sum::<f64>();
    let cov_a = if total_a > 0.0 {
        matched_a / total_a
    } else {
        0.0
    };
    let cov_b = if total_b > 0.0 {
        matched_b / total_b
    } else {
        0.0
    };
    let lexical = 0.5 * (cov_a * cov_b).sqrt() + 0.5 * cov_a.max(cov_b);
    let anchors = 1.0 - (-anchor_mass).exp();
    let (na, nb) = (a.words.len() as f64, b.words.len() as f64);
    let ratio = if na.max(nb) > 0.0 {
        na.min(nb) / na.max(nb)
    } else {
        0.0
    };
    let length = (ratio * 2.0).min(1.0);
    let mut score = p.w_lexical * lexical + p.w_anchors * anchors + p.w_length * length;
    // Fewer than three words in common is no evidence of a shared claim, whatever the shares say.
    if matches.len() < MIN_WORD_PAIRS {
        score *= 0.5;
    }
    let cos = cosine(a, b);
    Core {
        score,
        cos,
        // Alone, a pair's competitors are unknown: its margin is taken over the cosine floor.
        prob: p.probability(cos, score, a.lang != b.lang, cos - p.cos_floor),
        lexical,
        cov_a,
        cov_b,
        anchors,
        length,
        matches,
        shared,
    }
}

fn explain(c: &Core, a: &ClaimFeatures, b: &ClaimFeatures, p: &Params) -> Explanation {
    let word_pairs = c
        .matches
        .iter()
        .map(|(i, j, _, via)| WordPair {
            a: a.words[*i].text.clone(),
            b: b.words[*j].text.clone(),
            via: via.describe(&a.words[*i]),
        })
        .collect();
    let shared_anchors = c
        .shared
        .iter()
        .map(|(i, j, w)| {
            let (an, bn) = (&a.anchors[*i], &b.anchors[*j]);
            SharedAnchor {
                kind: an.kind.name().to_string(),
                a: an.text.clone(),
                b: bn.text.clone(),
                value: an.value.clone(),
                weight: *w,
                relative: an.sub == "relative" || bn.sub == "relative",
                person: an.sub == "person" && bn.sub == "person",
            }
        })
        .collect();
    Explanation {
        score: round3(c.prob),
        probability: round3(c.prob),
        threshold: p.min_score,
        cosine: round3(c.cos),
        cross_language: a.lang != b.lang,
        lexical_score: round3(c.score),
        calibration: p.calibration,
        components: ExplanationComponents {
            lexical: round3(c.lexical),
            coverage_a: round3(c.cov_a),
            coverage_b: round3(c.cov_b),
            anchors: round3(c.anchors),
            length: round3(c.length),
        },
        weights: ExplanationWeights {
            lexical: p.w_lexical,
            anchors: p.w_anchors,
            length: p.w_length,
        },
        shared_anchors,
        word_pairs,
        ..Default::default()
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Keys a claim is indexed under for candidate generation.
fn keys(c: &ClaimFeatures) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    // Keys are hashed (64 bits, with a tag per kind) so that a corpus's index holds integers,
    // not strings; a collision only adds a candidate, which scoring then rejects.
    let h = |tag: u8, s: &str| {
        let mut x = std::collections::hash_map::DefaultHasher::new();
        tag.hash(&mut x);
        s.hash(&mut x);
        x.finish()
    };
    let mut k: Vec<u64> = Vec::new();
    for w in &c.words {
        k.push(h(0, &w.own));
        for x in &w.concepts {
            k.push(h(1, &x.to_string()));
        }
        if w.key.len() >= 4 {
            k.push(h(2, &w.key));
        }
        if w.latin && w.folded.chars().count() >= 5 {
            // Cognates: the first five letters of the folded word, across French and English.
            let f: String = w.folded.chars().take(5).collect();
            k.push(h(3, &f));
        }
    }
    for a in &c.anchors {
        k.push(h(4, &format!("{:?}:{}", a.kind, a.value)));
    }
    k.sort_unstable();
    k.dedup();
    k
}

/// Aligns the claims of all documents with each other (claims of one document are never aligned
/// with each other), from their [`features`]. Returns the pairs, sorted by documents and
/// positions, and the figures.
///
/// 1. Candidate document pairs: every pair when the corpus has at most [`ALL_PAIRS_DOCS`]
///    documents; otherwise each document's [`DOC_PARTNERS`] nearest by document vector and the
///    [`DOC_PARTNERS`] with which it shares most claim pairs proposed by the inverted index
///    (concepts, stems, transliteration keys, anchors).
/// 2. In each document pair, every claim pair whose vectors' cosine reaches `cos_floor` (or that the
///    index proposed) is scored: lexical score, then the calibrated probability.
/// 3. One-to-one assignment: pairs by decreasing probability, each claim taking at most one partner,
///    so that adjacent sentences of one page no longer share a partner; then a claim told in two
///    sentences on one side (1-2, 2-1) keeps both halves when the merged halves fit the partner
///    better than the linked half alone.
/// 4. A document pair keeps its pairs when it has two or more, or its one pair reaches `single`.
pub fn align_features(feats: &[ClaimFeatures], p: &Params) -> (Vec<Alignment>, AlignStats) {
    let mut stats = AlignStats {
        claims: feats.len(),
        ..Default::default()
    };
    let mut by_doc: std::collections::BTreeMap<i64, Vec<usize>> = Default::default();
    for (i, f) in feats.iter().enumerate() {
        by_doc.entry(f.doc).or_default().push(i);
    }
    let n = feats.len() as u64;
    let same: u64 = by_doc
        .values()
        .map(|c| c.len() as u64 * (c.len() as u64).saturating_sub(1) / 2)
        .sum();
    stats.cross_document_pairs = n * n.saturating_sub(1) / 2 - same;

    let (doc_pairs, proposed) = candidate_doc_pairs(feats, &by_doc);
    // Document pairs are independent: each core takes a contiguous share, and the shares are
    // joined in order (the same result as one core).
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .max(1);
    let per = doc_pairs.len().div_ceil(threads).max(1);
    let parts: Vec<(Vec<Alignment>, AlignStats)> = std::thread::scope(|s| {
        let handles: Vec<_> = doc_pairs
            .chunks(per)
            .map(|share| {
                let (by_doc, proposed) = (&by_doc, &proposed);
                s.spawn(move || {
                    let mut st = AlignStats::default();
                    let mut out = Vec::new();
                    for (da, db) in share {
                        let (ia, ib) = (&by_doc[da], &by_doc[db]);
                        out.extend(assign(feats, ia, ib, proposed, p, &mut st));
                    }
                    (out, st)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut out: Vec<Alignment> = Vec::new();
    for (links, st) in parts {
        out.extend(links);
        stats.pairs_scored += st.pairs_scored;
        stats.pairs_above_threshold += st.pairs_above_threshold;
    }
    let out = story_gate(feats, out);
    let mut out = out;
    out.sort_by(|x, y| {
        (x.doc_a, x.doc_b, x.a_start, x.b_start).cmp(&(y.doc_a, y.doc_b, y.a_start, y.b_start))
    });
    stats.aligned = out.len();
    (out, stats)
}

/// Story gate: two documents tell one story only if some aligned pair between them shares a
/// distinctive anchor: an id, a number of two digits or more, a full date stated (not resolved from
/// "last Monday"), or a person's name (or a name matched across scripts) found in few documents of
/// the corpus; or when three pairs or more link them, the best at 0.9 or more. Pages on
/// neighbouring stories (two articles on Algeria and AQIM) say similar things
/// in similar words; a shared specific is what tells a retelling from a topical neighbour.
fn story_gate(feats: &[ClaimFeatures], out: Vec<Alignment>) -> Vec<Alignment> {
    let mut key_docs: HashMap<&str, HashSet<i64>> = HashMap::new();
    for f in feats {
        for a in f.anchors.iter().filter(|a| a.kind == AnchorKind::Name) {
            key_docs.entry(a.value.as_str()).or_default().insert(f.doc);
        }
        for w in f.words.iter().filter(|w| w.key.len() >= 4) {
            key_docs.entry(w.key.as_str()).or_default().insert(f.doc);
        }
    }
    let n_docs = feats.iter().map(|f| f.doc).collect::<HashSet<_>>().len();
    let rare = (n_docs / 10).max(2);
    let is_rare = |k: &str| key_docs.get(k).map(|d| d.len()).unwrap_or(0) <= rare;
    let mut distinctive: HashSet<(i64, i64)> = HashSet::new();
    for al in &out {
        let d = &al.detail;
        let by_anchor = d.shared_anchors.iter().any(|a| {
            let v = a.value.as_str();
            match a.kind.as_str() {
                "id" => true,
                "number" => {
                    v.trim_start_matches('0')
                        .chars()
                        .filter(char::is_ascii_digit)
                        .count()
                        >= 2
                }
                "date" => v.len() == 10 && !a.relative,
                "name" => a.person && v.len() >= 3 && is_rare(v),
                _ => false,
            }
        });
        let by_word = d
            .word_pairs
            .iter()
            .any(|w| w.via.strip_prefix("transliteration: ").is_some_and(is_rare));
        if by_anchor || by_word {
            distinctive.insert((al.doc_a, al.doc_b));
        }
    }
    // Or several claims retold closely: three pairs or more, the best at 0.9 or more.
    let mut per_pair: HashMap<(i64, i64), (usize, f64)> = HashMap::new();
    for al in &out {
        let e = per_pair.entry((al.doc_a, al.doc_b)).or_default();
        e.0 += 1;
        e.1 = e.1.max(al.score);
    }
    out.into_iter()
        .filter(|al| {
            let k = (al.doc_a, al.doc_b);
            distinctive.contains(&k) || per_pair[&k].0 >= 3 && per_pair[&k].1 >= 0.9
        })
        .collect()
}

/// Corpora up to this many documents compare every pair of documents; larger ones only the pairs
/// the inverted index proposes.
pub const ALL_PAIRS_DOCS: usize = 200;

/// In a larger corpus, the documents each document is compared with by each route (nearest by
/// document vector; most proposed claim pairs shared).
pub const DOC_PARTNERS: usize = 12;

/// The longest posting list of the inverted index that is walked (a key shared by more claims is
/// too common to propose a pair), whatever the corpus size.
pub const POSTINGS_CAP: usize = 200;

/// Claim pairs (feature indices, lower first) the inverted index proposed.
type ProposedPairs = HashSet<(usize, usize)>;

/// Document pairs to compare (lower id first), and the claim pairs the inverted index proposed.
fn candidate_doc_pairs(
    feats: &[ClaimFeatures],
    by_doc: &std::collections::BTreeMap<i64, Vec<usize>>,
) -> (Vec<(i64, i64)>, ProposedPairs) {
    let claim_keys: Vec<Vec<u64>> = feats.iter().map(keys).collect();
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, ks) in claim_keys.iter().enumerate() {
        for k in ks {
            postings.entry(*k).or_default().push(i as u32);
        }
    }
    // A key in more claims than 1% of the corpus (at least 50, at most POSTINGS_CAP) says little:
    // its posting list is not walked. The upper bound keeps each claim's work from growing with
    // the corpus (a share of the corpus would make the walk quadratic).
    let cap = (feats.len() / 100).clamp(50, POSTINGS_CAP);
    let mut proposed: HashSet<(usize, usize)> = HashSet::new();
    let mut acc: HashMap<u32, f64> = HashMap::new();
    for (i, ks) in claim_keys.iter().enumerate() {
        acc.clear();
        for k in ks {
            let post = &postings[k];
            if post.len() > cap {
                continue;
            }
            let w = ((feats.len() as f64 + 1.0) / post.len() as f64)
                .ln()
                .max(0.1);
            for &j in post {
                let j = j as usize;
                if j > i && feats[j].doc != feats[i].doc {
                    *acc.entry(j as u32).or_default() += w;
                }
            }
        }
        let mut cands: Vec<(u32, f64)> = acc.iter().map(|(&j, &w)| (j, w)).collect();
        cands.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        for (j, _) in cands.into_iter().take(40) {
            proposed.insert((i, j as usize));
        }
    }
    let docs: Vec<i64> = by_doc.keys().copied().collect();
    let mut pairs: HashSet<(i64, i64)> = HashSet::new();
    if docs.len() <= ALL_PAIRS_DOCS {
        for (k, &a) in docs.iter().enumerate() {
            for &b in &docs[k + 1..] {
                pairs.insert((a, b));
            }
        }
    } else {
        // Each document meets its DOC_PARTNERS nearest by document vector (the mean of its claims'
        // vectors: retellings in any language) and the DOC_PARTNERS it shares most proposed claim
        // pairs with.
        let mut shared: HashMap<(i64, i64), usize> = HashMap::new();
        for &(i, j) in &proposed {
            let (a, b) = (feats[i].doc, feats[j].doc);
            *shared.entry((a.min(b), a.max(b))).or_default() += 1;
        }
        let mut per_doc: HashMap<i64, Vec<(usize, i64)>> = HashMap::new();
        for (&(a, b), &n) in &shared {
            per_doc.entry(a).or_default().push((n, b));
            per_doc.entry(b).or_default().push((n, a));
        }
        for (a, mut v) in per_doc {
            v.sort_by(|x, y| y.cmp(x));
            for (_, b) in v.into_iter().take(DOC_PARTNERS) {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
        let vectors: Vec<(i64, Vec<f32>)> = by_doc
            .iter()
            .filter_map(|(&d, idx)| {
                let mut sum = vec![0.0f32; encoder::DIM];
                let mut n = 0;
                for &i in idx {
                    if let Some(v) = &feats[i].vector {
                        sum.iter_mut().zip(v.iter()).for_each(|(s, x)| *s += x);
                        n += 1;
                    }
                }
                let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
                (n > 0 && norm > 0.0).then(|| (d, sum.into_iter().map(|x| x / norm).collect()))
            })
            .collect();
        for (a, b) in nearest_docs(&vectors, DOC_PARTNERS) {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    let mut pairs: Vec<(i64, i64)> = pairs.into_iter().collect();
    pairs.sort();
    (pairs, proposed)
}

/// Each document's `k` nearest others by document vector (ties by lower id), as (document,
/// neighbour) pairs. The similarities are computed block by block as matrix products, on every
/// core: the cost is the D x D products of the corpus, in seconds at 20,000 pages.
fn nearest_docs(vectors: &[(i64, Vec<f32>)], k: usize) -> Vec<(i64, i64)> {
    const BLOCK: usize = 256;
    let all: Vec<f32> = vectors
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    let n = vectors.len();
    let blocks: Vec<usize> = (0..n).step_by(BLOCK).collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .max(1);
    let per = blocks.len().div_ceil(threads).max(1);
    let work = |starts: &[usize]| -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let mut sims = vec![0.0f32; BLOCK * n];
        for &from in starts {
            let to = (from + BLOCK).min(n);
            let rows = &all[from * encoder::DIM..to * encoder::DIM];
            encoder::dot_block(rows, &all, &mut sims[..(to - from) * n]);
            for r in 0..to - from {
                let row = &sims[r * n..(r + 1) * n];
                let mut near: Vec<(f32, i64)> = row
                    .iter()
                    .enumerate()
                    .filter(|(m, _)| *m != from + r)
                    .map(|(m, &c)| (c, vectors[m].0))
                    .collect();
                let take = k.min(near.len());
                if take == 0 {
                    continue;
                }
                let cmp = |x: &(f32, i64), y: &(f32, i64)| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1));
                near.select_nth_unstable_by(take - 1, cmp);
                near.truncate(take);
                near.sort_by(cmp);
                out.extend(near.into_iter().map(|(_, b)| (vectors[from + r].0, b)));
            }
        }
        out
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = blocks
            .chunks(per)
            .map(|c| s.spawn(move || work(c)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// A scored claim pair inside one document pair.
#[derive(Debug, Clone, Copy)]
struct Cand {
    i: usize,
    j: usize,
    prob: f64,
}

/// One-to-one assignment inside one document pair (see [`align_features`]).
fn assign(
    feats: &[ClaimFeatures],
    ia: &[usize],
    ib: &[usize],
    proposed: &HashSet<(usize, usize)>,
    p: &Params,
    stats: &mut AlignStats,
) -> Vec<Alignment> {
    let mut cands: Vec<Cand> = Vec::new();
    let mut prob_of: HashMap<(usize, usize), f64> = HashMap::new();
    let mut scored: Vec<(usize, usize, f64, f64)> = Vec::new();
    for &i in ia {
        for &j in ib {
            let (a, b) = (&feats[i], &feats[j]);
            // Two pages of one outlet repeat its masthead, bylines and footer word for word: those
            // lines are the outlet's template, not a shared claim.
            if a.outlet.is_some() && a.outlet == b.outlet && a.norm == b.norm {
                continue;
            }
            let cos = cosine(a, b);
            let key = (i.min(j), i.max(j));
            if cos < p.cos_floor && !proposed.contains(&key) {
                continue;
            }
            stats.pairs_scored += 1;
            let core = score_core(&feats[i], &feats[j], p);
            scored.push((i, j, cos, core.score));
        }
    }
    // Each claim's best cosine with the claims of the other page, and the runner-up's, for margins.
    let mut best: HashMap<usize, (f64, f64)> = HashMap::new();
    for &(i, j, cos, _) in &scored {
        for k in [i, j] {
            let e = best.entry(k).or_insert((p.cos_floor, p.cos_floor));
            if cos > e.0 {
                *e = (cos, e.0);
            } else if cos > e.1 {
                e.1 = cos;
            }
        }
    }
    let other = |k: usize, cos: f64| -> f64 {
        let (b1, b2) = best.get(&k).copied().unwrap_or((p.cos_floor, p.cos_floor));
        if cos >= b1 {
            b2
        } else {
            b1
        }
    };
    let mut margin_of: HashMap<(usize, usize), f64> = HashMap::new();
    for &(i, j, cos, lexical) in &scored {
        let margin = cos - other(i, cos).max(other(j, cos));
        let prob = p.probability(cos, lexical, feats[i].lang != feats[j].lang, margin);
        margin_of.insert((i, j), margin);
        prob_of.insert((i, j), prob);
        if prob >= p.min_score {
            cands.push(Cand { i, j, prob });
        }
    }
    stats.pairs_above_threshold += cands.len();
    cands.sort_by(|x, y| y.prob.total_cmp(&x.prob).then((x.i, x.j).cmp(&(y.i, y.j))));
    let mut used_a: HashSet<usize> = HashSet::new();
    let mut used_b: HashSet<usize> = HashSet::new();
    let mut links: Vec<Cand> = Vec::new();
    let mut extra: Vec<Cand> = Vec::new();
    for c in cands {
        if !used_a.contains(&c.i) && !used_b.contains(&c.j) {
            used_a.insert(c.i);
            used_b.insert(c.j);
            links.push(c);
        } else if c.prob >= p.extra {
            extra.push(c);
        }
    }
    // A second partner, only for pairs at `extra` or more (a page that repeats the fact), never
    // two extra links on one claim.
    let mut extra_used: HashSet<usize> = HashSet::new();
    let extra: Vec<Cand> = extra
        .into_iter()
        .filter(|c| {
            let ok = !extra_used.contains(&c.i) && !extra_used.contains(&c.j);
            if ok {
                extra_used.insert(c.i);
                extra_used.insert(c.j);
            }
            ok
        })
        .collect();
    // 1-2 and 2-1: a free neighbour of a linked claim joins it when the merged halves fit the
    // partner better than the linked half alone, and the neighbour alone is a plausible match.
    let mut merged: Vec<(Cand, [usize; 2], f64)> = Vec::new();
    let mut in_merge: HashSet<usize> = HashSet::new();
    for l in &links {
        for side in [0, 1] {
            let (x, y) = if side == 0 { (l.i, l.j) } else { (l.j, l.i) };
            let used = if side == 0 { &used_a } else { &used_b };
            for nb in [x.wrapping_sub(1), x + 1] {
                if nb >= feats.len()
                    || feats[nb].doc != feats[x].doc
                    || used.contains(&nb)
                    || in_merge.contains(&nb)
                    || in_merge.contains(&x)
                {
                    continue;
                }
                let key = if side == 0 { (nb, y) } else { (y, nb) };
                let Some(&alone) = prob_of.get(&key) else {
                    continue;
                };
                if alone < p.min_score * 0.5 {
                    continue;
                }
                let (first, second) = (x.min(nb), x.max(nb));
                let m = merge(&feats[first], &feats[second]);
                let core = score_core(&m, &feats[y], p);
                if core.prob > l.prob && core.prob >= p.min_score {
                    in_merge.insert(nb);
                    in_merge.insert(x);
                    let (i, j) = if side == 0 { (nb, y) } else { (y, nb) };
                    merged.push((
                        Cand {
                            i,
                            j,
                            prob: core.prob,
                        },
                        [first, second],
                        alone,
                    ));
                    break;
                }
            }
        }
    }
    let merge_of = |i: usize, j: usize| -> Option<([usize; 2], f64)> {
        merged
            .iter()
            .find(|(c, m, _)| (m.contains(&i) && c.j == j) || (m.contains(&j) && c.i == i))
            .map(|(c, m, _)| (*m, c.prob))
    };
    // Each kept pair with its merged halves, if any, and how it was assigned.
    let mut all: Vec<(Cand, Option<[usize; 2]>, &'static str)> = Vec::new();
    for l in &links {
        match merge_of(l.i, l.j) {
            Some((m, prob)) => all.push((Cand { prob, ..*l }, Some(m), "merged")),
            None => all.push((*l, None, "one-to-one")),
        }
    }
    for (c, m, _) in &merged {
        all.push((*c, Some(*m), "merged"));
    }
    for c in &extra {
        if !in_merge.contains(&c.i) && !in_merge.contains(&c.j) {
            all.push((*c, None, "repeat"));
        }
    }
    // Document-pair gate.
    let best = all.iter().map(|(c, ..)| c.prob).fold(0.0, f64::max);
    if all.is_empty() || (all.len() < 2 && best < p.single) {
        return Vec::new();
    }
    let many = all.len();
    all.into_iter()
        .map(|(c, m, how)| {
            let (a, b) = (&feats[c.i], &feats[c.j]);
            let mut d = match m {
                Some([x, y]) => {
                    let mm = merge(&feats[x], &feats[y]);
                    let other = if x == c.i || y == c.i { c.j } else { c.i };
                    let core = score_core(&mm, &feats[other], p);
                    let alone = |k: usize| {
                        let key = if feats[k].doc == a.doc {
                            (k, other)
                        } else {
                            (other, k)
                        };
                        prob_of.get(&key).copied().unwrap_or(0.0)
                    };
                    let mut d = explain(&core, &mm, &feats[other], p);
                    d.merged = Some(MergedExplanation {
                        claims: [feats[x].id.clone(), feats[y].id.clone()],
                        scores_alone: [round3(alone(x)), round3(alone(y))],
                    });
                    d
                }
                None => explain(&score_core(a, b, p), a, b, p),
            };
            d.score = round3(c.prob);
            d.probability = round3(c.prob);
            d.document_pair_alignments = Some(many);
            d.assignment = Some(how.to_string());
            d.margin = margin_of.get(&(c.i, c.j)).map(|m| round3(*m));
            Alignment {
                claim_a: a.id.clone(),
                claim_b: b.id.clone(),
                doc_a: a.doc,
                a_start: a.start,
                a_end: a.end,
                doc_b: b.doc,
                b_start: b.start,
                b_end: b.end,
                score: c.prob,
                detail: d,
                merged: m.map(|[x, y]| [feats[x].id.clone(), feats[y].id.clone()]),
            }
        })
        .collect()
}

/// Two consecutive claims of one document as one (a claim told in two sentences).
pub fn merge(a: &ClaimFeatures, b: &ClaimFeatures) -> ClaimFeatures {
    let mut m = a.clone();
    m.end = b.end;
    m.norm = format!("{} {}", a.norm, b.norm);
    m.words.extend(b.words.iter().cloned());
    m.anchors.extend(b.anchors.iter().cloned());
    // The merged sentence's vector: the halves' sum, back to unit length (an approximation of
    // encoding the two sentences as one).
    if let (Some(x), Some(y)) = (&a.vector, &b.vector) {
        let sum: Vec<f32> = x.iter().zip(y.iter()).map(|(u, v)| u + v).collect();
        let n = sum.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-6);
        m.vector = Some(sum.into_iter().map(|v| v / n).collect::<Vec<f32>>().into());
    }
    m
}

/// One sentence as a document of one claim (for labelled sets and tests): the text layer's items
/// of the whole sentence attached to that claim.
pub fn sentence_doc(id: i64, text: &str, lang: &str) -> DocInput {
    let sha = format!("sentence-{id}");
    let analysis = crate::text::analyze(&sha, text, lang, None);
    let claim_id = format!("s{id}");
    let items = analysis
        .items
        .into_iter()
        .map(|(_, it)| ItemInput {
            claim_id: Some(claim_id.clone()),
            category: it.category.to_string(),
            kind: it.kind.to_string(),
            start: it.start,
            end: it.end,
            value: it.value.clone(),
            text: crate::text::extract::slice_chars(
                &text.chars().collect::<Vec<_>>(),
                it.start,
                it.end,
            ),
            key: it
                .detail
                .get("key")
                .and_then(|k| k.as_str())
                .map(str::to_string),
            year_inferred: it.detail.get("year_inferred").is_some_and(|v| !v.is_null()),
        })
        .collect();
    DocInput {
        id,
        lang: lang.to_string(),
        outlet: None,
        claims: vec![ClaimInput {
            id: claim_id,
            doc: id,
            ordinal: 0,
            start: 0,
            end: text.chars().count(),
            role: "body".into(),
            text: text.to_string(),
            vector: None,
        }],
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_different_first_names_are_not_one_anchor() {
        assert!(!first_names_agree("بيل كلينتون", "Hillary Clinton"));
        assert!(first_names_agree("هيلاري كلينتون", "Hillary Clinton"));
        // A bare surname or a titled name agrees with any first name.
        assert!(first_names_agree("Clinton", "Hillary Clinton"));
        assert!(first_names_agree("President Kais Saied", "Kais Saied"));
    }
}
