//! Judged samples: precision measured by a reader where no gold covers the findings.
//!
//! [`findings`] lists the stored findings of one kind with what a reader needs to judge them (both
//! sides' text, the values, the explanation or evidence), [`sample`] draws N of them with a fixed
//! seed, and a reader writes a verdict per finding's [`Finding::key`] into a verdict file (JSON
//! Lines: a header, then `{"key", "verdict": "right"|"wrong"|"unsure", "why"}`), which holds no
//! page text and can be committed; [`tally`] recomputes the judged precision from it.
//!
//! Keys name documents by the caller's ids (the recipe's slugs) and character spans, so they stay
//! the same across runs that store the same findings, whatever their row ids.

use super::predictions::{self, PredBody, PredFrom};
use super::Kind;
use crate::error::{Error, Result};
use crate::store::Store;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One finding laid out for a reader.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `alignment`, `divergence`, `edge`, `duplicate`, `inconsistency` or `cue`.
    pub kind: &'static str,
    /// Stable key: kind, type, documents and spans.
    pub key: String,
    /// Its table and row id in this database (for `--explain`-style look-ups only).
    pub table: &'static str,
    /// Row id in that table.
    pub row: i64,
    /// What the reader is asked to judge, in a few fields (texts, values, explanation).
    pub show: Value,
}

struct Docs {
    slug: HashMap<i64, String>,
    chars: HashMap<i64, Vec<char>>,
}

impl Docs {
    fn load(store: &Store, slugs: &HashMap<String, String>) -> Result<Docs> {
        let conn = store.conn();
        let mut stmt = conn
            .prepare("SELECT id, sha256, text FROM documents")
            .map_err(|e| store.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| store.err(e))?;
        let mut docs = Docs {
            slug: HashMap::new(),
            chars: HashMap::new(),
        };
        for row in rows {
            let (id, sha, text) = row.map_err(|e| store.err(e))?;
            let name = slugs
                .get(&sha)
                .cloned()
                .unwrap_or_else(|| format!("doc{id}"));
            docs.slug.insert(id, name);
            docs.chars.insert(id, text.chars().collect());
        }
        Ok(docs)
    }

    fn name(&self, doc: i64) -> String {
        self.slug
            .get(&doc)
            .cloned()
            .unwrap_or_else(|| format!("doc{doc}"))
    }

    fn text(&self, doc: i64, start: i64, end: i64) -> String {
        self.chars.get(&doc).map_or_else(String::new, |chars| {
            crate::text::extract::slice_chars(chars, start.max(0) as usize, end.max(0) as usize)
        })
    }

    /// The span with up to `around` characters either side, the span itself in ⟦ ⟧.
    fn context(&self, doc: i64, start: i64, end: i64, around: i64) -> String {
        format!(
            "{}⟦{}⟧{}",
            self.text(doc, start - around, start),
            self.text(doc, start, end),
            self.text(doc, end, end + around)
        )
    }

    fn place(&self, doc: i64, start: i64, end: i64) -> String {
        format!("{}:{start}-{end}", self.name(doc))
    }
}

/// Every stored finding of `kind` (a positive kind), laid out for a reader; documents are named by
/// `slugs` (SHA-256 -> id), else `docN`.
pub fn findings(
    store: &Store,
    kind: Kind,
    slugs: &HashMap<String, String>,
) -> Result<Vec<Finding>> {
    let docs = Docs::load(store, slugs)?;
    let extra = extra_columns(store, kind)?;
    let preds = predictions::load(store, kind)?;
    let mut out = Vec::with_capacity(preds.len());
    for p in preds {
        let more = extra.get(&p.id).cloned().unwrap_or(Value::Null);
        let (key, show) = match &p.body {
            PredBody::Duplicate { a, b } | PredBody::Alignment { a, b } => {
                let (sa, sb) = (a.span, b.span);
                (
                    format!(
                        "{}|{}|{}",
                        kind.name(),
                        docs.place(a.doc, sa.start, sa.end),
                        docs.place(b.doc, sb.start, sb.end)
                    ),
                    json!({
                        "a": {"doc": docs.name(a.doc), "text": crate::model::shorten(&docs.text(a.doc, sa.start, sa.end), 700)},
                        "b": {"doc": docs.name(b.doc), "text": crate::model::shorten(&docs.text(b.doc, sb.start, sb.end), 700)},
                        "detail": more,
                    }),
                )
            }
            PredBody::Divergence {
                ty,
                a,
                b,
                claim_a,
                claim_b,
                ..
            } => (
                format!(
                    "divergence|{ty}|{}|{}",
                    docs.place(a.doc, a.span.start, a.span.end),
                    docs.place(b.doc, b.span.start, b.span.end)
                ),
                json!({
                    "type": ty,
                    "a": {"doc": docs.name(a.doc), "value": docs.text(a.doc, a.span.start, a.span.end),
                          "claim": docs.text(claim_a.doc, claim_a.span.start, claim_a.span.end)},
                    "b": {"doc": docs.name(b.doc), "value": docs.text(b.doc, b.span.start, b.span.end),
                          "claim": docs.text(claim_b.doc, claim_b.span.start, claim_b.span.end)},
                    "detail": more,
                }),
            ),
            PredBody::Inconsistency { ty, at } | PredBody::Cue { ty, at, .. } => (
                format!(
                    "{}|{ty}|{}",
                    kind.name(),
                    docs.place(at.doc, at.span.start, at.span.end)
                ),
                json!({
                    "type": ty,
                    "doc": docs.name(at.doc),
                    "context": docs.context(at.doc, at.span.start, at.span.end, 160),
                    "detail": more,
                }),
            ),
            PredBody::Edge {
                relation, from, to, ..
            } => {
                let from_name = match from {
                    PredFrom::Doc(d) => docs.name(*d),
                    PredFrom::Source { key, .. } => format!("external:{key}"),
                };
                (
                    format!("edge|{relation}|{from_name}|{}", docs.name(*to)),
                    json!({
                        "relation": relation,
                        "from": from_name,
                        "from_label": match from { PredFrom::Source { label, .. } => json!(label), _ => Value::Null },
                        "to": docs.name(*to),
                        "detail": more,
                    }),
                )
            }
        };
        out.push(Finding {
            kind: kind.name(),
            key,
            table: p.table,
            row: p.id,
            show,
        });
    }
    Ok(out)
}

/// Per row id, the columns a reader needs beside the spans (score and reasons, explanation,
/// evidence and confidence, value).
fn extra_columns(store: &Store, kind: Kind) -> Result<HashMap<i64, Value>> {
    let sql = match kind {
        Kind::Duplicate => "SELECT id, json_object('similarity', similarity) FROM duplicate_pairs",
        Kind::Alignment => {
            "SELECT id, json_object('score', score, 'detail', json(coalesce(detail, 'null'))) FROM alignments"
        }
        Kind::Divergence => {
            "SELECT id, json_object('value_a', value_a, 'value_b', value_b, 'severity', severity, \
             'explanation', explanation, 'rule', rule, 'confidence', confidence) FROM divergences"
        }
        Kind::Inconsistency => {
            "SELECT id, json_object('value', value, 'explanation', explanation) FROM inconsistencies"
        }
        Kind::Cue => "SELECT id, json_object('value', value) FROM items WHERE category = 'cue'",
        Kind::Edge => {
            "SELECT id, json_object('confidence', confidence, 'evidence', json(evidence)) FROM edges"
        }
        _ => return Ok(HashMap::new()),
    };
    let conn = store.conn();
    let mut stmt = conn.prepare(sql).map_err(|e| store.err(e))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| store.err(e))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, text) = row.map_err(|e| store.err(e))?;
        out.insert(
            id,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        );
    }
    Ok(out)
}

/// `n` findings drawn without replacement by a seeded shuffle (the same seed and findings give the
/// same sample), in key order.
pub fn sample(mut findings: Vec<Finding>, n: usize, seed: u64) -> Vec<Finding> {
    findings.sort_by(|a, b| a.key.cmp(&b.key));
    findings.dedup_by(|a, b| a.key == b.key);
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        // xorshift64*
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    for i in (1..findings.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        findings.swap(i, j);
    }
    findings.truncate(n);
    findings.sort_by(|a, b| a.key.cmp(&b.key));
    findings
}

/// The counts of a verdict file and the judged precision.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Findings judged right.
    pub right: usize,
    /// Findings judged wrong.
    pub wrong: usize,
    /// Findings the reader could not decide.
    pub unsure: usize,
}

impl Tally {
    /// right / (right + wrong); `None` when nothing was decided.
    pub fn precision(&self) -> Option<f64> {
        let n = self.right + self.wrong;
        (n > 0).then(|| self.right as f64 / n as f64)
    }

    /// The 95% Wilson score interval of the precision.
    pub fn interval(&self) -> Option<(f64, f64)> {
        let n = (self.right + self.wrong) as f64;
        if n == 0.0 {
            return None;
        }
        let p = self.right as f64 / n;
        let z = 1.96_f64;
        let den = 1.0 + z * z / n;
        let centre = (p + z * z / (2.0 * n)) / den;
        let half = z * ((p * (1.0 - p) / n) + z * z / (4.0 * n * n)).sqrt() / den;
        Some(((centre - half).max(0.0), (centre + half).min(1.0)))
    }
}

/// Reads a verdict file: a header line (an object with `judged`), then one verdict per line. Keys
/// must be unique; verdicts are `right`, `wrong` or `unsure`. Errors name the file and line.
pub fn tally(path: &Path) -> Result<(Value, Tally)> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, format!("cannot read the verdicts: {e}")))?;
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let header: Value = match lines.next() {
        Some((i, l)) => serde_json::from_str(l)
            .map_err(|e| Error::input_line(path, i + 1, format!("not JSON: {e}")))?,
        None => return Err(Error::input(path, "is empty")),
    };
    if header.get("judged").is_none() {
        return Err(Error::input_line(
            path,
            1,
            "the first line must be a header {\"judged\": KIND, ...}",
        ));
    }
    let mut seen = HashSet::new();
    let mut t = Tally::default();
    for (i, line) in lines {
        let v: Value = serde_json::from_str(line)
            .map_err(|e| Error::input_line(path, i + 1, format!("not JSON: {e}")))?;
        let key = v
            .get("key")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::input_line(path, i + 1, "missing field \"key\""))?;
        if !seen.insert(key.to_string()) {
            return Err(Error::input_line(
                path,
                i + 1,
                format!("key {key} judged twice"),
            ));
        }
        match v.get("verdict").and_then(Value::as_str) {
            Some("right") => t.right += 1,
            Some("wrong") => t.wrong += 1,
            Some("unsure") => t.unsure += 1,
            _ => {
                return Err(Error::input_line(
                    path,
                    i + 1,
                    "field \"verdict\" must be right, wrong or unsure",
                ))
            }
        }
    }
    Ok((header, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(key: &str) -> Finding {
        Finding {
            kind: "alignment",
            key: key.to_string(),
            table: "alignments",
            row: 0,
            show: Value::Null,
        }
    }

    #[test]
    fn sampling_is_seeded_and_without_replacement() {
        let all: Vec<Finding> = (0..100).map(|i| f(&format!("k{i:03}"))).collect();
        let a = sample(all.clone(), 10, 7);
        let b = sample(all.clone(), 10, 7);
        let c = sample(all.clone(), 10, 8);
        let keys = |v: &[Finding]| v.iter().map(|x| x.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&a), keys(&b));
        assert_ne!(keys(&a), keys(&c));
        let mut k = keys(&a);
        k.dedup();
        assert_eq!(k.len(), 10);
        assert_eq!(sample(all, 500, 1).len(), 100);
    }

    #[test]
    fn tally_counts_and_rejects_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("v.jsonl");
        std::fs::write(
            &p,
            "{\"judged\":\"alignment\"}\n{\"key\":\"a\",\"verdict\":\"right\"}\n{\"key\":\"b\",\"verdict\":\"wrong\"}\n{\"key\":\"c\",\"verdict\":\"right\"}\n{\"key\":\"d\",\"verdict\":\"unsure\"}\n",
        )
        .unwrap();
        let (_, t) = tally(&p).unwrap();
        assert_eq!((t.right, t.wrong, t.unsure), (2, 1, 1));
        assert!((t.precision().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        let (lo, hi) = t.interval().unwrap();
        assert!(lo < 2.0 / 3.0 && hi > 2.0 / 3.0);
        std::fs::write(
            &p,
            "{\"judged\":\"edge\"}\n{\"key\":\"a\",\"verdict\":\"right\"}\n{\"key\":\"a\",\"verdict\":\"wrong\"}\n",
        )
        .unwrap();
        let err = tally(&p).unwrap_err().to_string();
        assert!(err.contains(":3: key a judged twice"), "{err}");
        std::fs::write(
            &p,
            "{\"judged\":\"edge\"}\n{\"key\":\"a\",\"verdict\":\"maybe\"}\n",
        )
        .unwrap();
        assert!(tally(&p).unwrap_err().to_string().contains(":2: "));
    }
}
