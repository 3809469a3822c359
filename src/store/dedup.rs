//! The dedup stage's tables: `fingerprints`, `duplicate_pairs`, `passage_families`.

use super::Store;
use crate::error::Result;
use crate::model::results::DuplicatePair;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// A stored duplicate pair with the texts of its two sides.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateRow {
    pub id: i64,
    pub doc_a: i64,
    pub a_start: i64,
    pub a_end: i64,
    pub doc_b: i64,
    pub b_start: i64,
    pub b_end: i64,
    pub similarity: f64,
    pub family: Option<i64>,
    pub a_text: String,
    pub b_text: String,
    pub detail: serde_json::Value,
}

/// A stored family of copied passages.
#[derive(Debug, Clone, Serialize)]
pub struct FamilyRow {
    pub id: i64,
    pub passages: i64,
    pub documents: i64,
    pub earliest_doc: Option<i64>,
    pub earliest_start: Option<i64>,
    pub earliest_end: Option<i64>,
}

/// A stored pair's spans: (pair id, doc a, a start, a end, doc b, b start, b end).
pub type PairSpans = (i64, i64, i64, i64, i64, i64, i64);

/// A family to store: (passages, documents, earliest passage as (doc, start, end)).
pub type FamilySummary = (usize, usize, Option<(i64, i64, i64)>);

/// Packs fingerprints for `fingerprints.data`: the low 32 bits of each distinct hash, sorted,
/// 4 bytes little-endian each. A later run only needs to know which stored pages hold a new
/// page's fingerprints; a chance match of 32 bits only adds a candidate that alignment rejects.
pub fn pack(fp: &[(u64, u32)]) -> Vec<u8> {
    let mut keys: Vec<u32> = fp.iter().map(|(h, _)| *h as u32).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

/// Unpacks `fingerprints.data` (see [`pack`]): its keys, without copying them.
pub fn unpack(data: &[u8]) -> impl Iterator<Item = u32> + '_ {
    data.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

impl Store {
    /// Ids of documents without fingerprints of this dedup version.
    pub fn documents_to_fingerprint(&self, version: i64) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.id FROM documents d LEFT JOIN fingerprints f ON f.doc_id = d.id \
                 WHERE f.version IS NULL OR f.version <> ?1 ORDER BY d.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([version], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Calls `f` with every stored fingerprint set of this version (document id, packed keys,
    /// see [`pack`]), one row at a time, in id order.
    pub fn each_fingerprints(&self, version: i64, mut f: impl FnMut(i64, &[u8])) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id, data FROM fingerprints WHERE version = ?1 ORDER BY doc_id")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([version]).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let id: i64 = r.get(0).map_err(|e| self.err(e))?;
            let data = r.get_ref(1).map_err(|e| self.err(e))?;
            let bytes = data.as_blob().map_err(|e| {
                self.err(rusqlite::Error::FromSqlConversionFailure(
                    1,
                    data.data_type(),
                    Box::new(e),
                ))
            })?;
            f(id, bytes);
        }
        Ok(())
    }

    /// A document's text, by id.
    pub fn text_of(&self, id: i64) -> Result<String> {
        self.conn
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// Forgets every page's fingerprints, duplicate pairs and families (one transaction), so that
    /// the next dedup run compares every page again.
    pub fn clear_dedup(&mut self) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| super::db_error(&path, e))?;
        for sql in [
            "DELETE FROM duplicate_pairs",
            "DELETE FROM passage_families",
            "DELETE FROM fingerprints",
        ] {
            tx.execute(sql, []).map_err(|e| super::db_error(&path, e))?;
        }
        tx.commit().map_err(|e| super::db_error(&path, e))
    }

    /// Stores one document's fingerprints and the duplicate pairs it takes part in, replacing any
    /// earlier ones, in one transaction.
    pub fn save_dedup(
        &mut self,
        doc_id: i64,
        version: i64,
        fingerprints: &[(u64, u32)],
        pairs: &[DuplicatePair],
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.savepoint().map_err(err)?;
        tx.execute("DELETE FROM duplicate_pairs WHERE doc_b = ?1", [doc_id])
            .map_err(err)?;
        tx.execute(
            "INSERT OR REPLACE INTO fingerprints (doc_id, version, data) VALUES (?1, ?2, ?3)",
            params![doc_id, version, pack(fingerprints)],
        )
        .map_err(err)?;
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO duplicate_pairs (doc_a, a_start, a_end, doc_b, b_start, b_end, \
                     similarity, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for p in pairs {
                let detail = serde_json::json!({
                    "words_a": p.words_a, "words_b": p.words_b, "equal_words": p.equal_words,
                    "inserted_words": p.inserted_words, "deleted_words": p.deleted_words,
                    "replaced_words": p.replaced_words, "shared_chars": p.shared_chars,
                    "diff": p.diff,
                });
                ins.execute(params![
                    p.doc_a,
                    p.a_start as i64,
                    p.a_end as i64,
                    p.doc_b,
                    p.b_start as i64,
                    p.b_end as i64,
                    p.similarity,
                    detail.to_string()
                ])
                .map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// All duplicate pairs as (id, doc_a, a_start, a_end, doc_b, b_start, b_end).
    pub fn duplicate_spans(&self) -> Result<Vec<PairSpans>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, doc_a, a_start, a_end, doc_b, b_start, b_end FROM duplicate_pairs ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Each stored pair's family id (None before families are grouped).
    pub fn pair_family_ids(&self) -> Result<std::collections::HashMap<i64, Option<i64>>> {
        self.id_map("SELECT id, family_id FROM duplicate_pairs")
    }

    /// A map from the first column (an id) to the second, over the rows of `sql`.
    fn id_map<T: rusqlite::types::FromSql>(
        &self,
        sql: &str,
    ) -> Result<std::collections::HashMap<i64, T>> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Replaces the families with `families` (id, (passages, documents, earliest (doc, start,
    /// end))) and sets the family of the pairs in `changed` (pair id, family id), in one
    /// transaction. Families are upserted, not deleted and inserted: deleting a family would set
    /// its pairs' family to NULL (ON DELETE SET NULL), and every pair would be written again.
    pub fn save_families(
        &mut self,
        families: &[(i64, FamilySummary)],
        changed: &[(i64, i64)],
    ) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.savepoint().map_err(err)?;
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT INTO passage_families (id, passages, documents, earliest_doc, \
                     earliest_start, earliest_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                     ON CONFLICT(id) DO UPDATE SET passages = excluded.passages, \
                     documents = excluded.documents, earliest_doc = excluded.earliest_doc, \
                     earliest_start = excluded.earliest_start, earliest_end = excluded.earliest_end",
                )
                .map_err(err)?;
            for (id, (passages, documents, earliest)) in families {
                ins.execute(params![
                    id,
                    *passages as i64,
                    *documents as i64,
                    earliest.map(|e| e.0),
                    earliest.map(|e| e.1),
                    earliest.map(|e| e.2)
                ])
                .map_err(err)?;
            }
            let mut up = tx
                .prepare_cached("UPDATE duplicate_pairs SET family_id = ?1 WHERE id = ?2")
                .map_err(err)?;
            for (pair, family) in changed {
                up.execute(params![family, pair]).map_err(err)?;
            }
            // Families no pair belongs to any more.
            let kept: std::collections::HashSet<i64> = families.iter().map(|f| f.0).collect();
            let stale: Vec<i64> = tx
                .prepare("SELECT id FROM passage_families")
                .and_then(|mut s| {
                    s.query_map([], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()
                })
                .map_err(err)?
                .into_iter()
                .filter(|id| !kept.contains(id))
                .collect();
            let mut del = tx
                .prepare_cached("DELETE FROM passage_families WHERE id = ?1")
                .map_err(err)?;
            for id in stale {
                del.execute([id]).map_err(err)?;
            }
        }
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Every page's origin: (id, outlet or else site name, URL, length in characters,
    /// publication date).
    #[allow(clippy::type_complexity)]
    pub fn page_origins(
        &self,
    ) -> Result<Vec<(i64, Option<String>, Option<String>, i64, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, COALESCE(NULLIF(outlet, ''), site_name), url, chars, published \
                 FROM documents ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// Every document's publication date, where known.
    pub fn published_dates(&self) -> Result<std::collections::HashMap<i64, String>> {
        self.id_map("SELECT id, published FROM documents WHERE published IS NOT NULL")
    }

    /// The publication date of a document, if known.
    pub fn published_of(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT published FROM documents WHERE id = ?1")
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// Duplicate pairs (optionally those touching one document), with their texts.
    pub fn duplicates(&self, doc: Option<i64>, min_chars: usize) -> Result<Vec<DuplicateRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT p.id, p.doc_a, p.a_start, p.a_end, p.doc_b, p.b_start, p.b_end, p.similarity, \
                 p.family_id, p.detail FROM duplicate_pairs p \
                 WHERE (?1 IS NULL OR p.doc_a = ?1 OR p.doc_b = ?1) \
                 AND (p.a_end - p.a_start) >= ?2 AND (p.b_end - p.b_start) >= ?2 \
                 ORDER BY p.doc_a, p.doc_b, p.a_start",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![doc, min_chars as i64], |r| {
                let detail: Option<String> = r.get(9)?;
                Ok(DuplicateRow {
                    id: r.get(0)?,
                    doc_a: r.get(1)?,
                    a_start: r.get(2)?,
                    a_end: r.get(3)?,
                    doc_b: r.get(4)?,
                    b_start: r.get(5)?,
                    b_end: r.get(6)?,
                    similarity: r.get(7)?,
                    family: r.get(8)?,
                    a_text: String::new(),
                    b_text: String::new(),
                    detail: detail
                        .and_then(|d| serde_json::from_str(&d).ok())
                        .unwrap_or(serde_json::Value::Null),
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))?;
        let mut texts = super::TextCache::default();
        for r in &mut out {
            r.a_text = texts.slice(self, r.doc_a, r.a_start, r.a_end)?;
            r.b_text = texts.slice(self, r.doc_b, r.b_start, r.b_end)?;
        }
        Ok(out)
    }

    /// The families of copied passages.
    pub fn families(&self) -> Result<Vec<FamilyRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, passages, documents, earliest_doc, earliest_start, earliest_end FROM passage_families ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(FamilyRow {
                    id: r.get(0)?,
                    passages: r.get(1)?,
                    documents: r.get(2)?,
                    earliest_doc: r.get(3)?,
                    earliest_start: r.get(4)?,
                    earliest_end: r.get(5)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}
