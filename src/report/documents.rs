//! The documents listing (`claimtrail docs`, the first section of `claimtrail run`).

use super::{new_table, opt, to_csv, truncate, Format};
use crate::store::DocumentRow;
use crate::JSON_SCHEMA;

/// CSV and JSON fields of a document, in order.
pub const FIELDS: &[&str] = &[
    "id",
    "sha256",
    "path",
    "format",
    "encoding",
    "bytes",
    "chars",
    "language",
    "language_source",
    "outlet",
    "url",
    "canonical_url",
    "source_url",
    "site_name",
    "published",
    "published_source",
    "kind",
    "title",
    "previous_version",
];

/// Renders the documents in `format`.
pub fn render(docs: &[DocumentRow], format: Format, o: &super::RenderOptions) -> String {
    match format {
        Format::Json => {
            let v = serde_json::json!({ "schema": JSON_SCHEMA, "documents": docs });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Csv => {
            let rows: Vec<Vec<String>> = docs
                .iter()
                .map(|d| {
                    vec![
                        d.id.to_string(),
                        d.sha256.clone(),
                        d.path.clone(),
                        d.format.clone(),
                        d.encoding.clone(),
                        d.bytes.to_string(),
                        d.chars.to_string(),
                        d.language.clone(),
                        d.language_source.clone(),
                        opt(&d.outlet),
                        opt(&d.url),
                        opt(&d.canonical_url),
                        opt(&d.source_url),
                        opt(&d.site_name),
                        opt(&d.published),
                        opt(&d.published_source),
                        opt(&d.kind),
                        opt(&d.title),
                        d.previous_version
                            .map(|v| v.to_string())
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            to_csv(FIELDS, &rows)
        }
        Format::Table if o.width < 100 => {
            // On a narrow terminal: no hash and no length (both in `--format json`), dates
            // without their time, and the kind and date columns wide enough for their words.
            let mut t = new_table(o, &["id", "outlet", "lang", "kind", "date", "title"]);
            // (Widths count the cell padding; below 80 columns they would not fit, and the width
            // asked for comes first.)
            let bounds: &[(usize, u16)] = if o.width >= 80 {
                &[(3, 13), (4, 12), (5, 26)]
            } else {
                &[]
            };
            for &(col, width) in bounds {
                if let Some(c) = t.column_mut(col) {
                    c.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                        comfy_table::Width::Fixed(width),
                    ));
                }
            }
            for d in docs {
                super::add_row(
                    &mut t,
                    vec![
                        d.id.to_string(),
                        opt(&d.outlet),
                        d.language.clone(),
                        opt(&d.kind),
                        opt(&d.published).chars().take(10).collect(),
                        truncate(o, &opt(&d.title), 60),
                    ],
                );
            }
            super::finish(o, &t)
        }
        Format::Table => {
            let mut t = new_table(
                o,
                &[
                    "id",
                    "hash",
                    "outlet",
                    "lang",
                    "kind",
                    "published",
                    "chars",
                    "title",
                ],
            );
            for d in docs {
                super::add_row(
                    &mut t,
                    vec![
                        d.id.to_string(),
                        d.sha256.chars().take(12).collect(),
                        opt(&d.outlet),
                        d.language.clone(),
                        opt(&d.kind),
                        opt(&d.published),
                        d.chars.to_string(),
                        truncate(o, &opt(&d.title), 60),
                    ],
                );
            }
            super::finish(o, &t)
        }
    }
}
