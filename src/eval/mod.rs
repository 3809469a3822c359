//! Eval: scores the findings stored in the database against a hand-labelled gold file.
//!
//! Input: an open [`Store`] and a gold file in the format `claimtrail-gold/1` (JSON Lines; see
//! `eval/FORMAT.md` in the repository). Output: an [`EvalReport`], rendered as JSON
//! ([`EvalReport::to_json`]), a table ([`EvalReport::to_table`]) or an item-by-item listing
//! ([`EvalReport::explain`], [`EvalReport::explain_json`]).
//!
//! ```no_run
//! use std::path::Path;
//! let store = claimtrail::store::Store::open_existing(Path::new("claimtrail.db")).unwrap();
//! let report = claimtrail::eval::evaluate(&store, Path::new("seeds.gold.jsonl")).unwrap();
//! println!("{}", report.to_table());
//! ```
//!
//! How scoring works, and its invariants:
//! * Header documents are found in the database by SHA-256; a missing one is an error. Quotes are
//!   found in the stored text with every run of white space folded to one space (nothing else is
//!   folded) and turned into character spans of the *original* text (end exclusive).
//! * A prediction hits a place when their spans share at least one character (touching spans do
//!   not). A divergence side also hits through its alignment's claim span on that side.
//! * Per kind, gold items and predictions are matched by a maximum bipartite matching, core items
//!   first: each prediction matches at most one gold item and each gold item at most one prediction.
//! * A prediction that matches no gold item is a false positive when it breaks a `no_*` item, at
//!   that item's level (core when it breaks a core and a stretch item), counted once for its kind;
//!   otherwise it is *unlabelled*: neither right nor wrong. The unlabelled count does not depend on
//!   the level: the same number is reported under `core`, `stretch` and `all`.
//! * `tp`/`fn` count gold items of the level; `all` sums `core` and `stretch`. A `no_*` kind reports
//!   `fp` = its (prediction, item) violations and `tp` = its items without a violation.
//! * `kinds` holds every kind with a line in the gold file, and every kind a `no_*` or `exhaustive`
//!   line of the file restricts (so that its false positives are reported). `overall` sums the
//!   positive kinds.
//! * Level `acceptable` marks findings that are right but not required: a prediction matched to
//!   such an item is counted as `acceptable`, never as a true or false positive, and the item is no
//!   false negative when missed. Acceptable items are matched after core and stretch items. A
//!   prediction that hits a gold item another prediction already took is also counted as
//!   `acceptable` (it says something right, again). Like `unlabelled`, the count does not depend on
//!   the level.
//! * An `exhaustive` item says the gold items of one kind between some documents are complete: a
//!   prediction of that kind between them (or, for edges with `external`, from an external source
//!   into one of them) that hits no gold item of any level is a false positive, at level core.
//! * A place is a quote (folded white space) or a character span with the SHA-256 of its text
//!   (`{"doc", "span": [START, END], "sha256"}`), for gold on pages whose text may not be copied; a
//!   hash that does not match the stored text rejects the gold file, naming the line.

pub mod corpus;
mod gold;
pub mod judged;
pub mod labelled;
mod predictions;
mod render;
mod score;
mod text;

pub use gold::{divergence_types, CUE_TYPES, EDGE_RELATIONS, GOLD_FORMAT, INCONSISTENCY_TYPES};
pub use text::{fold_whitespace, normalise_value, Folded, Span};

use crate::error::{Error, Result};
use crate::store::Store;
use gold::{GoldItem, ResolvedDoc};
use predictions::Prediction;
use rusqlite::OptionalExtension;
use std::collections::HashMap;
use std::path::Path;

/// The kinds of gold item, in report order: six positive kinds, then five restrictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Repeated passages (`duplicate_pairs`).
    Duplicate,
    /// Aligned claims (`alignments`).
    Alignment,
    /// Divergences between aligned claims (`divergences`).
    Divergence,
    /// In-document inconsistencies (`inconsistencies`).
    Inconsistency,
    /// Sourcing cues (`items` with `category = 'cue'`).
    Cue,
    /// Sourcing-graph edges (`edges`).
    Edge,
    /// No duplicate passage between these documents.
    NoDuplicate,
    /// No aligned claim between these pairs of documents.
    NoAlignment,
    /// No inconsistency in these documents.
    NoInconsistency,
    /// No edge between these pairs of documents.
    NoEdge,
    /// The gold items of one kind between these documents are complete.
    Exhaustive,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 11] = [
        Kind::Duplicate,
        Kind::Alignment,
        Kind::Divergence,
        Kind::Inconsistency,
        Kind::Cue,
        Kind::Edge,
        Kind::NoDuplicate,
        Kind::NoAlignment,
        Kind::NoInconsistency,
        Kind::NoEdge,
        Kind::Exhaustive,
    ];

    /// The kinds predictions are scored for (not the `no_*` restrictions).
    pub const POSITIVE: [Kind; 6] = [
        Kind::Duplicate,
        Kind::Alignment,
        Kind::Divergence,
        Kind::Inconsistency,
        Kind::Cue,
        Kind::Edge,
    ];

    /// The name used in gold files and in JSON output (`duplicate`, `no_edge`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Duplicate => "duplicate",
            Kind::Alignment => "alignment",
            Kind::Divergence => "divergence",
            Kind::Inconsistency => "inconsistency",
            Kind::Cue => "cue",
            Kind::Edge => "edge",
            Kind::NoDuplicate => "no_duplicate",
            Kind::NoAlignment => "no_alignment",
            Kind::NoInconsistency => "no_inconsistency",
            Kind::NoEdge => "no_edge",
            Kind::Exhaustive => "exhaustive",
        }
    }

    /// The kind with this name, if any.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// True for the six kinds of finding (not the restrictions).
    pub fn is_positive(self) -> bool {
        Kind::POSITIVE.contains(&self)
    }

    /// For a `no_*` kind, the positive kind whose false positives it defines; `None` otherwise
    /// (an `exhaustive` item names its kind in its own field `of`).
    pub fn restricts(self) -> Option<Kind> {
        match self {
            Kind::NoDuplicate => Some(Kind::Duplicate),
            Kind::NoAlignment => Some(Kind::Alignment),
            Kind::NoInconsistency => Some(Kind::Inconsistency),
            Kind::NoEdge => Some(Kind::Edge),
            _ => None,
        }
    }
}

/// The level of a gold item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// What claimtrail must find.
    Core,
    /// What it may find.
    Stretch,
    /// Right but not required: neither a true nor a false positive, never a false negative.
    Acceptable,
}

impl Level {
    /// `core`, `stretch` or `acceptable`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Core => "core",
            Level::Stretch => "stretch",
            Level::Acceptable => "acceptable",
        }
    }
}

/// Counts for one kind at one level, and the ratios computed from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Gold items matched (for a `no_*` kind: items without a violation).
    pub tp: usize,
    /// False positives (for a `no_*` kind: its violations).
    pub fp: usize,
    /// Gold items not matched (`fn` in JSON).
    pub fn_: usize,
    /// Predictions no gold line speaks about (the same at every level).
    pub unlabelled: usize,
    /// Predictions that are right but not required: matched to an `acceptable` item, or hitting a
    /// gold item another prediction already took (the same at every level).
    pub acceptable: usize,
}

impl Score {
    /// TP / (TP + FP); `None` when both are 0.
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// TP / (TP + FN); `None` when both are 0.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// The harmonic mean of precision and recall: `None` when either is `None`, 0 when both are 0.
    pub fn f1(&self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        Some(if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        })
    }

    /// `{"tp", "fp", "fn", "unlabelled", "acceptable", "precision", "recall", "f1"}` (ratios `null`
    /// when undefined).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn_,
            "unlabelled": self.unlabelled,
            "acceptable": self.acceptable,
            "precision": self.precision(),
            "recall": self.recall(),
            "f1": self.f1(),
        })
    }

    fn plus(self, other: Score) -> Score {
        Score {
            tp: self.tp + other.tp,
            fp: self.fp + other.fp,
            fn_: self.fn_ + other.fn_,
            unlabelled: self.unlabelled + other.unlabelled,
            acceptable: self.acceptable + other.acceptable,
        }
    }
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// One kind's scores at each level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LevelScores {
    /// Core items, and false positives breaking a core `no_*` item.
    pub core: Score,
    /// Stretch items, and false positives breaking only stretch `no_*` items.
    pub stretch: Score,
    /// Both levels (unlabelled counted once).
    pub all: Score,
}

/// Scores summed over the positive kinds of the gold file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OverallScores {
    /// Core level.
    pub core: Score,
    /// Both levels.
    pub all: Score,
}

/// A header document and the database document it names.
#[derive(Debug, Clone)]
struct GoldDoc {
    id: String,
    sha256: String,
    file: Option<String>,
    db_id: i64,
}

/// A gold item and what became of it.
#[derive(Debug, Clone)]
struct ItemOutcome {
    item: GoldItem,
    /// For a positive item: the prediction matched to it.
    matched: Option<Prediction>,
    /// For a `no_*` or `exhaustive` item: the unmatched predictions that break it.
    violations: Vec<Prediction>,
}

/// A prediction that breaks one or more `no_*` or `exhaustive` items.
#[derive(Debug, Clone)]
struct FalsePositive {
    kind: Kind,
    level: Level,
    prediction: Prediction,
    /// Line numbers of the `no_*` or `exhaustive` items it breaks.
    breaks: Vec<usize>,
}

/// The result of scoring a database against a gold file: every gold item with its outcome, the
/// false positives, the unlabelled counts, and the scores per kind and level.
#[derive(Debug, Clone)]
pub struct EvalReport {
    gold: String,
    docs: Vec<GoldDoc>,
    items: Vec<ItemOutcome>,
    false_positives: Vec<FalsePositive>,
    /// Every positive kind, with its number of unlabelled predictions.
    unlabelled: Vec<(Kind, usize)>,
    /// Every positive kind, with its number of acceptable predictions.
    acceptable: Vec<(Kind, usize)>,
    /// The predictions (table, row id) the gold file decides: matched, false positive or
    /// acceptable. The others are unlabelled.
    decided: std::collections::HashSet<(&'static str, i64)>,
    /// The kinds of the gold file, in report order.
    kinds: Vec<(Kind, LevelScores)>,
    overall: OverallScores,
}

impl EvalReport {
    /// The gold file, as given to [`evaluate`].
    pub fn gold_path(&self) -> &str {
        &self.gold
    }

    /// The scores of `kind`, or `None` when the gold file has no line of (or restricting) it.
    pub fn kind(&self, kind: Kind) -> Option<&LevelScores> {
        self.kinds.iter().find(|(k, _)| *k == kind).map(|(_, s)| s)
    }

    /// The scored kinds in report order.
    pub fn kinds(&self) -> impl Iterator<Item = (Kind, &LevelScores)> {
        self.kinds.iter().map(|(k, s)| (*k, s))
    }

    /// The scores summed over the positive kinds.
    pub fn overall(&self) -> &OverallScores {
        &self.overall
    }

    /// The number of unlabelled predictions of a positive kind (0 for a `no_*` kind), also for
    /// kinds the gold file does not mention.
    pub fn unlabelled(&self, kind: Kind) -> usize {
        self.unlabelled
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    /// True when the gold file decides the prediction at row `id` of `table` (a true, false or
    /// acceptable positive); false for an unlabelled one.
    pub fn decides(&self, table: &str, id: i64) -> bool {
        // The set is covariant in its key, so it can be read with a shorter-lived table name.
        let decided: &std::collections::HashSet<(&str, i64)> = &self.decided;
        decided.contains(&(table, id))
    }

    /// The number of acceptable predictions of a positive kind (0 for a restriction kind).
    pub fn acceptable(&self, kind: Kind) -> usize {
        self.acceptable
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }
}

/// Scores the findings in `store` against the gold file at `gold_path`.
///
/// Fails when the gold file cannot be read or is malformed (the error names the line and the
/// problem: not JSON, unknown kind or vocabulary value, missing field, unknown document id, a quote
/// not found or ambiguous), when a header document is not in the database, or on a database error.
pub fn evaluate(store: &Store, gold_path: &Path) -> Result<EvalReport> {
    let bytes = std::fs::read(gold_path)
        .map_err(|e| Error::input(gold_path, format!("cannot read the gold file: {e}")))?;
    let content = String::from_utf8(bytes)
        .map_err(|e| Error::input(gold_path, format!("is not UTF-8: {e}")))?;
    let mut lines = gold::lines(&content);
    let Some((header_line, header_text)) = lines.next() else {
        return Err(Error::input(
            gold_path,
            format!(
                "is empty; a gold file starts with the header {{\"gold\": \"{GOLD_FORMAT}\", \"docs\": {{...}}}}"
            ),
        ));
    };
    let header = gold::parse_header(gold_path, header_line, header_text)?;

    let mut docs = Vec::with_capacity(header.docs.len());
    let mut resolved = HashMap::with_capacity(header.docs.len());
    let mut missing = Vec::new();
    for doc in &header.docs {
        let row: Option<(i64, String)> = store
            .conn()
            .query_row(
                "SELECT id, text FROM documents WHERE sha256 = ?1",
                [&doc.sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| store.err(e))?;
        match row {
            Some((db_id, text)) => {
                docs.push(GoldDoc {
                    id: doc.id.clone(),
                    sha256: doc.sha256.clone(),
                    file: doc.file.clone(),
                    db_id,
                });
                resolved.insert(
                    doc.id.clone(),
                    ResolvedDoc {
                        db_id,
                        folded: Folded::new(&text),
                        text,
                    },
                );
            }
            None => missing.push(format!("{} (sha256 {})", doc.id, doc.sha256)),
        }
    }
    match missing.len() {
        0 => {}
        1 => {
            return Err(Error::input(
                gold_path,
                format!(
                    "document {} is not in the database; ingest it first",
                    missing[0]
                ),
            ))
        }
        _ => {
            return Err(Error::input(
                gold_path,
                format!(
                    "documents {} are not in the database; ingest them first",
                    missing.join(", ")
                ),
            ))
        }
    }

    let items = lines
        .map(|(n, line)| gold::parse_item(gold_path, n, line, &resolved))
        .collect::<Result<Vec<_>>>()?;
    score::score(store, gold_path.display().to_string(), docs, items)
}

/// Parses a gold file's text without a database, resolving its header's documents to the texts
/// given by SHA-256 (others are skipped): the header's error, or each item line's result. What the
/// fuzz target runs: no gold text may make the parser panic.
pub fn parse_gold(
    gold_path: &Path,
    content: &str,
    texts_by_sha: &HashMap<String, String>,
) -> Vec<Result<()>> {
    let mut lines = gold::lines(content);
    let Some((header_line, header_text)) = lines.next() else {
        return Vec::new();
    };
    let header = match gold::parse_header(gold_path, header_line, header_text) {
        Ok(h) => h,
        Err(e) => return vec![Err(e)],
    };
    let mut resolved = HashMap::new();
    for (k, doc) in header.docs.iter().enumerate() {
        if let Some(text) = texts_by_sha.get(&doc.sha256) {
            resolved.insert(
                doc.id.clone(),
                ResolvedDoc {
                    db_id: k as i64 + 1,
                    folded: Folded::new(text),
                    text: text.clone(),
                },
            );
        }
    }
    lines
        .map(|(n, line)| gold::parse_item(gold_path, n, line, &resolved).map(|_| ()))
        .collect()
}
