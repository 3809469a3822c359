//! Reading the predictions `eval` scores from the database: every row of `duplicate_pairs`,
//! `alignments`, `divergences` (with their alignment), `inconsistencies`, `items` with
//! `category = 'cue'`, and `edges` (with their external source).
//!
//! Input: an open [`Store`]. Output: [`Prediction`]s per kind, ordered by row id, so that matching
//! is deterministic. Invariant: spans are the stored character offsets, untouched.

use super::text::Span;
use super::Kind;
use crate::error::Result;
use crate::store::Store;
use rusqlite::Row;

/// A span on one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocSpan {
    /// `documents.id`.
    pub doc: i64,
    /// The character span in that document's text.
    pub span: Span,
}

/// Where a predicted edge comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PredFrom {
    /// A document (`edges.from_doc`).
    Doc(i64),
    /// An external source (`edges.from_source`), with its key and label (empty when missing).
    Source { id: i64, key: String, label: String },
}

/// What a prediction says, by kind.
#[derive(Debug, Clone)]
pub enum PredBody {
    /// A row of `duplicate_pairs`.
    Duplicate { a: DocSpan, b: DocSpan },
    /// A row of `alignments`.
    Alignment { a: DocSpan, b: DocSpan },
    /// A row of `divergences`, with the claim spans of its alignment.
    Divergence {
        ty: String,
        alignment_id: i64,
        a: DocSpan,
        b: DocSpan,
        claim_a: DocSpan,
        claim_b: DocSpan,
    },
    /// A row of `inconsistencies`.
    Inconsistency { ty: String, at: DocSpan },
    /// A row of `items` with `category = 'cue'`.
    Cue {
        ty: String,
        at: DocSpan,
        value: Option<String>,
    },
    /// A row of `edges`.
    Edge {
        relation: String,
        from: PredFrom,
        to: i64,
        directed: bool,
    },
}

/// One predicted finding: its table, row id and content.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// The table it comes from.
    pub table: &'static str,
    /// Its row id there.
    pub id: i64,
    /// What it says.
    pub body: PredBody,
}

fn doc_span(r: &Row<'_>, doc: usize, start: usize, end: usize) -> rusqlite::Result<DocSpan> {
    Ok(DocSpan {
        doc: r.get(doc)?,
        span: Span {
            start: r.get(start)?,
            end: r.get(end)?,
        },
    })
}

/// Every prediction of a positive kind (empty for the `no_*` kinds), ordered by row id.
pub fn load(store: &Store, kind: Kind) -> Result<Vec<Prediction>> {
    let (table, sql): (&'static str, &str) = match kind {
        Kind::Duplicate => (
            "duplicate_pairs",
            "SELECT id, doc_a, a_start, a_end, doc_b, b_start, b_end FROM duplicate_pairs ORDER BY id",
        ),
        Kind::Alignment => (
            "alignments",
            "SELECT id, doc_a, a_start, a_end, doc_b, b_start, b_end FROM alignments ORDER BY id",
        ),
        // Only what a listing shows by default (diverge::SHOW_CONFIDENCE, checked by a test).
        Kind::Divergence => (
            "divergences",
            "SELECT d.id, d.type, d.alignment_id, al.doc_a, d.a_start, d.a_end, al.doc_b, d.b_start, \
             d.b_end, al.a_start, al.a_end, al.b_start, al.b_end \
             FROM divergences d JOIN alignments al ON al.id = d.alignment_id \
             WHERE d.confidence >= 0.5 ORDER BY d.id",
        ),
        Kind::Inconsistency => (
            "inconsistencies",
            "SELECT id, type, doc_id, start, end FROM inconsistencies ORDER BY id",
        ),
        Kind::Cue => (
            "items",
            "SELECT id, type, doc_id, start, end, value FROM items WHERE category = 'cue' ORDER BY id",
        ),
        Kind::Edge => (
            "edges",
            "SELECT e.id, e.relation, e.from_doc, e.from_source, s.key, s.label, e.to_doc, e.directed \
             FROM edges e LEFT JOIN external_sources s ON s.id = e.from_source ORDER BY e.id",
        ),
        Kind::NoDuplicate
        | Kind::NoAlignment
        | Kind::NoInconsistency
        | Kind::NoEdge
        | Kind::Exhaustive => {
            return Ok(Vec::new())
        }
    };
    let conn = store.conn();
    let mut stmt = conn.prepare(sql).map_err(|e| store.err(e))?;
    let rows = stmt
        .query_map([], |r| {
            let id: i64 = r.get(0)?;
            let body = match kind {
                Kind::Duplicate => PredBody::Duplicate {
                    a: doc_span(r, 1, 2, 3)?,
                    b: doc_span(r, 4, 5, 6)?,
                },
                Kind::Alignment => PredBody::Alignment {
                    a: doc_span(r, 1, 2, 3)?,
                    b: doc_span(r, 4, 5, 6)?,
                },
                Kind::Divergence => PredBody::Divergence {
                    ty: r.get(1)?,
                    alignment_id: r.get(2)?,
                    a: doc_span(r, 3, 4, 5)?,
                    b: doc_span(r, 6, 7, 8)?,
                    claim_a: doc_span(r, 3, 9, 10)?,
                    claim_b: doc_span(r, 6, 11, 12)?,
                },
                Kind::Inconsistency => PredBody::Inconsistency {
                    ty: r.get(1)?,
                    at: doc_span(r, 2, 3, 4)?,
                },
                Kind::Cue => PredBody::Cue {
                    ty: r.get(1)?,
                    at: doc_span(r, 2, 3, 4)?,
                    value: r.get(5)?,
                },
                _ => {
                    let from_doc: Option<i64> = r.get(2)?;
                    let from_source: Option<i64> = r.get(3)?;
                    let from = match from_doc {
                        Some(doc) => PredFrom::Doc(doc),
                        None => PredFrom::Source {
                            id: from_source.unwrap_or_default(),
                            key: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                            label: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                        },
                    };
                    PredBody::Edge {
                        relation: r.get(1)?,
                        from,
                        to: r.get(6)?,
                        directed: r.get::<_, i64>(7)? != 0,
                    }
                }
            };
            Ok(Prediction { table, id, body })
        })
        .map_err(|e| store.err(e))?;
    rows.collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| store.err(e))
}
