//! The diverge stage's table: `divergences`.

use super::Store;
use crate::error::Result;
use crate::model::results::Divergence;
use rusqlite::params;
use serde::Serialize;

/// A stored divergence with its alignment's documents and the texts of both spans.
#[derive(Debug, Clone, Serialize)]
pub struct DivergenceRow {
    pub id: i64,
    pub alignment_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub doc_a: i64,
    pub a_start: i64,
    pub a_end: i64,
    pub doc_b: i64,
    pub b_start: i64,
    pub b_end: i64,
    pub value_a: Option<String>,
    pub value_b: Option<String>,
    pub severity: String,
    pub explanation: String,
    pub rule: String,
    pub confidence: f64,
    pub a_text: String,
    pub b_text: String,
    pub claim_a_text: String,
    pub claim_b_text: String,
}

impl Store {
    /// Replaces every stored divergence with `found` (alignment id, divergence), in one transaction.
    pub fn save_divergences(&mut self, found: &[(i64, Divergence)]) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("DELETE FROM divergences", []).map_err(err)?;
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO divergences (alignment_id, type, a_start, a_end, b_start, b_end, \
                     value_a, value_b, severity, explanation, rule, confidence) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .map_err(err)?;
            for (al, d) in found {
                ins.execute(params![
                    al,
                    d.kind.name(),
                    d.a_start as i64,
                    d.a_end as i64,
                    d.b_start as i64,
                    d.b_end as i64,
                    d.value_a,
                    d.value_b,
                    d.severity,
                    d.explanation,
                    d.rule,
                    d.confidence
                ])
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Stored divergences at or above `min_confidence`, optionally of one document (either side),
    /// one pair of documents, one type.
    pub fn divergences(
        &self,
        doc: Option<i64>,
        pair: Option<(i64, i64)>,
        kind: Option<&str>,
        min_confidence: f64,
    ) -> Result<Vec<DivergenceRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.id, d.alignment_id, d.type, al.doc_a, d.a_start, d.a_end, al.doc_b, d.b_start, \
                 d.b_end, d.value_a, d.value_b, d.severity, d.explanation, al.a_start, al.a_end, \
                 al.b_start, al.b_end, d.rule, d.confidence FROM divergences d \
                 JOIN alignments al ON al.id = d.alignment_id \
                 WHERE (?1 IS NULL OR d.type = ?1) AND d.confidence >= ?2 \
                 ORDER BY al.doc_a, al.doc_b, al.a_start, d.id",
            )
            .map_err(|e| self.err(e))?;
        type Raw = (DivergenceRow, (i64, i64, i64, i64));
        let rows = stmt
            .query_map(params![kind, min_confidence], |r| {
                Ok((
                    DivergenceRow {
                        id: r.get(0)?,
                        alignment_id: r.get(1)?,
                        kind: r.get(2)?,
                        doc_a: r.get(3)?,
                        a_start: r.get(4)?,
                        a_end: r.get(5)?,
                        doc_b: r.get(6)?,
                        b_start: r.get(7)?,
                        b_end: r.get(8)?,
                        value_a: r.get(9)?,
                        value_b: r.get(10)?,
                        severity: r.get(11)?,
                        explanation: r.get(12)?,
                        rule: r.get(17)?,
                        confidence: r.get(18)?,
                        a_text: String::new(),
                        b_text: String::new(),
                        claim_a_text: String::new(),
                        claim_b_text: String::new(),
                    },
                    (r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?),
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut texts = super::TextCache::default();
        let mut out = Vec::new();
        for row in rows {
            let (mut r, (cas, cae, cbs, cbe)): Raw = row.map_err(|e| self.err(e))?;
            if !super::pair_selected(r.doc_a, r.doc_b, doc, pair) {
                continue;
            }
            r.a_text = texts.slice(self, r.doc_a, r.a_start, r.a_end)?;
            r.b_text = texts.slice(self, r.doc_b, r.b_start, r.b_end)?;
            r.claim_a_text = texts.slice(self, r.doc_a, cas, cae)?;
            r.claim_b_text = texts.slice(self, r.doc_b, cbs, cbe)?;
            out.push(r);
        }
        Ok(out)
    }
}
