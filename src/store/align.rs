//! The align stage's table: `alignments`.

use super::Store;
use crate::error::Result;
use crate::model::results::{Alignment, ClaimInput, DocInput, ItemInput};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// A stored aligned pair with the texts of both claims.
#[derive(Debug, Clone, Serialize)]
pub struct AlignmentRow {
    pub id: i64,
    pub claim_a: String,
    pub claim_b: String,
    pub doc_a: i64,
    pub a_start: i64,
    pub a_end: i64,
    pub doc_b: i64,
    pub b_start: i64,
    pub b_end: i64,
    pub score: f64,
    pub a_text: String,
    pub b_text: String,
    /// Why they were aligned (typed: a corpus's report reads hundreds of thousands).
    pub detail: crate::model::results::Explanation,
}

/// Pages whose claims were cut at the align stage's limit: (document id, its number of claims).
pub type CutPages = Vec<(i64, usize)>;

impl Store {
    /// The cached sentence vectors of `model` for the claim texts with these SHA-256 (the ones
    /// found; a blob of the wrong length is skipped and will be recomputed).
    pub fn claim_vectors(
        &self,
        model: &str,
        shas: &[String],
        dim: usize,
    ) -> Result<std::collections::HashMap<String, Vec<f32>>> {
        let mut out = std::collections::HashMap::new();
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT vector FROM claim_vectors WHERE text_sha256 = ?1 AND model = ?2",
            )
            .map_err(|e| self.err(e))?;
        for sha in shas {
            let blob: Option<Vec<u8>> = stmt
                .query_row(params![sha, model], |r| r.get(0))
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(b) = blob.filter(|b| b.len() == dim * 4) {
                let v = b
                    .chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                out.insert(sha.clone(), v);
            }
        }
        Ok(out)
    }

    /// Caches sentence vectors of `model` by claim-text SHA-256, in one transaction.
    pub fn put_claim_vectors(&mut self, model: &str, vectors: &[(String, Vec<f32>)]) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO claim_vectors (text_sha256, model, vector) VALUES (?1, ?2, ?3)",
                )
                .map_err(err)?;
            for (sha, v) in vectors {
                let blob: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
                stmt.execute(params![sha, model, blob]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Every analysed document's claims and items, as the align stage takes them: of a page with
    /// more than `max_claims` claims, its first `max_claims` and the items before the last one's
    /// end (the rest is never loaded). Also returns each page cut that way with its claim count.
    pub fn align_inputs(&self, max_claims: usize) -> Result<(Vec<DocInput>, CutPages)> {
        let docs = self.documents()?;
        let mut claims = self.claims(None)?;
        let mut counts: std::collections::HashMap<i64, usize> = Default::default();
        for c in &claims {
            *counts.entry(c.doc_id).or_default() += 1;
        }
        let mut cut: Vec<(i64, usize)> = counts
            .into_iter()
            .filter(|&(_, n)| n > max_claims)
            .collect();
        cut.sort_unstable();
        claims.retain(|c| (c.ordinal as usize) < max_claims);
        // Where the kept claims of a cut page end: items after that are not loaded.
        let limit: std::collections::HashMap<i64, i64> = claims
            .iter()
            .filter(|c| c.ordinal as usize + 1 == max_claims && cut.iter().any(|x| x.0 == c.doc_id))
            .map(|c| (c.doc_id, c.end))
            .collect();
        let mut out: Vec<DocInput> = docs
            .iter()
            .map(|d| DocInput {
                id: d.id,
                lang: d.language.clone(),
                outlet: crate::text::origin::outlet_key(
                    d.outlet.as_deref(),
                    d.site_name.as_deref(),
                    d.url.as_deref(),
                ),
                claims: Vec::new(),
                items: Vec::new(),
            })
            .collect();
        let index: std::collections::HashMap<i64, usize> =
            out.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        for c in claims {
            if let Some(&i) = index.get(&c.doc_id) {
                out[i].claims.push(ClaimInput {
                    id: c.id,
                    doc: c.doc_id,
                    ordinal: c.ordinal,
                    start: c.start as usize,
                    end: c.end as usize,
                    role: c.role,
                    text: c.text,
                    vector: None,
                });
            }
        }
        let keep = |doc: i64, start: i64, _: Option<&str>| {
            index.contains_key(&doc) && limit.get(&doc).is_none_or(|&end| start < end)
        };
        self.each_item_kept(None, keep, |it| {
            if let Some(&i) = index.get(&it.doc_id) {
                let key = it
                    .detail
                    .get("key")
                    .and_then(|k| k.as_str())
                    .map(str::to_string);
                out[i].items.push(ItemInput {
                    claim_id: it.claim_id,
                    category: it.category,
                    kind: it.kind,
                    start: it.start as usize,
                    end: it.end as usize,
                    value: it.value,
                    text: it.text,
                    key,
                    year_inferred: it.detail.get("year_inferred").is_some_and(|v| !v.is_null()),
                });
            }
        })?;
        Ok((out, cut))
    }

    /// Replaces every stored alignment (and so every divergence) with `pairs`, in one transaction.
    pub fn save_alignments(&mut self, pairs: &[Alignment]) -> Result<Vec<i64>> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("DELETE FROM divergences", []).map_err(err)?;
        tx.execute("DELETE FROM alignments", []).map_err(err)?;
        // Inserted in the listing's order (documents, then positions), so that row ids give it.
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        order.sort_by_key(|&k| {
            let p = &pairs[k];
            (p.doc_a, p.doc_b, p.a_start, p.b_start, k)
        });
        let mut ids = vec![0i64; pairs.len()];
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO alignments (claim_a, claim_b, doc_a, a_start, a_end, doc_b, b_start, \
                     b_end, score, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(err)?;
            for k in order {
                let p = &pairs[k];
                ins.execute(params![
                    p.claim_a,
                    p.claim_b,
                    p.doc_a,
                    p.a_start as i64,
                    p.a_end as i64,
                    p.doc_b,
                    p.b_start as i64,
                    p.b_end as i64,
                    p.score,
                    serde_json::to_string(&p.detail).unwrap_or_default()
                ])
                .map_err(err)?;
                ids[k] = tx.last_insert_rowid();
            }
        }
        tx.commit().map_err(err)?;
        Ok(ids)
    }

    /// Stored alignments, of all documents or of those touching `doc` (or exactly the pair `pair`),
    /// with a score at least `min_score`.
    pub fn alignments(
        &self,
        doc: Option<i64>,
        pair: Option<(i64, i64)>,
        min_score: f64,
    ) -> Result<Vec<AlignmentRow>> {
        self.alignments_with(doc, pair, min_score, true)
    }

    /// Every stored alignment without its explanation but for its probability (what the facts
    /// table and the summary read): a corpus's explanations are most of its alignments' weight.
    pub fn alignment_links(&self) -> Result<Vec<AlignmentRow>> {
        self.alignments_with(None, None, 0.0, false)
    }

    fn alignments_with(
        &self,
        doc: Option<i64>,
        pair: Option<(i64, i64)>,
        min_score: f64,
        explained: bool,
    ) -> Result<Vec<AlignmentRow>> {
        // Rows are stored sorted by documents and positions (one transaction replaces them all),
        // so their ids give that order without sorting rows that carry explanations.
        let detail = if explained {
            "detail"
        } else {
            "json_object('probability', json_extract(detail, '$.probability'))"
        };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT id, claim_a, claim_b, doc_a, a_start, a_end, doc_b, b_start, b_end, score, \
                 {detail} FROM alignments WHERE score >= ?1 ORDER BY id"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([min_score], |r| {
                Ok(AlignmentRow {
                    id: r.get(0)?,
                    claim_a: r.get(1)?,
                    claim_b: r.get(2)?,
                    doc_a: r.get(3)?,
                    a_start: r.get(4)?,
                    a_end: r.get(5)?,
                    doc_b: r.get(6)?,
                    b_start: r.get(7)?,
                    b_end: r.get(8)?,
                    score: r.get(9)?,
                    a_text: String::new(),
                    b_text: String::new(),
                    detail: r
                        .get::<_, Option<String>>(10)?
                        .and_then(|d| serde_json::from_str(&d).ok())
                        .unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        let mut texts = super::TextCache::default();
        for r in rows {
            let mut r = r.map_err(|e| self.err(e))?;
            if !super::pair_selected(r.doc_a, r.doc_b, doc, pair) {
                continue;
            }
            r.a_text = texts.slice(self, r.doc_a, r.a_start, r.a_end)?;
            r.b_text = texts.slice(self, r.doc_b, r.b_start, r.b_end)?;
            out.push(r);
        }
        Ok(out)
    }
}

impl Store {
    /// A signature of what the corpus-wide stages see: every document's id, language, dates,
    /// outlet, URLs and kind, and the text layer's version of its analysis.
    pub fn corpus_signature(&self) -> Result<String> {
        self.conn
            .query_row(
                "SELECT count(*) || ':' || coalesce(group_concat(sig, ';'), '') FROM (SELECT \
                 d.id || ',' || d.language || ',' || coalesce(d.published, '') || ',' || \
                 coalesce(d.outlet, '') || ',' || coalesce(d.url, '') || ',' || \
                 coalesce(d.source_url, '') || ',' || coalesce(d.kind, '') || ',' || \
                 coalesce(a.version, 0) AS sig FROM documents d LEFT JOIN analyses a ON a.doc_id = d.id \
                 ORDER BY d.id)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// The signature a stage last ran on.
    pub fn stage_signature(&self, stage: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT signature FROM stage_state WHERE stage = ?1",
                [stage],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The parameters (JSON) a stage last ran with, and when; `None` when it never ran or ran
    /// before parameters were recorded.
    pub fn stage_params(&self, stage: &str) -> Result<Option<(String, String)>> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT params, done_at FROM stage_state WHERE stage = ?1 AND params IS NOT NULL",
                [stage],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Records that a stage ran on `signature` with `params` (JSON).
    pub fn set_stage_signature(&self, stage: &str, signature: &str, params: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO stage_state (stage, signature, done_at, params) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![stage, signature, chrono::Utc::now().to_rfc3339(), params],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}
