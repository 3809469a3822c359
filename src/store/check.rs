//! The check stage's table: `inconsistencies`.

use super::Store;
use crate::error::Result;
use crate::model::results::Inconsistency;
use rusqlite::params;
use serde::Serialize;

/// A stored inconsistency with its text.
#[derive(Debug, Clone, Serialize)]
pub struct InconsistencyRow {
    pub id: i64,
    pub doc_id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub value: Option<String>,
    pub severity: String,
    pub explanation: String,
}

/// The cross-page inconsistency types as an SQL list: `'stale_date', 'date_order'`.
fn corpus_types() -> String {
    crate::model::InconsistencyKind::CROSS_PAGE
        .iter()
        .map(|t| format!("'{}'", t.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Replaces a document's own inconsistencies (all but the cross-page types, which belong to
/// [`Store::replace_corpus_inconsistencies`]) inside the caller's transaction.
pub(super) fn replace_own_inconsistencies(
    conn: &rusqlite::Connection,
    doc_id: i64,
    found: &[Inconsistency],
) -> rusqlite::Result<()> {
    let rows: Vec<(i64, &Inconsistency)> = found.iter().map(|i| (doc_id, i)).collect();
    let delete = format!(
        "DELETE FROM inconsistencies WHERE doc_id = ?1 AND type NOT IN ({})",
        corpus_types()
    );
    replace_in(conn, &delete, Some(doc_id), &rows)
}

/// Runs `delete` (with `?1` bound to `doc`, when given) and inserts `rows` on `conn`.
fn replace_in(
    conn: &rusqlite::Connection,
    delete: &str,
    doc: Option<i64>,
    rows: &[(i64, &Inconsistency)],
) -> rusqlite::Result<()> {
    conn.execute(delete, rusqlite::params_from_iter(doc))?;
    let mut ins = conn.prepare_cached(
        "INSERT INTO inconsistencies (doc_id, type, start, end, value, severity, explanation) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (doc, i) in rows {
        ins.execute(params![
            doc,
            i.kind.name(),
            i.start as i64,
            i.end as i64,
            i.value,
            i.severity,
            i.explanation
        ])?;
    }
    Ok(())
}

impl Store {
    /// Replaces every inconsistency of the cross-page types ([`crate::model::InconsistencyKind::CROSS_PAGE`]) with
    /// `found` (document, inconsistency), in one transaction.
    pub fn replace_corpus_inconsistencies(&mut self, found: &[(i64, Inconsistency)]) -> Result<()> {
        let rows: Vec<(i64, &Inconsistency)> = found.iter().map(|(d, i)| (*d, i)).collect();
        let delete = format!(
            "DELETE FROM inconsistencies WHERE type IN ({})",
            corpus_types()
        );
        self.replace_inconsistencies(&delete, None, &rows)
    }

    /// Runs `delete` (with `?1` bound to `doc`, when given) and inserts `rows`, in one
    /// transaction.
    fn replace_inconsistencies(
        &mut self,
        delete: &str,
        doc: Option<i64>,
        rows: &[(i64, &Inconsistency)],
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.savepoint().map_err(err)?;
        replace_in(&tx, delete, doc, rows).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Inconsistencies of one document, or of all, with the text they point at.
    pub fn inconsistencies(&self, doc: Option<i64>) -> Result<Vec<InconsistencyRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, doc_id, type, start, end, value, severity, explanation FROM inconsistencies \
                 WHERE ?1 IS NULL OR doc_id = ?1 ORDER BY doc_id, start",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([doc], |r| {
                Ok(InconsistencyRow {
                    id: r.get(0)?,
                    doc_id: r.get(1)?,
                    kind: r.get(2)?,
                    start: r.get(3)?,
                    end: r.get(4)?,
                    text: String::new(),
                    value: r.get(5)?,
                    severity: r.get(6)?,
                    explanation: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        let mut cache: Option<(i64, Vec<char>)> = None;
        for r in &mut out {
            if cache.as_ref().map(|(d, _)| *d != r.doc_id).unwrap_or(true) {
                cache = Some((r.doc_id, self.text_of(r.doc_id)?.chars().collect()));
            }
            let chars = &cache.as_ref().expect("cached").1;
            r.text = crate::text::extract::slice_chars(chars, r.start as usize, r.end as usize);
        }
        Ok(out)
    }
}
