//! The ingest listing: what became of each input.

use super::Format;
use crate::ingest::{IngestReport, Outcome};

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// What became of each input of an ingest (stored, unchanged, updated, failed) as a table, JSON
/// (`{"schema", "ingest": [...], "rolled_back"}`) or CSV.
pub fn render(report: &IngestReport, format: Format, o: &super::RenderOptions) -> String {
    let rows: Vec<Vec<String>> = report
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Stored {
                id,
                path,
                previous_version,
            } => vec![
                "stored".into(),
                id.to_string(),
                path.display().to_string(),
                previous_version
                    .map(|p| format!("new version of document {p}"))
                    .unwrap_or_default(),
            ],
            Outcome::Unchanged { id, path } => vec![
                "unchanged".into(),
                id.to_string(),
                path.display().to_string(),
                "same bytes already stored; nothing added".into(),
            ],
            Outcome::Updated { id, path, fields } => vec![
                "updated".into(),
                id.to_string(),
                path.display().to_string(),
                format!("manifest changed {}", fields.join(", ")),
            ],
        })
        .chain(
            report
                .failures
                .iter()
                .map(|e| vec!["failed".into(), String::new(), String::new(), e.to_string()]),
        )
        .collect();
    let headers = ["status", "id", "path", "detail"];
    match format {
        Format::Csv => super::to_csv(&headers, &rows),
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({"status": r[0], "id": r[1].parse::<i64>().ok(), "path": r[2], "detail": r[3]})
                })
                .collect();
            pretty(
                &serde_json::json!({"schema": crate::JSON_SCHEMA, "ingest": items, "rolled_back": report.rolled_back}),
            )
        }
        Format::Table => {
            let mut t = super::new_table(o, &headers);
            for r in rows {
                super::add_row(&mut t, r);
            }
            super::finish(o, &t)
        }
    }
}
