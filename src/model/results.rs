//! The results the stages hand to the store and the printers, and the inputs the store hands to
//! the corpus stages: plain data, so that the store and the report depend on this module and not
//! on the stages that make them. Each stage re-exports the types it produces.

use super::{DivergenceKind, EdgeRelation, InconsistencyKind};
use serde::Serialize;

// ---- made by `chain` ----

/// An external source node.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct External {
    pub kind: String,
    pub key: String,
    pub label: String,
}

/// Where an edge comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum From {
    Doc(i64),
    External(String),
}

/// A sourcing edge with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub relation: EdgeRelation,
    pub from: From,
    pub to: i64,
    pub directed: bool,
    pub confidence: f64,
    pub evidence: Vec<serde_json::Value>,
}

/// The graph of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Graph {
    pub externals: Vec<External>,
    pub edges: Vec<Edge>,
}

// ---- made by `diverge` ----

/// Divergences at or above this confidence are shown by default (`--all` shows the rest).
pub const SHOW_CONFIDENCE: f64 = 0.5;

/// A divergence between the two sides.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Divergence {
    #[serde(rename = "type")]
    pub kind: DivergenceKind,
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
    pub value_a: Option<String>,
    pub value_b: Option<String>,
    pub severity: &'static str,
    pub explanation: String,
    /// The rule that found it (`number.changed`, `omission.clause`...): what its confidence is
    /// measured on.
    pub rule: &'static str,
    /// Probability that a reader confirms it: the precision its rule had on the real-page dev
    /// split (see `data/diverge/confidence.tsv`).
    pub confidence: f64,
}

// ---- made by `check` ----

/// An inconsistency inside one page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Inconsistency {
    #[serde(rename = "type")]
    pub kind: InconsistencyKind,
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub severity: &'static str,
    pub explanation: String,
}

// ---- made by `dedup` ----

/// One operation of a word-level diff: `equal`, `delete` (words of side a only), `insert` (side
/// b only) or `replace`, with the words of each side (equal runs keep only their length).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiffOp {
    pub op: &'static str,
    pub words: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub a: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
}

/// A reported duplicate passage pair, in original characters.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicatePair {
    pub doc_a: i64,
    pub a_start: usize,
    pub a_end: usize,
    pub doc_b: i64,
    pub b_start: usize,
    pub b_end: usize,
    /// 2 × equal words / (words of a + words of b).
    pub similarity: f64,
    pub words_a: usize,
    pub words_b: usize,
    pub equal_words: usize,
    pub inserted_words: usize,
    pub deleted_words: usize,
    pub replaced_words: usize,
    /// Characters of the shorter side.
    pub shared_chars: usize,
    pub diff: Vec<DiffOp>,
}

// ---- made by `align` ----

/// A claim as the align stage receives it.
#[derive(Debug, Clone)]
pub struct ClaimInput {
    pub id: String,
    pub doc: i64,
    pub ordinal: i64,
    pub start: usize,
    pub end: usize,
    pub role: String,
    pub text: String,
    /// The claim's sentence vector (unit length), when the pipeline computed or cached one.
    pub vector: Option<std::sync::Arc<[f32]>>,
}

/// An extracted item (text layer) as the align stage receives it; spans in document characters.
#[derive(Debug, Clone)]
pub struct ItemInput {
    pub claim_id: Option<String>,
    pub category: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
    pub text: String,
    pub key: Option<String>,
    /// A date whose year the text layer inferred (from the page date or the text), not stated.
    pub year_inferred: bool,
}

/// One document's claims and items.
#[derive(Debug, Clone)]
pub struct DocInput {
    pub id: i64,
    pub lang: String,
    /// The page's outlet (manifest outlet, site name, or URL host), for telling an outlet's own
    /// template (masthead, footer) from a copy.
    pub outlet: Option<String>,
    pub claims: Vec<ClaimInput>,
    pub items: Vec<ItemInput>,
}

/// Why two claims were aligned (stored as JSON in `alignments.detail`; see
/// `schemas/claimtrail.schema.json`). Typed rather than a JSON tree: a corpus holds millions.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Explanation {
    pub score: f64,
    /// Calibrated probability that both claims say the same thing.
    pub probability: f64,
    pub threshold: f64,
    pub cosine: f64,
    pub cross_language: bool,
    pub lexical_score: f64,
    pub calibration: [f64; 5],
    pub components: ExplanationComponents,
    pub weights: ExplanationWeights,
    pub shared_anchors: Vec<SharedAnchor>,
    pub word_pairs: Vec<WordPair>,
    /// How many pairs its document pair kept (set by the assignment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_pair_alignments: Option<usize>,
    /// `one-to-one`, `merged` or `repeat`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignment: Option<String>,
    /// Cosine over the best competitor's, on either side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged: Option<MergedExplanation>,
}

/// The lexical score's components.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExplanationComponents {
    pub lexical: f64,
    pub coverage_a: f64,
    pub coverage_b: f64,
    pub anchors: f64,
    pub length: f64,
}

/// The lexical score's weights.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ExplanationWeights {
    pub lexical: f64,
    pub anchors: f64,
    pub length: f64,
}

/// An anchor (number, date, name, id) both claims carry.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct SharedAnchor {
    /// `number`, `date`, `name` or `id`.
    pub kind: String,
    pub a: String,
    pub b: String,
    pub value: String,
    pub weight: f64,
    /// A date resolved from a relative expression ("last Monday") on either side.
    pub relative: bool,
    /// A person's name on both sides.
    pub person: bool,
}

/// Two words matched across the claims, and how (same stem, shared concept, transliteration...).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct WordPair {
    pub a: String,
    pub b: String,
    pub via: String,
}

/// A 1-2 alignment: the two claims merged on one side and their probabilities alone.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct MergedExplanation {
    pub claims: [String; 2],
    pub scores_alone: [f64; 2],
}

/// An aligned claim pair with its explanation.
#[derive(Debug, Clone, Serialize)]
pub struct Alignment {
    pub claim_a: String,
    pub claim_b: String,
    pub doc_a: i64,
    pub a_start: usize,
    pub a_end: usize,
    pub doc_b: i64,
    pub b_start: usize,
    pub b_end: usize,
    pub score: f64,
    pub detail: Explanation,
    /// When one side is a claim told in two consecutive sentences (a 1-2 alignment): the two
    /// claims merged on that side, in order. The other side is the pair's single claim there.
    pub merged: Option<[String; 2]>,
}
