//! Rendering an [`EvalReport`]: the scores as JSON or as a table, and the item-by-item explanation
//! as text or JSON. Nothing here recomputes a score; it only formats what `score` decided.

use super::gold::{Body, EdgeFrom, GoldItem, Occurrence, Place, Scope};
use super::predictions::{DocSpan, PredBody, PredFrom, Prediction};
use super::text::Span;
use super::{EvalReport, Kind, Score};
use comfy_table::{presets, CellAlignment, Table};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::fmt::Write as _;

/// What the explanation says about acceptable predictions.
const ACCEPTABLE_NOTE: &str = "predictions matched to an acceptable item, or hitting a gold item \
     another prediction already took: right but not required, neither true nor false positives";

/// What the explanation says about unlabelled predictions.
const UNLABELLED_NOTE: &str = "predictions that match no gold item and break no no_* item: \
     neither right nor wrong; the count does not depend on the level and is reported alike under \
     core, stretch and all";

impl EvalReport {
    /// The scores as JSON: `{"schema": "claimtrail/1", "gold": FILE, "kinds": {KIND: {"core": S,
    /// "stretch": S, "all": S}}, "overall": {"core": S, "all": S}}`, each `S` being
    /// [`Score::to_json`].
    pub fn to_json(&self) -> Value {
        let mut kinds = Map::new();
        for (kind, s) in &self.kinds {
            kinds.insert(
                kind.name().to_string(),
                json!({
                    "core": s.core.to_json(),
                    "stretch": s.stretch.to_json(),
                    "all": s.all.to_json(),
                }),
            );
        }
        json!({
            "schema": crate::JSON_SCHEMA,
            "gold": self.gold,
            "kinds": kinds,
            "overall": {
                "core": self.overall.core.to_json(),
                "all": self.overall.all.to_json(),
            },
        })
    }

    /// The scores as a table: one row per kind and level (core, stretch, all), then the overall
    /// rows. Undefined ratios show as `-`.
    pub fn to_table(&self) -> String {
        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        table.set_header(vec![
            "kind",
            "level",
            "tp",
            "fp",
            "fn",
            "unlabelled",
            "acceptable",
            "precision",
            "recall",
            "f1",
        ]);
        for (kind, s) in &self.kinds {
            for (level, score) in [("core", s.core), ("stretch", s.stretch), ("all", s.all)] {
                table.add_row(score_row(kind.name(), level, score));
            }
        }
        table.add_row(score_row("overall", "core", self.overall.core));
        table.add_row(score_row("overall", "all", self.overall.all));
        for i in 2..10 {
            if let Some(column) = table.column_mut(i) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        table.to_string()
    }

    /// The scores as CSV: a header `kind,level,tp,fp,fn,unlabelled,acceptable,precision,recall,f1`,
    /// then one row per kind and level and the two overall rows (undefined ratios empty).
    pub fn to_csv(&self) -> String {
        let mut out =
            String::from("kind,level,tp,fp,fn,unlabelled,acceptable,precision,recall,f1\n");
        let mut row = |kind: &str, level: &str, s: Score| {
            let ratio = |r: Option<f64>| r.map_or_else(String::new, |r| format!("{r:.6}"));
            let _ = writeln!(
                out,
                "{kind},{level},{},{},{},{},{},{},{},{}",
                s.tp,
                s.fp,
                s.fn_,
                s.unlabelled,
                s.acceptable,
                ratio(s.precision()),
                ratio(s.recall()),
                ratio(s.f1())
            );
        };
        for (kind, s) in &self.kinds {
            for (level, score) in [("core", s.core), ("stretch", s.stretch), ("all", s.all)] {
                row(kind.name(), level, score);
            }
        }
        row("overall", "core", self.overall.core);
        row("overall", "all", self.overall.all);
        out
    }

    /// A human listing: the documents; every gold item with the prediction that matched it (table,
    /// row id, spans) or MISSED, and every `no_*` item with what broke it; every false positive
    /// with the lines it breaks; and the number of unlabelled predictions per kind.
    pub fn explain(&self) -> String {
        let names = self.doc_names();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Gold file {}: {} documents, {} items",
            self.gold,
            self.docs.len(),
            self.items.len()
        );
        out.push_str("\nDocuments\n");
        let width = self
            .docs
            .iter()
            .map(|d| d.id.chars().count())
            .max()
            .unwrap_or(0);
        for d in &self.docs {
            let _ = writeln!(
                out,
                "  {:width$}  = document {}  sha256 {}{}",
                d.id,
                d.db_id,
                d.sha256,
                d.file
                    .as_deref()
                    .map(|f| format!("  ({f})"))
                    .unwrap_or_default()
            );
        }

        out.push_str("\nGold items\n");
        for o in &self.items {
            let item = &o.item;
            let status = if !item.kind.is_positive() {
                match o.violations.len() {
                    0 => "KEPT".to_string(),
                    n => format!("BROKEN ({n} violation{})", plural(n)),
                }
            } else if o.matched.is_some() && item.level == super::Level::Acceptable {
                "MATCHED (acceptable: neither right nor wrong)".to_string()
            } else if o.matched.is_some() {
                "MATCHED".to_string()
            } else {
                "MISSED".to_string()
            };
            let _ = writeln!(
                out,
                "  line {}  {}  {}  {}",
                item.line,
                item.kind.name(),
                item.level.name(),
                status
            );
            if let Some(note) = &item.note {
                let _ = writeln!(out, "      note: {}", super::gold::shorten(note, 90));
            }
            for (label, detail) in item_details(item) {
                let _ = writeln!(out, "      {label}: {detail}");
            }
            if let Some(p) = &o.matched {
                let _ = writeln!(out, "      matched by {}", describe(p, &names));
            }
            for p in &o.violations {
                let _ = writeln!(out, "      broken by {}", describe(p, &names));
            }
        }

        let _ = writeln!(out, "\nFalse positives ({})", self.false_positives.len());
        if self.false_positives.is_empty() {
            out.push_str("  none\n");
        }
        for f in &self.false_positives {
            let _ = writeln!(
                out,
                "  {}  {}  {}",
                f.kind.name(),
                f.level.name(),
                describe(&f.prediction, &names)
            );
            let broken: Vec<String> = f
                .breaks
                .iter()
                .map(|line| {
                    let (kind, level) = self.item_at(*line);
                    format!("line {line} ({kind}, {level})")
                })
                .collect();
            let _ = writeln!(out, "      breaks {}", broken.join(", "));
        }

        let _ = writeln!(out, "\nUnlabelled predictions ({UNLABELLED_NOTE})");
        let width = Kind::POSITIVE
            .iter()
            .map(|k| k.name().len())
            .max()
            .unwrap_or(0);
        for (kind, n) in &self.unlabelled {
            let _ = writeln!(out, "  {:width$}  {n}", kind.name());
        }
        let _ = writeln!(out, "\nAcceptable predictions ({ACCEPTABLE_NOTE})");
        for (kind, n) in &self.acceptable {
            let _ = writeln!(out, "  {:width$}  {n}", kind.name());
        }
        out
    }

    /// The explanation as JSON: `{"schema", "gold", "documents", "items", "false_positives",
    /// "unlabelled": {"counts": {KIND: N}, "note"}}`. Each item carries its line, kind, level,
    /// note, resolved places (with spans) and `status` (`matched`/`missed`, or `kept`/`broken`
    /// for a `no_*` item) with `matched_by` or `violations`.
    pub fn explain_json(&self) -> Value {
        let names = self.doc_names();
        let documents: Vec<Value> = self
            .docs
            .iter()
            .map(|d| json!({"id": d.id, "document": d.db_id, "sha256": d.sha256, "file": d.file}))
            .collect();
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|o| {
                let mut v = item_json(&o.item);
                if !o.item.kind.is_positive() {
                    v.insert(
                        "status".into(),
                        json!(if o.violations.is_empty() {
                            "kept"
                        } else {
                            "broken"
                        }),
                    );
                    v.insert(
                        "violations".into(),
                        Value::Array(o.violations.iter().map(|p| pred_json(p, &names)).collect()),
                    );
                } else {
                    v.insert(
                        "status".into(),
                        json!(if o.matched.is_some() {
                            "matched"
                        } else {
                            "missed"
                        }),
                    );
                    v.insert(
                        "matched_by".into(),
                        o.matched
                            .as_ref()
                            .map_or(Value::Null, |p| pred_json(p, &names)),
                    );
                }
                Value::Object(v)
            })
            .collect();
        let false_positives: Vec<Value> = self
            .false_positives
            .iter()
            .map(|f| {
                let breaks: Vec<Value> = f
                    .breaks
                    .iter()
                    .map(|line| {
                        let (kind, level) = self.item_at(*line);
                        json!({"line": line, "kind": kind, "level": level})
                    })
                    .collect();
                json!({
                    "kind": f.kind.name(),
                    "level": f.level.name(),
                    "prediction": pred_json(&f.prediction, &names),
                    "breaks": breaks,
                })
            })
            .collect();
        let counts: Map<String, Value> = self
            .unlabelled
            .iter()
            .map(|(k, n)| (k.name().to_string(), json!(n)))
            .collect();
        let acceptable: Map<String, Value> = self
            .acceptable
            .iter()
            .map(|(k, n)| (k.name().to_string(), json!(n)))
            .collect();
        json!({
            "schema": crate::JSON_SCHEMA,
            "gold": self.gold,
            "documents": documents,
            "items": items,
            "false_positives": false_positives,
            "unlabelled": {"counts": counts, "note": UNLABELLED_NOTE},
            "acceptable": {"counts": acceptable, "note": ACCEPTABLE_NOTE},
        })
    }

    /// Database document id -> gold id (the first, when two gold ids name one document).
    fn doc_names(&self) -> HashMap<i64, String> {
        let mut names = HashMap::new();
        for d in &self.docs {
            names.entry(d.db_id).or_insert_with(|| d.id.clone());
        }
        names
    }

    /// Kind and level names of the item on `line`.
    fn item_at(&self, line: usize) -> (&'static str, &'static str) {
        self.items
            .iter()
            .find(|o| o.item.line == line)
            .map_or(("?", "?"), |o| (o.item.kind.name(), o.item.level.name()))
    }
}

fn score_row(kind: &str, level: &str, s: Score) -> Vec<String> {
    let ratio = |r: Option<f64>| r.map_or_else(|| "-".to_string(), |r| format!("{r:.3}"));
    vec![
        kind.to_string(),
        level.to_string(),
        s.tp.to_string(),
        s.fp.to_string(),
        s.fn_.to_string(),
        s.unlabelled.to_string(),
        s.acceptable.to_string(),
        ratio(s.precision()),
        ratio(s.recall()),
        ratio(s.f1()),
    ]
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn span_text(s: Span) -> String {
    format!("[{},{})", s.start, s.end)
}

fn place_text(p: &Place) -> String {
    let spans: Vec<String> = p.spans.iter().map(|s| span_text(*s)).collect();
    let which = match p.occurrence {
        Occurrence::Only => String::new(),
        Occurrence::Nth(n) => format!(" #{n}"),
        Occurrence::Any => " (any)".to_string(),
        Occurrence::Span => " (span+sha256)".to_string(),
    };
    format!(
        "{} \"{}\"{} {}",
        p.doc.id,
        super::gold::shorten(&p.quote, 50),
        which,
        spans.join(" ")
    )
}

fn pairs_text(pairs: &[[super::gold::DocRef; 2]]) -> String {
    pairs
        .iter()
        .map(|[x, y]| format!("{}-{}", x.id, y.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(label, text)` lines describing what a gold item says.
fn item_details(item: &GoldItem) -> Vec<(&'static str, String)> {
    match &item.body {
        Body::Duplicate { a, b } | Body::Alignment { a, b } => {
            vec![("a", place_text(a)), ("b", place_text(b))]
        }
        Body::Divergence { ty, a, b } => vec![
            ("type", ty.clone()),
            ("a", place_text(a)),
            ("b", place_text(b)),
        ],
        Body::Inconsistency { ty, at } => vec![("type", ty.clone()), ("at", place_text(at))],
        Body::Cue {
            ty, at, value_raw, ..
        } => {
            let mut v = vec![("type", ty.clone())];
            if let Some(value) = value_raw {
                v.push(("value", value.clone()));
            }
            v.push(("at", place_text(at)));
            v
        }
        Body::Edge {
            relations,
            from,
            to,
            directed,
        } => {
            let from = match from {
                EdgeFrom::Doc(d) => d.id.clone(),
                EdgeFrom::External(names) => format!("external {}", names.join(" | ")),
            };
            let arrow = if *directed { "->" } else { "<->" };
            vec![
                ("relation", relations.join(" | ")),
                ("edge", format!("{from} {arrow} {}", to.id)),
            ]
        }
        Body::NoDuplicate { docs } | Body::NoInconsistency { docs } => vec![(
            "docs",
            docs.iter()
                .map(|d| d.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )],
        Body::NoAlignment { pairs } | Body::NoEdge { pairs } => {
            vec![("pairs", pairs_text(pairs))]
        }
        Body::Exhaustive {
            of,
            scope,
            external,
        } => {
            let mut v = vec![("of", of.name().to_string())];
            match scope {
                Scope::Pairs(pairs) => v.push(("pairs", pairs_text(pairs))),
                Scope::Docs(docs) => v.push((
                    "docs",
                    docs.iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                )),
            }
            if *external {
                v.push((
                    "external",
                    "edges from external sources included".to_string(),
                ));
            }
            v
        }
    }
}

fn doc_name(doc: i64, names: &HashMap<i64, String>) -> String {
    names
        .get(&doc)
        .cloned()
        .unwrap_or_else(|| format!("document {doc}"))
}

fn side_text(s: DocSpan, names: &HashMap<i64, String>) -> String {
    format!("{} {}", doc_name(s.doc, names), span_text(s.span))
}

/// One line describing a prediction: table, row id, what it says and its spans.
fn describe(p: &Prediction, names: &HashMap<i64, String>) -> String {
    let head = format!("{} #{}", p.table, p.id);
    match &p.body {
        PredBody::Duplicate { a, b } | PredBody::Alignment { a, b } => {
            format!(
                "{head}: {} ~ {}",
                side_text(*a, names),
                side_text(*b, names)
            )
        }
        PredBody::Divergence {
            ty,
            alignment_id,
            a,
            b,
            claim_a,
            claim_b,
        } => format!(
            "{head} ({ty}, alignment #{alignment_id}): {} ~ {} (claims {} ~ {})",
            side_text(*a, names),
            side_text(*b, names),
            span_text(claim_a.span),
            span_text(claim_b.span)
        ),
        PredBody::Inconsistency { ty, at } => format!("{head} ({ty}): {}", side_text(*at, names)),
        PredBody::Cue { ty, at, value } => {
            let value = value
                .as_deref()
                .map(|v| format!(" = \"{v}\""))
                .unwrap_or_default();
            format!("{head} ({ty}{value}): {}", side_text(*at, names))
        }
        PredBody::Edge {
            relation,
            from,
            to,
            directed,
        } => {
            let from = match from {
                PredFrom::Doc(d) => doc_name(*d, names),
                PredFrom::Source { id, key, label } => {
                    format!("source #{id} \"{key}\" ({label})")
                }
            };
            let arrow = if *directed { "->" } else { "<->" };
            format!(
                "{head} ({relation}): {from} {arrow} {}",
                doc_name(*to, names)
            )
        }
    }
}

fn side_json(s: DocSpan, names: &HashMap<i64, String>) -> Value {
    json!({
        "document": s.doc,
        "doc": names.get(&s.doc),
        "start": s.span.start,
        "end": s.span.end,
    })
}

fn pred_json(p: &Prediction, names: &HashMap<i64, String>) -> Value {
    let mut v = Map::new();
    v.insert("table".into(), json!(p.table));
    v.insert("id".into(), json!(p.id));
    match &p.body {
        PredBody::Duplicate { a, b } | PredBody::Alignment { a, b } => {
            v.insert("a".into(), side_json(*a, names));
            v.insert("b".into(), side_json(*b, names));
        }
        PredBody::Divergence {
            ty,
            alignment_id,
            a,
            b,
            claim_a,
            claim_b,
        } => {
            v.insert("type".into(), json!(ty));
            v.insert("alignment_id".into(), json!(alignment_id));
            v.insert("a".into(), side_json(*a, names));
            v.insert("b".into(), side_json(*b, names));
            v.insert("claim_a".into(), side_json(*claim_a, names));
            v.insert("claim_b".into(), side_json(*claim_b, names));
        }
        PredBody::Inconsistency { ty, at } => {
            v.insert("type".into(), json!(ty));
            v.insert("at".into(), side_json(*at, names));
        }
        PredBody::Cue { ty, at, value } => {
            v.insert("type".into(), json!(ty));
            v.insert("value".into(), json!(value));
            v.insert("at".into(), side_json(*at, names));
        }
        PredBody::Edge {
            relation,
            from,
            to,
            directed,
        } => {
            v.insert("relation".into(), json!(relation));
            let from = match from {
                PredFrom::Doc(d) => json!({"document": d, "doc": names.get(d)}),
                PredFrom::Source { id, key, label } => {
                    json!({"source": {"id": id, "key": key, "label": label}})
                }
            };
            v.insert("from".into(), from);
            v.insert("to".into(), json!({"document": to, "doc": names.get(to)}));
            v.insert("directed".into(), json!(directed));
        }
    }
    Value::Object(v)
}

fn place_json(p: &Place) -> Value {
    let occurrence = match p.occurrence {
        Occurrence::Only => Value::Null,
        Occurrence::Nth(n) => json!(n),
        Occurrence::Any => json!("any"),
        Occurrence::Span => Value::Null,
    };
    let spans: Vec<Value> = p.spans.iter().map(|s| json!([s.start, s.end])).collect();
    json!({
        "doc": p.doc.id,
        "document": p.doc.db,
        "quote": p.quote,
        "occurrence": occurrence,
        "spans": spans,
    })
}

fn item_json(item: &GoldItem) -> Map<String, Value> {
    let mut v = Map::new();
    v.insert("line".into(), json!(item.line));
    v.insert("kind".into(), json!(item.kind.name()));
    v.insert("level".into(), json!(item.level.name()));
    v.insert("note".into(), json!(item.note));
    let ids = |docs: &[super::gold::DocRef]| -> Value {
        docs.iter().map(|d| json!(d.id)).collect::<Vec<_>>().into()
    };
    let pairs = |pairs: &[[super::gold::DocRef; 2]]| -> Value {
        pairs
            .iter()
            .map(|[x, y]| json!([x.id, y.id]))
            .collect::<Vec<_>>()
            .into()
    };
    match &item.body {
        Body::Duplicate { a, b } | Body::Alignment { a, b } => {
            v.insert("a".into(), place_json(a));
            v.insert("b".into(), place_json(b));
        }
        Body::Divergence { ty, a, b } => {
            v.insert("type".into(), json!(ty));
            v.insert("a".into(), place_json(a));
            v.insert("b".into(), place_json(b));
        }
        Body::Inconsistency { ty, at } => {
            v.insert("type".into(), json!(ty));
            v.insert("at".into(), place_json(at));
        }
        Body::Cue {
            ty, at, value_raw, ..
        } => {
            v.insert("type".into(), json!(ty));
            v.insert("value".into(), json!(value_raw));
            v.insert("at".into(), place_json(at));
        }
        Body::Edge {
            relations,
            from,
            to,
            directed,
        } => {
            v.insert("relation".into(), json!(relations));
            let from = match from {
                EdgeFrom::Doc(d) => json!(d.id),
                EdgeFrom::External(names) => json!({"external": names}),
            };
            v.insert("from".into(), from);
            v.insert("to".into(), json!(to.id));
            v.insert("directed".into(), json!(directed));
        }
        Body::NoDuplicate { docs } | Body::NoInconsistency { docs } => {
            v.insert("docs".into(), ids(docs));
        }
        Body::NoAlignment { pairs: p } | Body::NoEdge { pairs: p } => {
            v.insert("pairs".into(), pairs(p));
        }
        Body::Exhaustive {
            of,
            scope,
            external,
        } => {
            v.insert("of".into(), json!(of.name()));
            match scope {
                Scope::Pairs(p) => v.insert("pairs".into(), pairs(p)),
                Scope::Docs(d) => v.insert("docs".into(), ids(d)),
            };
            v.insert("external".into(), json!(external));
        }
    }
    v
}
