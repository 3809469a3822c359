//! The claims listing (`claimtrail claims`): claims with the items extracted from them.

use super::{new_table, to_csv, truncate, Format};
use crate::store::{ClaimRow, ItemRow};
use crate::JSON_SCHEMA;
use std::collections::HashMap;

/// Renders claims and their items in `format`. CSV has one row per item (claims without items get
/// one row with empty item fields).
pub fn render(
    claims: &[ClaimRow],
    items: &[ItemRow],
    format: Format,
    o: &super::RenderOptions,
) -> String {
    let mut by_claim: HashMap<&str, Vec<&ItemRow>> = HashMap::new();
    let mut loose: Vec<&ItemRow> = Vec::new();
    for it in items {
        match &it.claim_id {
            Some(c) => by_claim.entry(c.as_str()).or_default().push(it),
            None => loose.push(it),
        }
    }
    match format {
        Format::Json => {
            let cs: Vec<serde_json::Value> = claims
                .iter()
                .map(|c| {
                    let its = by_claim.get(c.id.as_str()).cloned().unwrap_or_default();
                    serde_json::json!({
                        "id": c.id, "doc_id": c.doc_id, "ordinal": c.ordinal, "role": c.role,
                        "span": [c.start, c.end], "text": c.text, "items": its,
                    })
                })
                .collect();
            let v = serde_json::json!({"schema": JSON_SCHEMA, "claims": cs, "items_outside_claims": loose});
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Csv => {
            let mut rows = Vec::new();
            for c in claims {
                let its = by_claim.get(c.id.as_str()).cloned().unwrap_or_default();
                let base = vec![
                    c.doc_id.to_string(),
                    c.id.clone(),
                    c.ordinal.to_string(),
                    c.role.clone(),
                    c.start.to_string(),
                    c.end.to_string(),
                    c.text.clone(),
                ];
                if its.is_empty() {
                    let mut r = base.clone();
                    r.extend(std::iter::repeat_n(String::new(), 6));
                    rows.push(r);
                }
                for it in its {
                    let mut r = base.clone();
                    r.extend([
                        it.category.clone(),
                        it.kind.clone(),
                        it.start.to_string(),
                        it.end.to_string(),
                        it.text.clone(),
                        it.value.clone().unwrap_or_default(),
                    ]);
                    rows.push(r);
                }
            }
            to_csv(
                &[
                    "doc_id",
                    "claim_id",
                    "ordinal",
                    "role",
                    "start",
                    "end",
                    "text",
                    "item_category",
                    "item_type",
                    "item_start",
                    "item_end",
                    "item_text",
                    "item_value",
                ],
                &rows,
            )
        }
        Format::Table => {
            let mut t = new_table(o, &["doc", "#", "role", "claim", "items"]);
            for c in claims {
                let its = by_claim.get(c.id.as_str()).cloned().unwrap_or_default();
                let items: Vec<String> = its
                    .iter()
                    .map(|i| {
                        let v = i
                            .value
                            .as_deref()
                            .map(|v| format!(" = {}", truncate(o, v, 30)))
                            .unwrap_or_default();
                        format!(
                            "{}:{} «{}»{}",
                            i.category,
                            i.kind,
                            truncate(o, &i.text, 40),
                            v
                        )
                    })
                    .collect();
                super::add_row(
                    &mut t,
                    vec![
                        c.doc_id.to_string(),
                        c.ordinal.to_string(),
                        c.role.clone(),
                        truncate(o, &c.text, 90),
                        items.join("\n"),
                    ],
                );
            }
            super::finish(o, &t)
        }
    }
}
