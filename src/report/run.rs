//! The main job's report (`claimtrail run`): one section per stage, read top to bottom.
//!
//! Table: the documents, the duplicate passages, the inconsistencies inside pages. JSON: one object
//! with the same sections under `documents`, `duplicates` and `inconsistencies`. CSV has one kind
//! of row only, so `run --format csv` lists the documents; each stage's command (`dupes`, `check`)
//! gives its own CSV.

use super::Format;
use crate::store::{DocumentRow, DuplicateRow, InconsistencyRow};
use crate::JSON_SCHEMA;

/// Renders the report.
pub fn render(
    docs: &[DocumentRow],
    dupes: &[DuplicateRow],
    inconsistencies: &[InconsistencyRow],
    format: Format,
) -> String {
    match format {
        Format::Csv => super::documents::render(docs, Format::Csv),
        Format::Json => {
            let v = serde_json::json!({
                "schema": JSON_SCHEMA,
                "documents": docs,
                "duplicates": super::dupes::json_items(dupes),
                "inconsistencies": super::check::json_items(inconsistencies),
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Table => {
            let mut out = format!("Documents ({})\n", docs.len());
            out.push_str(&super::documents::render(docs, Format::Table));
            out.push_str(&format!("\nDuplicate passages ({} pairs)\n", dupes.len()));
            if dupes.is_empty() {
                out.push_str("none\n");
            } else {
                out.push_str(&super::dupes::render(dupes, Format::Table));
            }
            out.push_str(&format!(
                "\nInconsistencies inside pages ({})\n",
                inconsistencies.len()
            ));
            if inconsistencies.is_empty() {
                out.push_str("none\n");
            } else {
                out.push_str(&super::check::render(inconsistencies, Format::Table));
            }
            out
        }
    }
}
