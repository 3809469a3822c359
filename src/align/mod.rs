//! Claim alignment across versions and languages, offline, with the reasons of every match.
//!
//! Steps:
//! 1. [`features`]: each claim becomes content words (each with concepts from the bilingual
//!    [`lexicon`], its own language-tagged stem, and an IDF weight) and anchors (numbers, dates,
//!    names by their cross-script key, cable and document ids, URLs) from the text layer's items.
//! 2. Candidates: an inverted index from concepts, stems and anchor values to claims; a claim is
//!    scored only against the claims of other documents with which it shares enough rare keys, so
//!    the cost stays far below all pairs (the share of pairs scored is reported).
//! 3. [`score_pair`]: words are matched one to one (same stem, a shared concept, or for French and
//!    English a cognate by Jaro-Winkler similarity); the score combines the IDF-weighted share of
//!    words matched on each side (the larger side may carry a second claim: one-to-many is allowed),
//!    shared anchors, and a length prior. Names are support only: a shared name that fills most claims
//!    of both pages counts a quarter.
//! 4. Selection: pairs at or above the threshold, each claim keeping its best partner in the other
//!    document plus a neighbour of that partner (1-2 and 2-1 alignments); a pair of documents with
//!    one aligned claim only keeps it when its score reaches the `single` threshold.
//!
//! Every pair carries its explanation (anchors, translated word pairs, each component's score, the
//! final score against the threshold), stored as JSON in `alignments.detail`.

pub mod encoder;
pub mod lexicon;

pub use crate::model::results::{Alignment, ClaimInput, DocInput, ItemInput};
use crate::text::normalize::Normalized;
use crate::text::tokens::{stemmer, tokenize};
use lexicon::Lexicon;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Version of the align stage: a change of method or defaults redoes every alignment.
pub const ALIGN_VERSION: i64 = 2;

/// Named thresholds and weights (defaults chosen on `tests/data/align_labelled.jsonl`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Final score a pair needs to be reported.
    pub min_score: f64,
    /// Score a pair needs when it is the only aligned claim between its two documents.
    pub single: f64,
    /// Weight of the lexical component (share of words with a counterpart).
    pub w_lexical: f64,
    /// Weight of the anchors component (numbers, dates, names, ids shared).
    pub w_anchors: f64,
    /// Weight of the length prior.
    pub w_length: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_score: 0.27,
            single: 0.45,
            w_lexical: 0.65,
            w_anchors: 0.25,
            w_length: 0.10,
        }
    }
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
pub fn features(docs: &[DocInput]) -> Vec<ClaimFeatures> {
    let lex = Lexicon::get();
    let mut out = Vec::new();
    for doc in docs {
        let claims: Vec<&ClaimInput> = doc
            .claims
            .iter()
            .filter(|c| c.role == "body" || c.role == "heading")
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
            });
        }
    }
    set_weights(&mut out);
    out
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
        }
        _ => a.value == b.value,
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
        }],
        items: Vec::new(),
    };
    features(&[doc]).pop().map(|c| c.words).unwrap_or_default()
}

/// Word pairs a claim pair needs before its score counts in full.
pub const MIN_WORD_PAIRS: usize = 3;

/// Scores one pair and explains it.
pub fn score_pair(a: &ClaimFeatures, b: &ClaimFeatures, p: &Params) -> (f64, serde_json::Value) {
    let core = score_core(a, b, p);
    (core.score, explain(&core, a, b, p))
}

/// The figures of one scored pair, before they are written out as an explanation.
struct Core {
    score: f64,
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
    Core {
        score,
        lexical,
        cov_a,
        cov_b,
        anchors,
        length,
        matches,
        shared,
    }
}

fn explain(c: &Core, a: &ClaimFeatures, b: &ClaimFeatures, p: &Params) -> serde_json::Value {
    let pairs: Vec<serde_json::Value> = c
        .matches
        .iter()
        .map(|(i, j, _, via)| {
            serde_json::json!({"a": a.words[*i].text, "b": b.words[*j].text, "via": via.describe(&a.words[*i])})
        })
        .collect();
    let shared: Vec<serde_json::Value> = c
        .shared
        .iter()
        .map(|(i, j, w)| {
            let (an, bn) = (&a.anchors[*i], &b.anchors[*j]);
            serde_json::json!({
                "kind": an.kind, "a": an.text, "b": bn.text, "value": an.value, "weight": w,
                "relative": an.sub == "relative" || bn.sub == "relative",
                "person": an.sub == "person" && bn.sub == "person",
            })
        })
        .collect();
    serde_json::json!({
        "score": round3(c.score),
        "threshold": p.min_score,
        "components": {
            "lexical": round3(c.lexical), "coverage_a": round3(c.cov_a), "coverage_b": round3(c.cov_b),
            "anchors": round3(c.anchors), "length": round3(c.length),
        },
        "weights": {"lexical": p.w_lexical, "anchors": p.w_anchors, "length": p.w_length},
        "shared_anchors": shared,
        "word_pairs": pairs,
    })
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
pub fn align_features(feats: &[ClaimFeatures], p: &Params) -> (Vec<Alignment>, AlignStats) {
    let mut stats = AlignStats {
        claims: feats.len(),
        ..Default::default()
    };
    let mut per_doc: HashMap<i64, u64> = HashMap::new();
    for f in feats {
        *per_doc.entry(f.doc).or_default() += 1;
    }
    let n = feats.len() as u64;
    let same: u64 = per_doc.values().map(|c| c * c.saturating_sub(1) / 2).sum();
    stats.cross_document_pairs = n * n.saturating_sub(1) / 2 - same;

    // Inverted index.
    let claim_keys: Vec<Vec<u64>> = feats.iter().map(keys).collect();
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, ks) in claim_keys.iter().enumerate() {
        for k in ks {
            postings.entry(*k).or_default().push(i as u32);
        }
    }
    let cap = (feats.len() / 100).max(50);
    let mut scored: Vec<Scored> = Vec::new();
    let mut all: HashMap<(usize, usize), f64> = HashMap::new();
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
            let j = j as usize;
            stats.pairs_scored += 1;
            let core = score_core(&feats[i], &feats[j], p);
            all.insert((i, j), core.score);
            if core.score >= p.min_score {
                // The explanation is built later, for the pairs that survive selection: on a
                // corpus of reposts most scored pairs pass the threshold.
                scored.push((i, j, core.score, serde_json::Value::Null));
            }
        }
    }
    // One claim told in two consecutive claims on the other side (2-1 and 1-2): score the two
    // merged when both halves were candidates, and keep both halves when the merge passes and
    // beats each half.
    let mut keys_sorted: Vec<(usize, usize)> = all.keys().copied().collect();
    keys_sorted.sort();
    let mut merged_pairs: Vec<Scored> = Vec::new();
    let mut merges: HashMap<(usize, usize), Merge> = HashMap::new();
    let mut merge_score: HashMap<(usize, usize), f64> = HashMap::new();
    for &(i, j) in &keys_sorted {
        for side in [0, 1] {
            let (x, y) = if side == 0 { (i, j) } else { (j, i) };
            let next = x + 1;
            if next >= feats.len() || feats[next].doc != feats[x].doc {
                continue;
            }
            let key2 = (next.min(y), next.max(y));
            let Some(&s2) = all.get(&key2) else { continue };
            let s1 = all[&(i, j)];
            stats.pairs_scored += 1;
            let m = merge(&feats[x], &feats[next]);
            let core = score_core(&m, &feats[y], p);
            let ms = core.score;
            if ms >= p.min_score && ms > s1.max(s2) {
                for xx in [x, next] {
                    let (a, b) = (xx.min(y), xx.max(y));
                    // The best merge a pair takes part in explains it.
                    if merge_score.get(&(a, b)).is_none_or(|&old| ms > old) {
                        merge_score.insert((a, b), ms);
                        merges.insert((a, b), (x, next, y, s1, s2));
                    }
                    merged_pairs.push((a, b, ms, serde_json::Value::Null));
                }
            }
        }
    }
    // A merged score replaces the pair's own when higher.
    let mut by_key: HashMap<(usize, usize), Scored> = HashMap::new();
    for sc in scored.into_iter().chain(merged_pairs) {
        let k = (sc.0, sc.1);
        match by_key.get(&k) {
            Some(old) if old.2 >= sc.2 => {}
            _ => {
                by_key.insert(k, sc);
            }
        }
    }
    let mut scored: Vec<Scored> = by_key.into_values().collect();
    scored.sort_by_key(|x| (x.0, x.1));
    // Two pages of one outlet repeat its masthead, bylines and footer word for word: those lines
    // are the outlet's template, not a shared claim.
    scored.retain(|(i, j, _, _)| {
        let (a, b) = (&feats[*i], &feats[*j]);
        !(a.outlet.is_some() && a.outlet == b.outlet && a.norm == b.norm)
    });
    stats.pairs_above_threshold = scored.len();
    let explain_pair = |i: usize, j: usize| -> serde_json::Value {
        match merges.get(&(i, j)) {
            Some(&(x, next, y, s1, s2)) => {
                let m = merge(&feats[x], &feats[next]);
                let core = score_core(&m, &feats[y], p);
                let mut d = explain(&core, &m, &feats[y], p);
                if let Some(o) = d.as_object_mut() {
                    o.insert(
                        "merged".into(),
                        serde_json::json!({
                            "claims": [feats[x].id, feats[next].id],
                            "scores_alone": [round3(s1), round3(s2)],
                        }),
                    );
                }
                d
            }
            None => explain(
                &score_core(&feats[i], &feats[j], p),
                &feats[i],
                &feats[j],
                p,
            ),
        }
    };
    let kept = select(feats, scored, p, &explain_pair);
    let mut out: Vec<Alignment> = kept
        .into_iter()
        .map(|(i, j, s, mut d)| {
            let (a, b) = (&feats[i], &feats[j]);
            if let Some(o) = d.as_object_mut() {
                o.insert("score".into(), serde_json::json!(round3(s)));
            }
            Alignment {
                claim_a: a.id.clone(),
                claim_b: b.id.clone(),
                doc_a: a.doc,
                a_start: a.start,
                a_end: a.end,
                doc_b: b.doc,
                b_start: b.start,
                b_end: b.end,
                score: s,
                detail: d,
                merged: merges
                    .get(&(i, j))
                    .map(|&(x, next, ..)| [feats[x].id.clone(), feats[next].id.clone()]),
            }
        })
        .collect();
    out.sort_by(|x, y| {
        (x.doc_a, x.doc_b, x.a_start, x.b_start).cmp(&(y.doc_a, y.doc_b, y.a_start, y.b_start))
    });
    stats.aligned = out.len();
    (out, stats)
}

type Scored = (usize, usize, f64, serde_json::Value);

/// A pair scored as part of a merge: (first half, second half, the other side's claim, the
/// halves' own scores).
type Merge = (usize, usize, usize, f64, f64);

/// Two consecutive claims of one document as one (a claim told in two sentences).
pub fn merge(a: &ClaimFeatures, b: &ClaimFeatures) -> ClaimFeatures {
    let mut m = a.clone();
    m.end = b.end;
    m.words.extend(b.words.iter().cloned());
    m.anchors.extend(b.anchors.iter().cloned());
    m
}

/// Keeps, for each claim and each other document, the best partner and a neighbour of it; then
/// drops a lone pair between two documents unless it reaches `single`.
fn select(
    feats: &[ClaimFeatures],
    scored: Vec<Scored>,
    p: &Params,
    explain_pair: &dyn Fn(usize, usize) -> serde_json::Value,
) -> Vec<Scored> {
    // Best partner of each claim in each other document.
    let mut best: HashMap<(usize, i64), (usize, f64)> = HashMap::new();
    for (i, j, s, _) in &scored {
        for (x, y) in [(*i, *j), (*j, *i)] {
            let e = best.entry((x, feats[y].doc)).or_insert((y, -1.0));
            if *s > e.1 {
                *e = (y, *s);
            }
        }
    }
    let ok_for = |x: usize, y: usize| -> bool {
        match best.get(&(x, feats[y].doc)) {
            Some(&(b, _)) => b == y || (feats[b].ordinal - feats[y].ordinal).abs() == 1,
            None => false,
        }
    };
    let kept: Vec<Scored> = scored
        .into_iter()
        .filter(|(i, j, _, _)| ok_for(*i, *j) && ok_for(*j, *i))
        .map(|(i, j, s, _)| (i, j, s, explain_pair(i, j)))
        .collect();
    // 1-2 alignments: a claim may keep two neighbours only if the neighbours do not also each
    // pick another claim; the filter above already requires both directions to agree.
    let mut per_docs: HashMap<(i64, i64), usize> = HashMap::new();
    for (i, j, _, _) in &kept {
        *per_docs.entry((feats[*i].doc, feats[*j].doc)).or_default() += 1;
    }
    let mut best_docs: HashMap<(i64, i64), f64> = HashMap::new();
    for (i, j, s, _) in &kept {
        let e = best_docs
            .entry((feats[*i].doc, feats[*j].doc))
            .or_insert(0.0);
        *e = e.max(*s);
    }
    // Documents in which each name key (anchor or transliteration key) occurs.
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
    // A pair of documents tells one story only if some aligned pair shares a distinctive anchor:
    // an id, a number of two digits or more, a full date stated (not resolved from "last Monday"),
    // or a person's name (or a name matched across scripts) found in few documents of the corpus.
    let mut distinctive: HashSet<(i64, i64)> = HashSet::new();
    for (i, j, _, d) in &kept {
        let k = (feats[*i].doc, feats[*j].doc);
        let anchors = d["shared_anchors"].as_array().cloned().unwrap_or_default();
        let by_anchor = anchors.iter().any(|a| {
            let v = a["value"].as_str().unwrap_or("");
            match a["kind"].as_str().unwrap_or("") {
                "id" => true,
                "number" => {
                    v.trim_start_matches('0')
                        .chars()
                        .filter(char::is_ascii_digit)
                        .count()
                        >= 2
                }
                "date" => v.len() == 10 && a["relative"] != true,
                "name" => a["person"] == true && v.len() >= 3 && is_rare(v),
                _ => false,
            }
        });
        let by_word = d["word_pairs"].as_array().into_iter().flatten().any(|w| {
            w["via"]
                .as_str()
                .and_then(|v| v.strip_prefix("transliteration: "))
                .is_some_and(is_rare)
        });
        if by_anchor || by_word {
            distinctive.insert(k);
        }
    }
    // Story gate: two documents share claims only when their best pair reaches `single`, a second
    // pair supports it (or the best pair alone reaches `single` + 0.15), and a distinctive anchor
    // is shared.
    kept.into_iter()
        .filter(|(i, j, _, _)| {
            let k = (feats[*i].doc, feats[*j].doc);
            let best = best_docs[&k];
            best >= p.single
                && (per_docs[&k] > 1 || best >= p.single + 0.15)
                && distinctive.contains(&k)
        })
        .map(|(i, j, s, mut d)| {
            let many = per_docs[&(feats[i].doc, feats[j].doc)];
            if let Some(o) = d.as_object_mut() {
                o.insert("document_pair_alignments".into(), serde_json::json!(many));
            }
            (i, j, s, d)
        })
        .collect()
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
        }],
        items,
    }
}
