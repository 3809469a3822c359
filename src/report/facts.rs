//! The story as a table of facts (`claimtrail facts`, the first table of `claimtrail run`).
//!
//! A fact is a set of claims that the align stage linked across pages with probability at least
//! `min_probability` (the one the diverge stage compares from), grouped transitively, most
//! probable pairs first: page A's claim aligned with B's, and B's with C's, is one fact told by
//! three pages; a group never holds two claims of one page. Per fact, each
//! figure and date its claims state is listed with the pages that state it and when they
//! published, so that a toll of 12 on one page and 40 on three others reads as two variants of
//! one fact. Facts whose pages give different figures (or different dates) come first.
//!
//! Values: figures written with digits outside dates, and dates at least as precise as a month;
//! one figure written 11.300 and 11,300 is one value, and a date without its year ("24 août") is
//! the dated one with the same day and month.

use super::{new_table, truncate, Format};
use crate::store::{AlignmentRow, DivergenceRow, DocumentRow, ItemRow};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One fact: its claims on each page and the values they state.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    /// Number of the story (pages linked by aligned claims), from 1.
    pub story: usize,
    /// The words of the earliest page's claim.
    pub label: String,
    /// Pages that tell it, earliest first.
    pub docs: Vec<i64>,
    pub claims: Vec<FactClaim>,
    pub values: Vec<Variant>,
    /// True when two of its pages give different figures or dates in the same place of the claim
    /// (a `number.changed`, `number.rounded` or `date.changed` divergence between them, shown or
    /// not).
    pub differs: bool,
}

/// A claim of a fact.
#[derive(Debug, Clone, Serialize)]
pub struct FactClaim {
    pub doc: i64,
    pub claim: String,
    pub span: [i64; 2],
    pub text: String,
}

/// One value of a fact and the pages that state it.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// `number` or `date`.
    pub kind: &'static str,
    /// The value: the figure as a number, the date as ISO 8601 (`--MM-DD` without a year).
    pub value: String,
    /// As the first page writes it.
    pub text: String,
    pub docs: Vec<i64>,
}

/// The root of `x` in a union-find forest (paths compressed on the way).
fn find<K: Clone + Eq + std::hash::Hash>(p: &mut HashMap<K, K>, x: &K) -> K {
    let q = p.get(x).cloned().unwrap_or_else(|| x.clone());
    if q == *x {
        return q;
    }
    let r = find(p, &q);
    p.insert(x.clone(), r.clone());
    r
}

use crate::model::{month_day, same_figure};

fn figure(i: &ItemRow) -> Option<f64> {
    if !crate::model::has_digits(&i.text) {
        return None;
    }
    i.value.as_deref()?.parse::<f64>().ok()
}

/// Groups the alignments into facts.
pub fn facts(
    docs: &[DocumentRow],
    alignments: &[AlignmentRow],
    items: &[ItemRow],
    divergences: &[DivergenceRow],
    min_probability: f64,
) -> Vec<Fact> {
    let value_change: BTreeSet<i64> = divergences
        .iter()
        .filter(|d| {
            matches!(
                d.rule.as_str(),
                "number.changed" | "number.rounded" | "date.changed"
            )
        })
        .map(|d| d.alignment_id)
        .collect();
    let prob = |a: &AlignmentRow| {
        if a.detail.probability > 0.0 {
            a.detail.probability
        } else {
            a.score
        }
    };
    let strong: Vec<&AlignmentRow> = alignments
        .iter()
        .filter(|a| prob(a) >= min_probability)
        .collect();
    // Claims linked transitively; pages linked by any alignment make a story.
    let mut parent: HashMap<String, String> = HashMap::new();
    let mut story_parent: HashMap<i64, i64> = HashMap::new();
    for a in alignments {
        let (x, y) = (
            find(&mut story_parent, &a.doc_a),
            find(&mut story_parent, &a.doc_b),
        );
        if x != y {
            story_parent.insert(x, y);
        }
    }
    // Pairs merge their claims' groups, most probable first, unless the merged group would hold
    // two claims of one page: a page tells a fact once, and without that rule a page that tells
    // two neighbouring facts chains them into one.
    let mut strong = strong;
    strong.sort_by(|x, y| prob(y).total_cmp(&prob(x)).then(x.id.cmp(&y.id)));
    let mut claims: HashMap<String, FactClaim> = HashMap::new();
    let mut pages_of: HashMap<String, BTreeSet<i64>> = HashMap::new();
    for a in &strong {
        for (c, d, s, e, t) in [
            (&a.claim_a, a.doc_a, a.a_start, a.a_end, &a.a_text),
            (&a.claim_b, a.doc_b, a.b_start, a.b_end, &a.b_text),
        ] {
            claims.entry(c.clone()).or_insert_with(|| FactClaim {
                doc: d,
                claim: c.clone(),
                span: [s, e],
                text: t.clone(),
            });
            pages_of
                .entry(c.clone())
                .or_insert_with(|| BTreeSet::from([d]));
        }
        let (x, y) = (find(&mut parent, &a.claim_a), find(&mut parent, &a.claim_b));
        if x == y {
            continue;
        }
        let (px, py) = (&pages_of[&x], &pages_of[&y]);
        if px.intersection(py).next().is_some() {
            continue;
        }
        let merged: BTreeSet<i64> = px.union(py).copied().collect();
        parent.insert(x, y.clone());
        pages_of.insert(y, merged);
    }
    let published: HashMap<i64, String> = docs
        .iter()
        .map(|d| (d.id, d.published.clone().unwrap_or_else(|| "9999".into())))
        .collect();
    let order = |d: &i64| (published.get(d).cloned().unwrap_or_default(), *d);
    let mut groups: BTreeMap<String, Vec<FactClaim>> = BTreeMap::new();
    let mut ids: Vec<&String> = claims.keys().collect();
    ids.sort();
    for c in ids {
        let root = find(&mut parent, c);
        groups.entry(root).or_default().push(claims[c].clone());
    }
    let mut items_of: HashMap<&str, Vec<&ItemRow>> = HashMap::new();
    for i in items {
        if let Some(c) = &i.claim_id {
            items_of.entry(c.as_str()).or_default().push(i);
        }
    }
    // Groups in which the diverge stage found two values in one slot between two of their claims.
    let mut differing: HashSet<String> = HashSet::new();
    for a in &strong {
        if value_change.contains(&a.id) {
            let (x, y) = (find(&mut parent, &a.claim_a), find(&mut parent, &a.claim_b));
            if x == y {
                differing.insert(x);
            }
        }
    }
    let mut story_ids: BTreeMap<i64, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (root, mut cs) in groups {
        cs.sort_by_key(|c| (order(&c.doc), c.span[0]));
        let fact_docs: Vec<i64> = {
            let mut seen = BTreeSet::new();
            cs.iter()
                .map(|c| c.doc)
                .filter(|d| seen.insert(*d))
                .collect()
        };
        if fact_docs.len() < 2 {
            continue;
        }
        let story_root = find(&mut story_parent, &fact_docs[0]);
        let next = story_ids.len() + 1;
        let story = *story_ids.entry(story_root).or_insert(next);
        let mut values: Vec<Variant> = Vec::new();
        for c in &cs {
            let its = items_of.get(c.claim.as_str()).cloned().unwrap_or_default();
            let in_date = |i: &ItemRow| {
                its.iter()
                    .any(|d| d.category == "date" && d.start <= i.start && i.end <= d.end)
            };
            for i in &its {
                let mut add =
                    |kind: &'static str, value: String, same: &dyn Fn(&Variant) -> bool| {
                        match values.iter_mut().find(|v| v.kind == kind && same(v)) {
                            Some(v) => {
                                if !v.docs.contains(&c.doc) {
                                    v.docs.push(c.doc);
                                }
                            }
                            None => values.push(Variant {
                                kind,
                                value,
                                text: i.text.trim().to_string(),
                                docs: vec![c.doc],
                            }),
                        }
                    };
                if i.category == "number" && !in_date(i) {
                    if let Some(f) = figure(i) {
                        add("number", format!("{f}"), &|v: &Variant| {
                            v.value.parse::<f64>().is_ok_and(|u| same_figure(u, f))
                        });
                    }
                } else if i.category == "date" && !matches!(i.kind.as_str(), "weekday" | "time") {
                    let Some(v) = i
                        .value
                        .clone()
                        .filter(|v| v.len() >= 7 && !v.contains('|'))
                        .filter(|_| !crate::model::is_time_stamp(&i.text))
                    else {
                        continue;
                    };
                    let md = month_day(&v).map(str::to_string);
                    add("date", v.clone(), &|w: &Variant| {
                        w.value == v
                            || (v.starts_with("--") || w.value.starts_with("--"))
                                && md.is_some()
                                && month_day(&w.value).map(str::to_string) == md
                    });
                }
            }
        }
        for v in &mut values {
            v.docs.sort_by_key(order);
        }
        // Values stated by more pages first.
        values.sort_by(|x, y| {
            (x.kind, std::cmp::Reverse(x.docs.len()))
                .cmp(&(y.kind, std::cmp::Reverse(y.docs.len())))
        });
        // Values differ only where the diverge stage found two in the same slot: the values of a
        // claim are often about different things (a toll, a population, a count of hours).
        let differs = differing.contains(&root);
        out.push(Fact {
            story,
            label: cs[0].text.clone(),
            docs: fact_docs,
            claims: cs,
            values,
            differs,
        });
    }
    out.sort_by_key(|f| (f.story, !f.differs, std::cmp::Reverse(f.docs.len())));
    out
}

/// A page as a reader names it: its outlet (else site, else file name) and publication date.
fn page_label(d: &DocumentRow) -> String {
    let name = d
        .outlet
        .clone()
        .filter(|o| !o.is_empty())
        .or_else(|| d.site_name.clone().filter(|o| !o.is_empty()))
        .unwrap_or_else(|| {
            std::path::Path::new(&d.path)
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| d.path.clone())
        });
    match d.published.as_deref() {
        Some(p) => {
            let when = p.get(..16).unwrap_or(p).replace('T', " ");
            format!("#{} {name}, {when}", d.id)
        }
        None => format!("#{} {name}", d.id),
    }
}

/// Renders the facts in `format`.
pub fn render(
    docs: &[DocumentRow],
    facts: &[Fact],
    format: Format,
    o: &super::RenderOptions,
) -> String {
    let labels: HashMap<i64, String> = docs.iter().map(|d| (d.id, page_label(d))).collect();
    let pages = |ds: &[i64]| {
        ds.iter()
            .map(|d| labels.get(d).cloned().unwrap_or_else(|| format!("#{d}")))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match format {
        Format::Json => super::json_listing("facts", serde_json::json!(facts)),
        Format::Csv => {
            let mut rows = Vec::new();
            for (k, f) in facts.iter().enumerate() {
                let base = |kind: &str, value: &str, text: &str, ds: &[i64]| {
                    vec![
                        (k + 1).to_string(),
                        f.story.to_string(),
                        f.label.clone(),
                        f.differs.to_string(),
                        kind.to_string(),
                        value.to_string(),
                        text.to_string(),
                        ds.iter()
                            .map(|d| d.to_string())
                            .collect::<Vec<_>>()
                            .join(";"),
                        pages(ds),
                    ]
                };
                if f.values.is_empty() {
                    rows.push(base("", "", "", &f.docs));
                }
                for v in &f.values {
                    rows.push(base(v.kind, &v.value, &v.text, &v.docs));
                }
            }
            super::to_csv(
                &[
                    "fact", "story", "label", "differs", "kind", "value", "text", "docs", "pages",
                ],
                &rows,
            )
        }
        Format::Table => {
            if facts.is_empty() {
                return "none\n".into();
            }
            let mut out = String::new();
            let mut story = 0;
            let mut t: Option<comfy_table::Table> = None;
            for (k, f) in facts.iter().enumerate() {
                if f.story != story {
                    if let Some(t) = t.take() {
                        out.push_str(&super::finish(o, &t));
                    }
                    story = f.story;
                    out.push_str(&format!("Story {story}\n"));
                    t = Some(new_table(
                        o,
                        &[
                            "fact",
                            "told as (earliest page)",
                            "figures and dates: value (pages)",
                            "pages",
                        ],
                    ));
                }
                let values = if f.values.is_empty() {
                    "-".to_string()
                } else {
                    f.values
                        .iter()
                        .map(|v| format!("{} ({})", v.text, pages(&v.docs)))
                        .collect::<Vec<_>>()
                        .join(" / ")
                };
                let mark = if f.differs { " ≠" } else { "" };
                if let Some(t) = t.as_mut() {
                    super::add_row(
                        t,
                        vec![
                            format!("{}{mark}", k + 1),
                            truncate(o, &f.label, 90),
                            truncate(o, &values, 200),
                            f.docs.len().to_string(),
                        ],
                    );
                }
            }
            if let Some(t) = t.take() {
                out.push_str(&super::finish(o, &t));
            }
            if facts.iter().any(|f| f.differs) {
                out.push_str(
                    "≠: two pages give different figures or dates in the same place of this fact\n",
                );
            }
            out
        }
    }
}
