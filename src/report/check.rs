//! The in-page inconsistencies listing (`claimtrail check`).

use super::{new_table, to_csv, truncate, Format};
use crate::store::InconsistencyRow;

/// The JSON objects of inconsistencies (the `inconsistencies` array of `check` and `run`).
pub fn json_items(rows: &[InconsistencyRow]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id, "doc": r.doc_id, "type": r.kind, "span": [r.start, r.end],
                "text": r.text, "value": r.value, "severity": r.severity,
                "explanation": r.explanation,
            })
        })
        .collect()
}

/// Renders inconsistencies in `format`.
pub fn render(rows: &[InconsistencyRow], format: Format, o: &super::RenderOptions) -> String {
    match format {
        Format::Json => super::json_listing("inconsistencies", serde_json::json!(json_items(rows))),
        Format::Csv => {
            let out: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.doc_id.to_string(),
                        r.kind.clone(),
                        r.start.to_string(),
                        r.end.to_string(),
                        r.text.clone(),
                        r.value.clone().unwrap_or_default(),
                        r.severity.clone(),
                        r.explanation.clone(),
                    ]
                })
                .collect();
            to_csv(
                &[
                    "id",
                    "doc",
                    "type",
                    "start",
                    "end",
                    "text",
                    "value",
                    "severity",
                    "explanation",
                ],
                &out,
            )
        }
        Format::Table => {
            let mut t = new_table(o, &["doc", "type", "severity", "text", "why"]);
            for r in rows {
                super::add_row(
                    &mut t,
                    vec![
                        r.doc_id.to_string(),
                        r.kind.clone(),
                        r.severity.clone(),
                        truncate(o, &r.text, 40),
                        r.explanation.clone(),
                    ],
                );
            }
            super::finish(o, &t)
        }
    }
}
