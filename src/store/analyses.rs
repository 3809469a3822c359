//! The text layer's tables: `analyses`, `claims` and `items`.

use super::Store;
use crate::error::Result;
use crate::model::results::Inconsistency;
use crate::text::{Analysis, TEXT_LAYER_VERSION};
use rusqlite::params;
use serde::Serialize;
use std::collections::HashSet;

/// A stored claim with its text.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub doc_id: i64,
    pub ordinal: i64,
    pub start: i64,
    pub end: i64,
    pub role: String,
    pub text: String,
}

/// A stored extracted item with its text.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: i64,
    pub doc_id: i64,
    pub claim_id: Option<String>,
    pub category: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub start: i64,
    pub end: i64,
    pub value: Option<String>,
    pub text: String,
    pub detail: serde_json::Value,
}

impl Store {
    /// Ids of the documents whose text has not been analysed by this version of the text layer.
    /// Only ids: the texts are read one at a time by the caller, so memory stays flat on a corpus.
    pub fn documents_to_analyse(&self) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.id FROM documents d LEFT JOIN analyses a ON a.doc_id = d.id \
                 WHERE a.version IS NULL OR a.version < ?1 ORDER BY d.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([TEXT_LAYER_VERSION], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// A document's SHA-256, text, language and publication date: what the text layer needs.
    pub fn document_for_analysis(
        &self,
        id: i64,
    ) -> Result<(String, String, String, Option<String>)> {
        self.conn
            .prepare_cached("SELECT sha256, text, language, published FROM documents WHERE id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            })
            .map_err(|e| self.err(e))
    }

    /// Starts replacing a document's text-layer results (claims, items, its own
    /// inconsistencies): one transaction, written window by window ([`AnalysisWriter::write`])
    /// and committed by [`AnalysisWriter::finish`]. Dropped unfinished, it writes nothing.
    pub fn begin_analysis(&mut self, doc_id: i64) -> Result<AnalysisWriter<'_>> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.savepoint().map_err(err)?;
        tx.execute("DELETE FROM items WHERE doc_id = ?1", [doc_id])
            .map_err(err)?;
        tx.execute("DELETE FROM claims WHERE doc_id = ?1", [doc_id])
            .map_err(err)?;
        Ok(AnalysisWriter { tx, path, doc_id })
    }

    /// Claims of one document, or of all documents, with their text. Each document's text is read
    /// once, by its own query: no query carries (or sorts) a document's text with every row.
    pub fn claims(&self, doc: Option<i64>) -> Result<Vec<ClaimRow>> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT c.id, c.doc_id, c.ordinal, c.start, c.end, c.role FROM claims c {} \
                 ORDER BY c.doc_id, c.ordinal",
                one_doc("c", doc)
            ))
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        let mut cache = DocChars::default();
        let rows = stmt
            .query_map([doc], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        for row in rows {
            let (id, doc_id, ordinal, start, end, role) = row.map_err(|e| self.err(e))?;
            let text = cache.slice(self, doc_id, start, end)?;
            out.push(ClaimRow {
                id,
                doc_id,
                ordinal,
                start,
                end,
                role,
                text,
            });
        }
        Ok(out)
    }

    /// Extracted items of one document, or of all documents, with their text.
    pub fn items(&self, doc: Option<i64>) -> Result<Vec<ItemRow>> {
        let mut out = Vec::new();
        self.each_item(doc, |it| out.push(it))?;
        Ok(out)
    }

    /// Calls `f` with each extracted item of one document, or of all documents, in text order,
    /// one at a time (a caller that keeps some need not hold them all).
    pub fn each_item(&self, doc: Option<i64>, f: impl FnMut(ItemRow)) -> Result<()> {
        self.each_item_kept(doc, |_, _, _| true, f)
    }

    /// Items of the claims that have an alignment (what the facts table reads), in text order.
    /// Only the pages with an alignment are read, and only the kept items get their text and
    /// detail: a large page nobody aligned costs nothing here.
    pub fn aligned_items(&self) -> Result<Vec<ItemRow>> {
        let claims: HashSet<String> = self
            .column("SELECT claim_a FROM alignments UNION SELECT claim_b FROM alignments")?
            .into_iter()
            .collect();
        let docs: Vec<i64> = self
            .column("SELECT doc_a FROM alignments UNION SELECT doc_b FROM alignments ORDER BY 1")?;
        let mut out = Vec::new();
        for doc in docs {
            self.each_item_kept(
                Some(doc),
                |_, _, claim| claim.is_some_and(|c| claims.contains(c)),
                |it| out.push(it),
            )?;
        }
        Ok(out)
    }

    /// The first column of every row of `sql` (no parameters).
    fn column<T: rusqlite::types::FromSql>(&self, sql: &str) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, T>(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))
    }

    /// Like [`Store::each_item`], for the items `keep(doc, start, claim)` accepts: the others are
    /// skipped before their text is cut and their detail parsed.
    pub fn each_item_kept(
        &self,
        doc: Option<i64>,
        keep: impl Fn(i64, i64, Option<&str>) -> bool,
        mut f: impl FnMut(ItemRow),
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT i.id, i.doc_id, i.claim_id, i.category, i.type, i.start, i.end, i.value, \
                 i.detail FROM items i {} ORDER BY i.doc_id, i.start, i.id",
                one_doc("i", doc)
            ))
            .map_err(|e| self.err(e))?;
        let mut cache = DocChars::default();
        let mut rows = stmt.query([doc]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let get = |e| self.err(e);
            let doc_id: i64 = r.get(1).map_err(get)?;
            let (start, end): (i64, i64) = (r.get(5).map_err(get)?, r.get(6).map_err(get)?);
            let claim_id: Option<String> = r.get(2).map_err(get)?;
            if !keep(doc_id, start, claim_id.as_deref()) {
                continue;
            }
            let text = cache.slice(self, doc_id, start, end)?;
            let detail: Option<String> = r.get(8).map_err(get)?;
            f(ItemRow {
                id: r.get(0).map_err(get)?,
                doc_id,
                claim_id,
                category: r.get(3).map_err(get)?,
                kind: r.get(4).map_err(get)?,
                start,
                end,
                value: r.get(7).map_err(get)?,
                text,
                detail: detail
                    .and_then(|d| serde_json::from_str(&d).ok())
                    .unwrap_or(serde_json::Value::Null),
            });
        }
        Ok(())
    }
}

/// The WHERE clause of a query over one document (`?1`) or all (`?1` unused): a single query
/// with `?1 IS NULL OR doc_id = ?1` cannot use the document index, and one page's rows then cost
/// a scan of the whole table.
fn one_doc(table: &str, doc: Option<i64>) -> String {
    match doc {
        Some(_) => format!("WHERE {table}.doc_id = ?1"),
        None => "WHERE ?1 IS NULL".to_string(),
    }
}

/// The characters of the document being read (rows come grouped by document): split once per
/// document, read by its own query.
#[derive(Default)]
struct DocChars {
    doc: Option<i64>,
    chars: Vec<char>,
}

impl DocChars {
    fn slice(&mut self, store: &Store, doc: i64, start: i64, end: i64) -> Result<String> {
        if self.doc != Some(doc) {
            self.chars = store.text_of(doc)?.chars().collect();
            self.doc = Some(doc);
        }
        Ok(crate::text::extract::slice_chars(
            &self.chars,
            start as usize,
            end as usize,
        ))
    }
}

/// A document's text-layer results being written in one transaction ([`Store::begin_analysis`]).
pub struct AnalysisWriter<'a> {
    tx: rusqlite::Savepoint<'a>,
    path: std::path::PathBuf,
    doc_id: i64,
}

impl AnalysisWriter<'_> {
    /// Writes the claims and items of an analysis (the whole page's or one window's).
    pub fn write(&mut self, analysis: &Analysis) -> Result<()> {
        let (path, doc_id) = (&self.path, self.doc_id);
        let err = |e| super::db_error(path, e);
        let mut ins = self
            .tx
            .prepare_cached(
                "INSERT INTO claims (id, doc_id, ordinal, start, end, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(err)?;
        for c in &analysis.claims {
            ins.execute(params![
                c.id,
                doc_id,
                c.ordinal as i64,
                c.start as i64,
                c.end as i64,
                c.role.as_str()
            ])
            .map_err(err)?;
        }
        let mut ins = self
            .tx
            .prepare_cached(
                "INSERT INTO items (doc_id, claim_id, category, type, start, end, value, detail) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .map_err(err)?;
        for (holder, it) in &analysis.items {
            let claim = holder.and_then(|i| analysis.claims.get(i)).map(|c| &c.id);
            ins.execute(params![
                doc_id,
                claim,
                it.category,
                it.kind,
                it.start as i64,
                it.end as i64,
                it.value,
                it.detail.to_string()
            ])
            .map_err(err)?;
        }
        Ok(())
    }

    /// Replaces the document's own inconsistencies with `found`, records the analysis (and the
    /// page date its text states, when the document has none), and commits all of it.
    pub fn finish(self, found: &[Inconsistency], stated_published: Option<&str>) -> Result<()> {
        let (path, doc_id) = (&self.path, self.doc_id);
        let err = |e| super::db_error(path, e);
        super::check::replace_own_inconsistencies(&self.tx, doc_id, found).map_err(err)?;
        if let Some(p) = stated_published {
            self.tx
                .execute(
                    "UPDATE documents SET published = ?1, published_source = 'text' \
                     WHERE id = ?2 AND published IS NULL",
                    params![p, doc_id],
                )
                .map_err(err)?;
        }
        self.tx
            .execute(
                "INSERT OR REPLACE INTO analyses (doc_id, version, analysed_at) VALUES (?1, ?2, ?3)",
                params![
                    doc_id,
                    TEXT_LAYER_VERSION,
                    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ],
            )
            .map_err(err)?;
        self.tx.commit().map_err(err)
    }
}
