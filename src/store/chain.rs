//! The chain stage's tables: `external_sources` and `edges`.

use super::Store;
use crate::error::Result;
use crate::model::results::{From, Graph};
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;

/// A stored edge with its endpoints' labels.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeRow {
    pub id: i64,
    pub relation: String,
    pub from_doc: Option<i64>,
    pub from_source: Option<i64>,
    pub from_kind: Option<String>,
    pub from_key: Option<String>,
    pub from_label: String,
    pub to_doc: i64,
    pub to_label: String,
    pub directed: bool,
    pub confidence: f64,
    pub evidence: serde_json::Value,
}

/// A stored external source.
#[derive(Debug, Clone, Serialize)]
pub struct ExternalRow {
    pub id: i64,
    pub kind: String,
    pub key: String,
    pub label: String,
}

impl Store {
    /// Replaces the graph (external sources and edges) in one transaction.
    pub fn save_graph(&mut self, g: &Graph) -> Result<()> {
        let path = self.path.clone();
        let err = |e| super::db_error(&path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute("DELETE FROM edges", []).map_err(err)?;
        tx.execute("DELETE FROM external_sources", [])
            .map_err(err)?;
        let mut ids: HashMap<&str, i64> = HashMap::new();
        for x in &g.externals {
            tx.execute(
                "INSERT INTO external_sources (kind, key, label) VALUES (?1, ?2, ?3)",
                params![kind_of(&x.kind), x.key, x.label],
            )
            .map_err(err)?;
            ids.insert(x.key.as_str(), tx.last_insert_rowid());
        }
        for e in &g.edges {
            let (fd, fs) = match &e.from {
                From::Doc(d) => (Some(*d), None),
                From::External(k) => (None, ids.get(k.as_str()).copied()),
            };
            if fd.is_none() && fs.is_none() {
                continue;
            }
            tx.execute(
                "INSERT INTO edges (relation, from_doc, from_source, to_doc, directed, confidence, \
                 evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    e.relation.name(),
                    fd,
                    fs,
                    e.to,
                    e.directed as i64,
                    e.confidence,
                    serde_json::Value::from(e.evidence.clone()).to_string()
                ],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Stored edges, all or those touching `doc`.
    pub fn edges(&self, doc: Option<i64>) -> Result<Vec<EdgeRow>> {
        let labels: HashMap<i64, String> = self
            .documents()?
            .into_iter()
            .map(|d| {
                let l = d
                    .outlet
                    .clone()
                    .filter(|o| !o.is_empty())
                    .or(d.title.clone())
                    .unwrap_or_else(|| d.path.clone());
                (d.id, format!("#{} {}", d.id, crate::model::shorten(&l, 40)))
            })
            .collect();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT e.id, e.relation, e.from_doc, e.from_source, s.kind, s.key, s.label, e.to_doc, \
                 e.directed, e.confidence, e.evidence FROM edges e LEFT JOIN external_sources s \
                 ON s.id = e.from_source WHERE ?1 IS NULL OR e.to_doc = ?1 OR e.from_doc = ?1 \
                 ORDER BY e.to_doc, e.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([doc], |r| {
                let from_doc: Option<i64> = r.get(2)?;
                let label: Option<String> = r.get(6)?;
                let to: i64 = r.get(7)?;
                Ok(EdgeRow {
                    id: r.get(0)?,
                    relation: r.get(1)?,
                    from_doc,
                    from_source: r.get(3)?,
                    from_kind: r.get(4)?,
                    from_key: r.get(5)?,
                    from_label: match from_doc {
                        Some(d) => labels.get(&d).cloned().unwrap_or_default(),
                        None => label.unwrap_or_default(),
                    },
                    to_doc: to,
                    to_label: labels.get(&to).cloned().unwrap_or_default(),
                    directed: r.get::<_, i64>(8)? != 0,
                    confidence: r.get(9)?,
                    evidence: serde_json::from_str(&r.get::<_, String>(10)?)
                        .unwrap_or(serde_json::Value::Null),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))
    }

    /// Stored external sources.
    pub fn external_sources(&self) -> Result<Vec<ExternalRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind, key, label FROM external_sources ORDER BY id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ExternalRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    key: r.get(2)?,
                    label: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))
    }
}

fn kind_of(k: &str) -> &str {
    match k {
        "cable" | "email" | "outlet" | "url" | "document" | "person" => k,
        _ => "document",
    }
}
