//! The sourcing chain (`claimtrail chain`, a section of `claimtrail run`): a tree in the terminal,
//! a table, JSON, CSV, W3C PROV-JSON and Graphviz DOT.

use super::{new_table, to_csv, truncate};
use crate::store::{EdgeRow, ExternalRow};
use crate::JSON_SCHEMA;
use std::collections::{BTreeMap, BTreeSet};

/// Output formats of `chain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ChainFormat {
    /// The chain drawn as a tree, sources first.
    #[default]
    Tree,
    /// Per page, the sources it took from, one line each with the relation, the confidence and
    /// the evidence.
    Parents,
    Table,
    Json,
    Csv,
    /// W3C PROV-JSON.
    Prov,
    /// Graphviz DOT.
    Dot,
}

fn node_id(e: &EdgeRow) -> String {
    match e.from_doc {
        Some(d) => format!("doc:{d}"),
        None => format!("src:{}", e.from_key.clone().unwrap_or_default()),
    }
}

/// One line of evidence: the explicit cues first, then the inferred figures.
pub fn evidence_summary(o: &super::RenderOptions, ev: &serde_json::Value) -> String {
    let mut parts = Vec::new();
    for x in ev.as_array().into_iter().flatten() {
        let kind = x["kind"].as_str().unwrap_or("");
        if kind == "explicit" {
            let cue = x["cue"].as_str().unwrap_or("");
            let v = x["value"].as_str().unwrap_or("");
            parts.push(format!("{cue} \"{}\"", truncate(o, v, 50)));
        } else {
            match x["evidence"].as_str().unwrap_or("") {
                "shared_passages" => parts.push(format!(
                    "{} shared passage(s), {} chars",
                    x["passages"], x["shared_chars"][1]
                )),
                "aligned_claims" => parts.push(format!(
                    "{} aligned claims (mean score {})",
                    x["pairs"], x["mean_score"]
                )),
                "direction" => {
                    parts.push(format!("direction: {}", x["from"].as_str().unwrap_or("")))
                }
                "same_outlet_template" => parts.push("same outlet's template ignored".into()),
                "common_source" => parts.push("both credit one source".into()),
                _ => {}
            }
        }
    }
    parts.join("; ")
}

/// The JSON objects of edges.
pub fn json_items(edges: &[EdgeRow]) -> Vec<serde_json::Value> {
    edges
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id, "relation": e.relation,
                "from": match e.from_doc {
                    Some(d) => serde_json::json!({"doc": d, "label": e.from_label}),
                    None => serde_json::json!({"external": e.from_key, "kind": e.from_kind, "label": e.from_label}),
                },
                "to": {"doc": e.to_doc, "label": e.to_label},
                "directed": e.directed, "confidence": e.confidence, "evidence": e.evidence,
            })
        })
        .collect()
}

/// Renders the graph (already filtered by the caller).
pub fn render(
    edges: &[EdgeRow],
    externals: &[ExternalRow],
    format: ChainFormat,
    o: &super::RenderOptions,
) -> String {
    match format {
        ChainFormat::Json => {
            let used: BTreeSet<i64> = edges.iter().filter_map(|e| e.from_source).collect();
            let ext: Vec<&ExternalRow> =
                externals.iter().filter(|x| used.contains(&x.id)).collect();
            let v = serde_json::json!({"schema": JSON_SCHEMA, "external_sources": ext, "edges": json_items(edges)});
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ChainFormat::Csv => {
            let rows: Vec<Vec<String>> = edges
                .iter()
                .map(|e| {
                    vec![
                        e.id.to_string(),
                        e.relation.clone(),
                        node_id(e),
                        e.from_label.clone(),
                        e.to_doc.to_string(),
                        e.directed.to_string(),
                        format!("{:.3}", e.confidence),
                        evidence_summary(o, &e.evidence),
                    ]
                })
                .collect();
            to_csv(
                &[
                    "id",
                    "relation",
                    "from",
                    "from_label",
                    "to_doc",
                    "directed",
                    "confidence",
                    "evidence",
                ],
                &rows,
            )
        }
        ChainFormat::Table => {
            let mut t = new_table(o, &["from", "relation", "to", "confidence", "evidence"]);
            for e in edges {
                let arrow = if e.directed {
                    "→"
                } else {
                    "↔ (no direction)"
                };
                super::add_row(
                    &mut t,
                    vec![
                        truncate(o, &e.from_label, 40),
                        format!("{} {arrow}", e.relation),
                        truncate(o, &e.to_label, 40),
                        format!("{:.2}", e.confidence),
                        truncate(o, &evidence_summary(o, &e.evidence), 120),
                    ],
                );
            }
            super::finish(o, &t)
        }
        ChainFormat::Tree => tree(o, edges),
        ChainFormat::Parents => parents(o, edges),
        ChainFormat::Prov => prov(edges, externals),
        ChainFormat::Dot => dot(edges),
    }
}

/// Per page (by id), its parents: "← relation (confidence) from SOURCE: evidence", one line each;
/// a link without a direction reads "↔" and names the other page.
fn parents(o: &super::RenderOptions, edges: &[EdgeRow]) -> String {
    let mut by_page: BTreeMap<i64, (String, Vec<String>)> = BTreeMap::new();
    for e in edges {
        let evidence = truncate(o, &evidence_summary(o, &e.evidence), 110);
        let (mark, other) = if e.directed {
            ("←", "from")
        } else {
            ("↔", "with")
        };
        let line = format!(
            "  {mark} {} ({:.2}) {other} {}: {evidence}",
            e.relation,
            e.confidence,
            truncate(o, &e.from_label, 50)
        );
        by_page
            .entry(e.to_doc)
            .or_insert_with(|| (e.to_label.clone(), Vec::new()))
            .1
            .push(line);
        if !e.directed {
            if let Some(d) = e.from_doc {
                by_page
                    .entry(d)
                    .or_insert_with(|| (e.from_label.clone(), Vec::new()))
                    .1
                    .push(format!(
                        "  ↔ {} ({:.2}) with {}: {evidence}",
                        e.relation,
                        e.confidence,
                        truncate(o, &e.to_label, 50)
                    ));
            }
        }
    }
    if by_page.is_empty() {
        return "none\n".into();
    }
    let mut out = String::new();
    for (_, (label, lines)) in by_page {
        out.push_str(&label);
        out.push('\n');
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    let text = super::neutralise(&out).into_owned();
    text.lines().map(|l| super::fit(o, l) + "\n").collect()
}

fn tree(o: &super::RenderOptions, edges: &[EdgeRow]) -> String {
    // Page titles and evidence are page text: neutralised (the tree adds no marks of its own).
    let text = super::neutralise(&tree_lines(o, edges)).into_owned();
    text.lines().map(|l| super::fit(o, l) + "\n").collect()
}

fn tree_lines(o: &super::RenderOptions, edges: &[EdgeRow]) -> String {
    // Directed edges form the tree; undirected ones are listed after it.
    let mut children: BTreeMap<String, Vec<&EdgeRow>> = BTreeMap::new();
    let mut labels: BTreeMap<String, String> = BTreeMap::new();
    let mut has_parent: BTreeSet<String> = BTreeSet::new();
    for e in edges.iter().filter(|e| e.directed) {
        let f = node_id(e);
        labels.insert(f.clone(), e.from_label.clone());
        labels.insert(format!("doc:{}", e.to_doc), e.to_label.clone());
        children.entry(f).or_default().push(e);
        has_parent.insert(format!("doc:{}", e.to_doc));
    }
    let mut out = String::new();
    let roots: Vec<String> = children
        .keys()
        .filter(|k| !has_parent.contains(*k))
        .cloned()
        .collect();
    fn walk(
        o: &super::RenderOptions,
        node: &str,
        depth: usize,
        children: &BTreeMap<String, Vec<&EdgeRow>>,
        seen: &mut BTreeSet<String>,
        out: &mut String,
    ) {
        if !seen.insert(node.to_string()) || depth > 12 {
            return;
        }
        for e in children.get(node).into_iter().flatten() {
            out.push_str(&format!(
                "{}└─ {} ({:.2}) → {}\n{}   {}\n",
                "   ".repeat(depth),
                e.relation,
                e.confidence,
                e.to_label,
                "   ".repeat(depth),
                truncate(o, &evidence_summary(o, &e.evidence), 110)
            ));
            walk(
                o,
                &format!("doc:{}", e.to_doc),
                depth + 1,
                children,
                seen,
                out,
            );
        }
    }
    let mut seen = BTreeSet::new();
    for r in &roots {
        out.push_str(&format!("{}\n", labels.get(r).cloned().unwrap_or_default()));
        walk(o, r, 0, &children, &mut seen, &mut out);
    }
    // Cycles (no root): start anywhere not yet drawn.
    for k in children.keys() {
        if !seen.contains(k) {
            out.push_str(&format!("{}\n", labels.get(k).cloned().unwrap_or_default()));
            walk(o, k, 0, &children, &mut seen, &mut out);
        }
    }
    let undirected: Vec<&EdgeRow> = edges.iter().filter(|e| !e.directed).collect();
    if !undirected.is_empty() {
        out.push_str("No direction (shared source, or a copy whose direction nothing tells):\n");
        for e in undirected {
            out.push_str(&format!(
                "  {} ↔ {}: {} ({:.2}); {}\n",
                e.from_label,
                e.to_label,
                e.relation,
                e.confidence,
                truncate(o, &evidence_summary(o, &e.evidence), 100)
            ));
        }
    }
    if out.is_empty() {
        out.push_str("no sourcing edges\n");
    }
    out
}

/// PROV-JSON (https://www.w3.org/submissions/prov-json/): every node an entity, every edge a
/// `wasDerivedFrom` with `prov:type` (prov:Quotation for quotations, prov:Revision for
/// adaptations, reposts and translations, prov:PrimarySource when the source is a cable or an
/// email), the relation, confidence and evidence as `claimtrail:` attributes. An undirected
/// shared-source edge becomes two derivations from a blank entity standing for the common source.
fn prov(edges: &[EdgeRow], externals: &[ExternalRow]) -> String {
    let mut entity = serde_json::Map::new();
    let mut derived = serde_json::Map::new();
    let ent_id = |e: &EdgeRow| match e.from_doc {
        Some(d) => format!("claimtrail:doc{d}"),
        None => format!("claimtrail:src{}", e.from_source.unwrap_or(0)),
    };
    for e in edges {
        entity.insert(
            ent_id(e),
            serde_json::json!({"prov:label": e.from_label, "claimtrail:kind": e.from_kind.clone().unwrap_or_else(|| "document".into())}),
        );
        entity.insert(
            format!("claimtrail:doc{}", e.to_doc),
            serde_json::json!({"prov:label": e.to_label, "claimtrail:kind": "document"}),
        );
    }
    for x in externals {
        let id = format!("claimtrail:src{}", x.id);
        if entity.contains_key(&id) {
            entity.insert(id, serde_json::json!({"prov:label": x.label, "claimtrail:kind": x.kind, "claimtrail:key": x.key}));
        }
    }
    for e in edges {
        let ptype = if e.relation == "quotation" {
            "prov:Quotation"
        } else if matches!(e.from_kind.as_deref(), Some("cable" | "email")) {
            "prov:PrimarySource"
        } else {
            "prov:Revision"
        };
        let attrs = |generated: String, used: String| {
            serde_json::json!({
                "prov:generatedEntity": generated,
                "prov:usedEntity": used,
                "prov:type": {"$": ptype, "type": "prov:QUALIFIED_NAME"},
                "claimtrail:relation": e.relation,
                "claimtrail:confidence": e.confidence,
                "claimtrail:directed": e.directed,
                "claimtrail:evidence": e.evidence.to_string(),
            })
        };
        if e.directed {
            derived.insert(
                format!("_:e{}", e.id),
                attrs(format!("claimtrail:doc{}", e.to_doc), ent_id(e)),
            );
        } else {
            let common = format!("claimtrail:common{}", e.id);
            entity.insert(
                common.clone(),
                serde_json::json!({"prov:label": "common source (not in the corpus)"}),
            );
            derived.insert(format!("_:e{}a", e.id), attrs(ent_id(e), common.clone()));
            derived.insert(
                format!("_:e{}b", e.id),
                attrs(format!("claimtrail:doc{}", e.to_doc), common),
            );
        }
    }
    let v = serde_json::json!({
        "prefix": {"claimtrail": "https://claimtrail.invalid/ns#"},
        "entity": entity,
        "wasDerivedFrom": derived,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot(edges: &[EdgeRow]) -> String {
    let mut out = String::from("digraph claimtrail {\n  rankdir=LR;\n  node [shape=box];\n");
    let mut nodes = BTreeMap::new();
    for e in edges {
        nodes.insert(node_id(e), e.from_label.clone());
        nodes.insert(format!("doc:{}", e.to_doc), e.to_label.clone());
    }
    for (id, label) in &nodes {
        let shape = if id.starts_with("src:") {
            ", shape=ellipse"
        } else {
            ""
        };
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\"{shape}];\n",
            dot_escape(id),
            dot_escape(label)
        ));
    }
    for e in edges {
        out.push_str(&format!(
            "  \"{}\" -> \"doc:{}\" [label=\"{} {:.2}\"{}];\n",
            dot_escape(&node_id(e)),
            e.to_doc,
            e.relation,
            e.confidence,
            if e.directed {
                ""
            } else {
                ", dir=none, style=dashed"
            }
        ));
    }
    out.push_str("}\n");
    out
}

/// The edges of the connected part of the graph that holds `docs` (following edges both ways).
pub fn component(edges: &[EdgeRow], docs: &BTreeSet<i64>) -> Vec<EdgeRow> {
    let mut keep: BTreeSet<i64> = docs.clone();
    loop {
        let before = keep.len();
        for e in edges {
            let f = e.from_doc;
            if keep.contains(&e.to_doc) {
                if let Some(f) = f {
                    keep.insert(f);
                }
            }
            if f.is_some_and(|f| keep.contains(&f)) {
                keep.insert(e.to_doc);
            }
        }
        if keep.len() == before {
            break;
        }
    }
    edges
        .iter()
        .filter(|e| keep.contains(&e.to_doc))
        .cloned()
        .collect()
}

/// The edges among the pages that carry one claim (the claim's page and those aligned with it),
/// and the sources of those pages.
pub fn for_pages(edges: &[EdgeRow], docs: &BTreeSet<i64>) -> Vec<EdgeRow> {
    edges
        .iter()
        .filter(|e| docs.contains(&e.to_doc) && e.from_doc.is_none_or(|f| docs.contains(&f)))
        .cloned()
        .collect()
}
