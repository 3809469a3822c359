//! The aligned-claims listing (`claimtrail align`, a section of `claimtrail run`).

use super::{new_table, to_csv, truncate, Format};
use crate::store::AlignmentRow;

/// A one-line reason: the shared anchors and the first translated word pairs.
pub fn why(d: &crate::model::results::Explanation) -> String {
    let mut parts = Vec::new();
    for x in d.shared_anchors.iter().take(4) {
        parts.push(format!("{} {}={}", x.kind, x.a, x.b));
    }
    let words: Vec<String> = d
        .word_pairs
        .iter()
        .take(6)
        .map(|x| format!("{}={}", x.a, x.b))
        .collect();
    if !words.is_empty() {
        let more = d.word_pairs.len().saturating_sub(6);
        parts.push(format!(
            "words {}{}",
            words.join(", "),
            if more > 0 {
                format!(" (+{more})")
            } else {
                String::new()
            }
        ));
    }
    let c = &d.components;
    parts.push(format!(
        "lexical {:.2} (cover {:.2}/{:.2}), anchors {:.2}, length {:.2}",
        c.lexical, c.coverage_a, c.coverage_b, c.anchors, c.length
    ));
    parts.join("; ")
}

/// The JSON objects of aligned pairs.
pub fn json_items(rows: &[AlignmentRow]) -> Vec<serde_json::Value> {
    rows.iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id, "score": r.score,
                "a": {"doc": r.doc_a, "claim": r.claim_a, "span": [r.a_start, r.a_end], "text": r.a_text},
                "b": {"doc": r.doc_b, "claim": r.claim_b, "span": [r.b_start, r.b_end], "text": r.b_text},
                "why": r.detail,
            })
        })
        .collect()
}

/// Renders aligned pairs in `format`.
pub fn render(rows: &[AlignmentRow], format: Format, o: &super::RenderOptions) -> String {
    match format {
        Format::Json => super::json_listing("alignments", serde_json::json!(json_items(rows))),
        Format::Csv => {
            let out: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.doc_a.to_string(),
                        r.a_start.to_string(),
                        r.a_end.to_string(),
                        r.doc_b.to_string(),
                        r.b_start.to_string(),
                        r.b_end.to_string(),
                        format!("{:.3}", r.score),
                        r.a_text.clone(),
                        r.b_text.clone(),
                        why(&r.detail),
                    ]
                })
                .collect();
            to_csv(
                &[
                    "id", "doc_a", "a_start", "a_end", "doc_b", "b_start", "b_end", "score",
                    "a_text", "b_text", "why",
                ],
                &out,
            )
        }
        Format::Table => {
            let mut t = new_table(o, &["docs", "claim a", "claim b", "score", "why"]);
            for r in rows {
                super::add_row(
                    &mut t,
                    vec![
                        format!("{} ↔ {}", r.doc_a, r.doc_b),
                        truncate(o, &r.a_text, 110),
                        truncate(o, &r.b_text, 110),
                        format!("{:.2}", r.score),
                        truncate(o, &why(&r.detail), 160),
                    ],
                );
            }
            super::finish(o, &t)
        }
    }
}
