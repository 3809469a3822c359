//! Scores on the project's own labelled sets (not the seeds): claim pairs for alignment
//! (`tests/data/align_labelled.jsonl`) and divergences (`tests/data/diverge_labelled.jsonl`).
//!
//! Each sentence becomes a one-claim document (`align::sentence_doc`); all sentences of a set are
//! featurised together, so word weights come from the whole set as they would from a corpus.

use crate::align::{self, Params};
use crate::diverge::{self, Side};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A labelled alignment pair.
#[derive(Debug, Clone, Deserialize)]
pub struct AlignCase {
    pub id: String,
    pub lang_a: String,
    pub lang_b: String,
    pub a: String,
    pub b: String,
    #[serde(rename = "match")]
    pub is_match: bool,
}

/// A labelled divergence.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDivergence {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub a: String,
    #[serde(default)]
    pub b: String,
}

/// A labelled divergence pair.
#[derive(Debug, Clone, Deserialize)]
pub struct DivergeCase {
    pub id: String,
    pub lang_a: String,
    pub lang_b: String,
    pub a: String,
    pub b: String,
    pub divergences: Vec<GoldDivergence>,
}

/// Counts and derived scores.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Reads a JSON Lines file of cases; errors name the line.
pub fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &std::path::Path) -> crate::Result<Vec<T>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| crate::Error::Other(format!("{}: {e}", path.display())))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                crate::Error::Other(format!("{}: line {}: {e}", path.display(), i + 1))
            })
        })
        .collect()
}

fn pair_key(a: &str, b: &str) -> String {
    let (x, y) = if a <= b { (a, b) } else { (b, a) };
    if x == y {
        "same-language".to_string()
    } else {
        format!("{x}-{y}")
    }
}

/// Scores of every labelled alignment pair (same order as `cases`).
pub fn align_scores(cases: &[AlignCase], p: &Params) -> Vec<f64> {
    let mut docs = Vec::new();
    for (k, c) in cases.iter().enumerate() {
        docs.push(align::sentence_doc(2 * k as i64, &c.a, &c.lang_a));
        docs.push(align::sentence_doc(2 * k as i64 + 1, &c.b, &c.lang_b));
    }
    let feats = align::features(&docs);
    (0..cases.len())
        .map(|k| align::score_pair(&feats[2 * k], &feats[2 * k + 1], p).0)
        .collect()
}

/// Precision, recall and F1 per language pair (ar-en, ar-fr, en-fr, same-language) and overall,
/// at the threshold `p.min_score`.
pub fn align_eval(cases: &[AlignCase], p: &Params) -> BTreeMap<String, Prf> {
    let scores = align_scores(cases, p);
    let mut out: BTreeMap<String, Prf> = BTreeMap::new();
    for (c, s) in cases.iter().zip(scores) {
        let predicted = s >= p.min_score;
        let mut x = Prf::default();
        match (predicted, c.is_match) {
            (true, true) => x.tp = 1,
            (true, false) => x.fp = 1,
            (false, true) => x.fn_ = 1,
            _ => {}
        }
        out.entry(pair_key(&c.lang_a, &c.lang_b))
            .or_default()
            .add(x);
        out.entry("all".into()).or_default().add(x);
    }
    out
}

fn char_span(hay: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let b = hay.find(needle)?;
    let s = hay[..b].chars().count();
    Some((s, s + needle.chars().count()))
}

/// Precision and recall per divergence type, and the number of unchanged pairs given a divergence.
/// A predicted divergence matches a gold one of the same type (omission and addition with the sides
/// swapped count too) when, on each side where the gold names a span, the predicted span overlaps it.
/// `min_confidence`: only the divergences at or above it count (0 for every stored one,
/// [`diverge::SHOW_CONFIDENCE`] for what a listing shows by default).
pub fn diverge_eval(
    cases: &[DivergeCase],
    min_confidence: f64,
) -> (BTreeMap<String, Prf>, usize, usize) {
    let mut docs = Vec::new();
    for (k, c) in cases.iter().enumerate() {
        docs.push(align::sentence_doc(2 * k as i64, &c.a, &c.lang_a));
        docs.push(align::sentence_doc(2 * k as i64 + 1, &c.b, &c.lang_b));
    }
    let feats = align::features(&docs);
    let mut out: BTreeMap<String, Prf> = BTreeMap::new();
    let mut unchanged = 0;
    let mut unchanged_flagged = 0;
    for (k, c) in cases.iter().enumerate() {
        let (da, db) = (&docs[2 * k], &docs[2 * k + 1]);
        let (ca, cb): (Vec<char>, Vec<char>) = (c.a.chars().collect(), c.b.chars().collect());
        let a = Side {
            claim: &feats[2 * k],
            items: da.items.iter().collect(),
            chars: &ca,
            lang: &c.lang_a,
            page: None,
        };
        let b = Side {
            claim: &feats[2 * k + 1],
            items: db.items.iter().collect(),
            chars: &cb,
            lang: &c.lang_b,
            page: None,
        };
        let found: Vec<_> = diverge::diverge(&a, &b, 1.0, None)
            .into_iter()
            .filter(|d| d.confidence >= min_confidence)
            .collect();
        if c.divergences.is_empty() {
            unchanged += 1;
            if !found.is_empty() {
                unchanged_flagged += 1;
            }
        }
        let overlaps = |span: Option<(usize, usize)>, s: usize, e: usize| match span {
            None => true,
            Some((x, y)) => x < e && s < y,
        };
        let mut used = vec![false; found.len()];
        for g in &c.divergences {
            let (ga, gb) = (char_span(&c.a, &g.a), char_span(&c.b, &g.b));
            let hit = found.iter().enumerate().position(|(i, d)| {
                !used[i]
                    && (d.kind.name() == g.kind
                        || (d.kind.name() == "omission" && g.kind == "addition")
                        || (d.kind.name() == "addition" && g.kind == "omission"))
                    && overlaps(ga, d.a_start, d.a_end)
                    && overlaps(gb, d.b_start, d.b_end)
            });
            let e = out.entry(g.kind.clone()).or_default();
            match hit {
                Some(i) => {
                    used[i] = true;
                    e.tp += 1;
                }
                None => e.fn_ += 1,
            }
        }
        for (i, d) in found.iter().enumerate() {
            if !used[i] {
                out.entry(d.kind.to_string()).or_default().fp += 1;
            }
        }
    }
    let mut all = Prf::default();
    for v in out.values() {
        all.add(*v);
    }
    out.insert("all".into(), all);
    (out, unchanged, unchanged_flagged)
}
