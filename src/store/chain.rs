//! The chain stage's tables: `external_sources` and `edges`.

use super::Store;
use crate::align::{Alignment, DocInput};
use crate::chain::{CueInfo, DocInfo, From, Graph, PairInfo};
use crate::error::Result;
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;

/// The chain stage's inputs: pages, their cues, their person names, and what each pair of pages
/// shares.
pub type ChainInputs = (
    Vec<DocInfo>,
    Vec<CueInfo>,
    Vec<CueInfo>,
    HashMap<(i64, i64), PairInfo>,
);

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
    /// What the chain stage needs, from what the align stage already holds in memory (every
    /// document's claims and items, the aligned pairs just computed) and from the store (the
    /// documents' metadata and the duplicate passages): the corpus is not read a second time.
    pub fn chain_inputs(
        &self,
        inputs: &[DocInput],
        alignments: &[Alignment],
    ) -> Result<ChainInputs> {
        let n_claims: HashMap<i64, usize> = inputs
            .iter()
            .map(|d| {
                let n = d
                    .claims
                    .iter()
                    .filter(|c| c.role == "body" || c.role == "heading")
                    .count();
                (d.id, n)
            })
            .collect();
        let docs: Vec<DocInfo> = self
            .documents()?
            .into_iter()
            .map(|d| DocInfo {
                id: d.id,
                lang: d.language.clone(),
                chars: d.chars as usize,
                claims: *n_claims.get(&d.id).unwrap_or(&0),
                url: d.url.clone(),
                canonical_url: d.canonical_url.clone(),
                source_url: d.source_url.clone(),
                outlet: d.outlet.clone(),
                site_name: d.site_name.clone(),
                published: d.published.clone(),
                kind: d.kind.clone(),
                title: d.title.clone(),
                path: d.path.clone(),
            })
            .collect();
        let mut cues = Vec::new();
        let mut names = Vec::new();
        for d in inputs {
            for it in &d.items {
                let c = CueInfo {
                    doc: d.id,
                    kind: it.kind.clone(),
                    start: it.start,
                    end: it.end,
                    value: it.value.clone(),
                    text: it.text.clone(),
                    claim: it.claim_id.clone(),
                };
                match it.category.as_str() {
                    "cue" => cues.push(c),
                    "name" => names.push(c),
                    _ => {}
                }
            }
        }
        let mut pairs: HashMap<(i64, i64), PairInfo> = HashMap::new();
        let key = |a: i64, b: i64| if a <= b { (a, b) } else { (b, a) };
        for (_, da, a_s, a_e, db, b_s, b_e) in self.duplicate_spans()? {
            if da == db {
                continue;
            }
            let k = key(da, db);
            let p = pairs.entry(k).or_default();
            p.passages += 1;
            let (la, lb) = ((a_e - a_s) as usize, (b_e - b_s) as usize);
            if da == k.0 {
                p.shared_chars_a += la;
                p.shared_chars_b += lb;
            } else {
                p.shared_chars_a += lb;
                p.shared_chars_b += la;
            }
        }
        type Aligned<'a> = (usize, usize, &'a str, &'a str, f64);
        let mut per: HashMap<(i64, i64), Vec<Aligned>> = HashMap::new();
        for a in alignments {
            let k = key(a.doc_a, a.doc_b);
            let row = if a.doc_a == k.0 {
                (
                    a.a_start,
                    a.b_start,
                    a.claim_a.as_str(),
                    a.claim_b.as_str(),
                    a.score,
                )
            } else {
                (
                    a.b_start,
                    a.a_start,
                    a.claim_b.as_str(),
                    a.claim_a.as_str(),
                    a.score,
                )
            };
            per.entry(k).or_default().push(row);
        }
        for (k, mut v) in per {
            v.sort_by_key(|x| (x.0, x.1));
            let p = pairs.entry(k).or_default();
            p.aligned = v.len();
            let ca: std::collections::HashSet<&str> = v.iter().map(|x| x.2).collect();
            let cb: std::collections::HashSet<&str> = v.iter().map(|x| x.3).collect();
            p.aligned_claims_a = ca.len();
            p.aligned_claims_b = cb.len();
            p.mean_score = v.iter().map(|x| x.4).sum::<f64>() / v.len() as f64;
            let steps = v.windows(2).filter(|w| w[0].0 != w[1].0).count();
            let up = v
                .windows(2)
                .filter(|w| w[0].0 != w[1].0 && w[1].1 >= w[0].1)
                .count();
            p.in_order = if steps == 0 {
                1.0
            } else {
                up as f64 / steps as f64
            };
        }
        Ok((docs, cues, names, pairs))
    }

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
                    e.relation,
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
