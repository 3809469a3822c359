//! The duplicate-passages listing (`claimtrail dupes`, a section of `claimtrail run`).

use super::{new_table, to_csv, truncate, Format};
use crate::store::DuplicateRow;

fn edits(d: &serde_json::Value) -> String {
    let n = |k: &str| d[k].as_u64().unwrap_or(0);
    format!(
        "={} ~{} +{} -{}",
        n("equal_words"),
        n("replaced_words"),
        n("inserted_words"),
        n("deleted_words")
    )
}

/// The JSON objects of duplicate pairs (the `duplicates` array of `dupes` and `run`).
pub fn json_items(rows: &[DuplicateRow]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id, "family": r.family, "similarity": r.similarity,
                "a": {"doc": r.doc_a, "span": [r.a_start, r.a_end], "text": r.a_text},
                "b": {"doc": r.doc_b, "span": [r.b_start, r.b_end], "text": r.b_text},
                "edits": {
                    "equal_words": r.detail["equal_words"], "replaced_words": r.detail["replaced_words"],
                    "inserted_words": r.detail["inserted_words"], "deleted_words": r.detail["deleted_words"],
                },
                "shared_chars": r.detail["shared_chars"],
                "diff": r.detail["diff"],
            })
        })
        .collect()
}

/// Renders duplicate pairs in `format`.
pub fn render(rows: &[DuplicateRow], format: Format, o: &super::RenderOptions) -> String {
    match format {
        Format::Json => super::json_listing("duplicates", serde_json::json!(json_items(rows))),
        Format::Csv => {
            let out: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.family.map(|f| f.to_string()).unwrap_or_default(),
                        r.doc_a.to_string(),
                        r.a_start.to_string(),
                        r.a_end.to_string(),
                        r.doc_b.to_string(),
                        r.b_start.to_string(),
                        r.b_end.to_string(),
                        format!("{:.3}", r.similarity),
                        r.detail["equal_words"].to_string(),
                        r.detail["replaced_words"].to_string(),
                        r.detail["inserted_words"].to_string(),
                        r.detail["deleted_words"].to_string(),
                        r.a_text.clone(),
                        r.b_text.clone(),
                    ]
                })
                .collect();
            to_csv(
                &[
                    "id",
                    "family",
                    "doc_a",
                    "a_start",
                    "a_end",
                    "doc_b",
                    "b_start",
                    "b_end",
                    "similarity",
                    "equal_words",
                    "replaced_words",
                    "inserted_words",
                    "deleted_words",
                    "a_text",
                    "b_text",
                ],
                &out,
            )
        }
        Format::Table if o.width < 100 => {
            // Narrow terminals: four columns, so that no word is cut inside (the spans and the
            // figures share a cell, the two passages another, one under the other).
            let mut t = new_table(
                o,
                &[
                    "family",
                    "a / b (doc: chars)",
                    "similarity, words",
                    "passages a / b",
                ],
            );
            for r in rows {
                super::add_row(
                    &mut t,
                    vec![
                        r.family.map(|f| f.to_string()).unwrap_or_default(),
                        format!(
                            "{}: {}-{}\n{}: {}-{}",
                            r.doc_a, r.a_start, r.a_end, r.doc_b, r.b_start, r.b_end
                        ),
                        format!("{:.2}\n{}", r.similarity, edits(&r.detail)),
                        format!(
                            "{}\n\n{}",
                            truncate(o, &r.a_text, 60),
                            truncate(o, &r.b_text, 60)
                        ),
                    ],
                );
            }
            super::finish(o, &t)
        }
        Format::Table => {
            let mut t = new_table(
                o,
                &[
                    "family",
                    "a (doc: chars)",
                    "b (doc: chars)",
                    "similarity",
                    "words =same ~changed +added -dropped",
                    "passage a",
                    "passage b",
                ],
            );
            for r in rows {
                super::add_row(
                    &mut t,
                    vec![
                        r.family.map(|f| f.to_string()).unwrap_or_default(),
                        format!("{}: {}-{}", r.doc_a, r.a_start, r.a_end),
                        format!("{}: {}-{}", r.doc_b, r.b_start, r.b_end),
                        format!("{:.2}", r.similarity),
                        edits(&r.detail),
                        truncate(o, &r.a_text, 60),
                        truncate(o, &r.b_text, 60),
                    ],
                );
            }
            super::finish(o, &t)
        }
    }
}
