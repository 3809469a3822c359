//! The `documents` table: insert one document in one transaction, read documents back.

use super::Store;
use crate::error::Result;
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

/// A document ready to be stored: original bytes, decoded text and everything known about it.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub sha256: String,
    pub path: String,
    pub format: String,
    pub encoding: String,
    pub encoding_source: String,
    pub raw: Vec<u8>,
    pub text: String,
    pub language: String,
    pub language_source: String,
    pub language_confidence: Option<f64>,
    pub title: Option<String>,
    pub title_source: Option<String>,
    pub outlet: Option<String>,
    /// Where the outlet was read: `manifest`, `html` (the site name) or `url` (the host).
    pub outlet_source: Option<String>,
    /// Undecodable byte sequences replaced by U+FFFD (`--lossy`): byte offset and length.
    pub replaced_bytes: Vec<(usize, usize)>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub source_url: Option<String>,
    pub published: Option<String>,
    pub published_source: Option<String>,
    pub kind: Option<String>,
    pub html_parse_errors: usize,
}

/// A stored document's metadata (not its bytes or text).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRow {
    pub id: i64,
    pub sha256: String,
    pub path: String,
    pub format: String,
    pub encoding: String,
    pub bytes: i64,
    pub chars: i64,
    pub language: String,
    pub language_source: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub outlet_source: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub source_url: Option<String>,
    pub published: Option<String>,
    pub published_source: Option<String>,
    pub kind: Option<String>,
    pub previous_version: Option<i64>,
    /// Where `ingest --lossy` replaced undecodable bytes by U+FFFD: `[byte offset, length]` in
    /// the original bytes; absent when nothing was replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_bytes: Option<Vec<(usize, usize)>>,
}

const ROW_COLUMNS: &str = "id, sha256, path, format, encoding, bytes, chars, language, \
     language_source, title, outlet, site_name, url, canonical_url, source_url, published, \
     published_source, kind, previous_version, outlet_source, replaced_bytes";

fn row_to_document(r: &Row<'_>) -> rusqlite::Result<DocumentRow> {
    Ok(DocumentRow {
        id: r.get(0)?,
        sha256: r.get(1)?,
        path: r.get(2)?,
        format: r.get(3)?,
        encoding: r.get(4)?,
        bytes: r.get(5)?,
        chars: r.get(6)?,
        language: r.get(7)?,
        language_source: r.get(8)?,
        title: r.get(9)?,
        outlet: r.get(10)?,
        site_name: r.get(11)?,
        url: r.get(12)?,
        canonical_url: r.get(13)?,
        source_url: r.get(14)?,
        published: r.get(15)?,
        published_source: r.get(16)?,
        kind: r.get(17)?,
        previous_version: r.get(18)?,
        outlet_source: r.get(19)?,
        replaced_bytes: r
            .get::<_, Option<String>>(20)?
            .and_then(|j| serde_json::from_str(&j).ok()),
    })
}

/// A metadata field: its column, the new and current values, and the column recording its source.
type Field<'a> = (
    &'static str,
    &'a Option<String>,
    &'a Option<String>,
    Option<&'static str>,
);

/// Metadata fields a manifest can set on an already stored document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetadataUpdate {
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub source_url: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
}

/// What [`Store::insert_document`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored under `id`; `previous` is the earlier version of the same URL, if any.
    New { id: i64, previous: Option<i64> },
    /// The same bytes were stored already, under this id.
    Exists(i64),
}

impl Store {
    /// The id of the document with this SHA-256, if stored.
    pub fn find_by_sha(&self, sha256: &str) -> Result<Option<i64>> {
        self.conn
            .prepare_cached("SELECT id FROM documents WHERE sha256 = ?1")
            .and_then(|mut s| s.query_row([sha256], |r| r.get(0)).optional())
            .map_err(|e| self.err(e))
    }

    /// The newest document stored under this URL, if any.
    pub fn latest_by_url(&self, url: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT id FROM documents WHERE url = ?1 ORDER BY id DESC LIMIT 1",
                [url],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Stores one document in one transaction and returns its id and the earlier version it was
    /// linked to (a document whose URL is already stored with other content is linked to the
    /// newest earlier version), or [`Inserted::Exists`] when the same bytes are stored already, even by another process a moment ago: the check and the
    /// insert happen under one write lock (`BEGIN IMMEDIATE`, which waits for the busy timeout),
    /// or inside the caller's transaction (a savepoint, so that it nests in a `--strict` batch).
    pub fn insert_document(&mut self, doc: &NewDocument) -> Result<Inserted> {
        let own = self.conn.is_autocommit();
        let begin = if own {
            "BEGIN IMMEDIATE"
        } else {
            "SAVEPOINT document"
        };
        self.conn.execute_batch(begin).map_err(|e| self.err(e))?;
        let result = match self.find_by_sha(&doc.sha256) {
            Ok(Some(id)) => Ok(Inserted::Exists(id)),
            Ok(None) => self
                .insert_document_rows(doc)
                .map(|(id, previous)| Inserted::New { id, previous }),
            Err(e) => Err(e),
        };
        match result {
            Ok(inserted) => {
                let end = if own { "COMMIT" } else { "RELEASE document" };
                self.conn.execute_batch(end).map_err(|e| self.err(e))?;
                Ok(inserted)
            }
            Err(e) => {
                let undo = if own {
                    "ROLLBACK"
                } else {
                    "ROLLBACK TO document; RELEASE document;"
                };
                let _ = self.conn.execute_batch(undo);
                Err(e)
            }
        }
    }

    fn insert_document_rows(&self, doc: &NewDocument) -> Result<(i64, Option<i64>)> {
        let err = |e| self.err(e);
        let previous: Option<i64> = match &doc.url {
            Some(url) => self
                .conn
                .prepare_cached("SELECT id FROM documents WHERE url = ?1 ORDER BY id DESC LIMIT 1")
                .and_then(|mut s| s.query_row([url], |r| r.get(0)).optional())
                .map_err(err)?,
            None => None,
        };
        // Plain UTF-8 pages are not stored twice: `raw` is NULL when it equals the text's bytes.
        let raw: Option<&[u8]> = (doc.raw != doc.text.as_bytes()).then_some(&doc.raw[..]);
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO documents (sha256, path, format, encoding, encoding_source, bytes, raw, \
                 text, chars, language, language_source, language_confidence, title, title_source, \
                 outlet, site_name, url, canonical_url, source_url, published, published_source, \
                 kind, previous_version, html_parse_errors, ingested_at, outlet_source, replaced_bytes) \
                 VALUES (?1, \
                 ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, \
                 ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
            )
            .map_err(err)?;
        stmt.execute(params![
            doc.sha256,
            doc.path,
            doc.format,
            doc.encoding,
            doc.encoding_source,
            doc.raw.len() as i64,
            raw,
            doc.text,
            doc.text.chars().count() as i64,
            doc.language,
            doc.language_source,
            doc.language_confidence,
            doc.title,
            doc.title_source,
            doc.outlet,
            doc.site_name,
            doc.url,
            doc.canonical_url,
            doc.source_url,
            doc.published,
            doc.published_source,
            doc.kind,
            previous,
            doc.html_parse_errors as i64,
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            doc.outlet_source,
            (!doc.replaced_bytes.is_empty())
                .then(|| serde_json::to_string(&doc.replaced_bytes).unwrap_or_default()),
        ])
        .map_err(err)?;
        Ok((self.conn.last_insert_rowid(), previous))
    }

    /// The original bytes of a document, exactly as ingested.
    pub fn document_raw(&self, id: i64) -> Result<Vec<u8>> {
        self.conn
            .query_row(
                "SELECT COALESCE(raw, CAST(text AS BLOB)) FROM documents WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))
    }

    /// Applies manifest metadata to a stored document; returns the names of the fields that changed.
    pub fn update_metadata(&mut self, id: i64, m: &MetadataUpdate) -> Result<Vec<&'static str>> {
        let current = self.document(id)?;
        let mut changed = Vec::new();
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.savepoint().map_err(err)?;
        let fields: [Field<'_>; 7] = [
            ("outlet", &m.outlet, &current.outlet, Some("outlet_source")),
            ("url", &m.url, &current.url, None),
            ("source_url", &m.source_url, &current.source_url, None),
            (
                "published",
                &m.published,
                &current.published,
                Some("published_source"),
            ),
            ("kind", &m.kind, &current.kind, None),
            ("title", &m.title, &current.title, Some("title_source")),
            (
                "language",
                &m.language,
                &Some(current.language.clone()),
                Some("language_source"),
            ),
        ];
        for (name, new, old, source_col) in fields {
            if let Some(v) = new {
                if old.as_deref() != Some(v.as_str()) {
                    tx.execute(
                        &format!("UPDATE documents SET {name} = ?1 WHERE id = ?2"),
                        params![v, id],
                    )
                    .map_err(err)?;
                    if let Some(col) = source_col {
                        tx.execute(
                            &format!("UPDATE documents SET {col} = 'manifest' WHERE id = ?1"),
                            [id],
                        )
                        .map_err(err)?;
                    }
                    changed.push(name);
                }
            }
        }
        tx.commit().map_err(err)?;
        Ok(changed)
    }

    /// One stored document's metadata.
    pub fn document(&self, id: i64) -> Result<DocumentRow> {
        self.conn
            .query_row(
                &format!("SELECT {ROW_COLUMNS} FROM documents WHERE id = ?1"),
                [id],
                row_to_document,
            )
            .map_err(|e| self.err(e))
    }

    /// Every stored document, by id.
    pub fn documents(&self) -> Result<Vec<DocumentRow>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {ROW_COLUMNS} FROM documents ORDER BY id"))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], row_to_document)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The stored text of a document (decoded, or extracted main text for HTML).
    pub fn document_text(&self, id: i64) -> Result<String> {
        self.conn
            .query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }
}
