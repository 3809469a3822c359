//! The divergences listing (`claimtrail diverge`, a section of `claimtrail run`).

use super::{new_table, to_csv, truncate, Format};
use crate::store::DivergenceRow;

/// The JSON objects of divergences.
pub fn json_items(rows: &[DivergenceRow]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id, "alignment": r.alignment_id, "type": r.kind, "severity": r.severity,
                "rule": r.rule, "confidence": (r.confidence * 1000.0).round() / 1000.0,
                "a": {"doc": r.doc_a, "span": [r.a_start, r.a_end], "text": r.a_text, "value": r.value_a, "claim": r.claim_a_text},
                "b": {"doc": r.doc_b, "span": [r.b_start, r.b_end], "text": r.b_text, "value": r.value_b, "claim": r.claim_b_text},
                "explanation": r.explanation,
            })
        })
        .collect()
}

/// Renders divergences in `format`; `hidden` is how many more the listing left out (below the
/// confidence shown by default), said under the table and in the JSON.
pub fn render(
    rows: &[DivergenceRow],
    hidden: usize,
    format: Format,
    o: &super::RenderOptions,
) -> String {
    match format {
        Format::Json => {
            let mut v: serde_json::Value = serde_json::json!({"schema": crate::JSON_SCHEMA});
            v["divergences"] = serde_json::json!(json_items(rows));
            v["hidden"] = serde_json::json!(hidden);
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Csv => {
            let out: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.alignment_id.to_string(),
                        r.kind.clone(),
                        r.severity.clone(),
                        r.rule.clone(),
                        format!("{:.3}", r.confidence),
                        r.doc_a.to_string(),
                        r.a_start.to_string(),
                        r.a_end.to_string(),
                        r.doc_b.to_string(),
                        r.b_start.to_string(),
                        r.b_end.to_string(),
                        super::opt(&r.value_a),
                        super::opt(&r.value_b),
                        r.explanation.clone(),
                        r.claim_a_text.clone(),
                        r.claim_b_text.clone(),
                    ]
                })
                .collect();
            to_csv(
                &[
                    "id",
                    "alignment",
                    "type",
                    "severity",
                    "rule",
                    "confidence",
                    "doc_a",
                    "a_start",
                    "a_end",
                    "doc_b",
                    "b_start",
                    "b_end",
                    "value_a",
                    "value_b",
                    "explanation",
                    "claim_a",
                    "claim_b",
                ],
                &out,
            )
        }
        Format::Table if rows.is_empty() => {
            let mut out = String::from("none\n");
            if hidden > 0 {
                out.push_str(&format!(
                    "{hidden} divergence(s) below confidence {} not shown (--all shows them)\n",
                    crate::model::results::SHOW_CONFIDENCE
                ));
            }
            out
        }
        Format::Table => {
            let mut t = new_table(
                o,
                &[
                    "docs", "claim a", "claim b", "type", "value a", "value b", "why",
                ],
            );
            for r in rows {
                super::add_row(
                    &mut t,
                    vec![
                        format!("{} ↔ {}", r.doc_a, r.doc_b),
                        truncate(o, &r.claim_a_text, 70),
                        truncate(o, &r.claim_b_text, 70),
                        format!("{} ({}, {:.2})", r.kind, r.severity, r.confidence),
                        truncate(o, &super::opt(&r.value_a), 40),
                        truncate(o, &super::opt(&r.value_b), 40),
                        truncate(o, &r.explanation, 120),
                    ],
                );
            }
            let mut out = super::finish(o, &t);
            if hidden > 0 {
                out.push_str(&format!(
                    "{hidden} more divergence(s) below confidence {} not shown (--all shows them)\n",
                    crate::model::results::SHOW_CONFIDENCE
                ));
            }
            out
        }
    }
}
