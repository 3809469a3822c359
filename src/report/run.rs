//! The main job's report (`claimtrail run`): one section per stage, read top to bottom.
//!
//! Table: the documents, the duplicate passages, the facts of each story (each figure and date
//! with the pages that give it), the inconsistencies inside pages, and the sourcing chain as a
//! tree; `--only stories,align,diverge` adds the claim-by-claim story tables (a column per page,
//! divergences marked and listed) and the detailed lists of aligned pairs and divergences.
//! JSON: one object with the same sections under `documents`, `duplicates`, `alignments`,
//! `divergences`, `inconsistencies` and `chain`. CSV has one kind of row only, so `run --format
//! csv` lists the documents; each stage's command (`dupes`, `align`, `diverge`, `check`, `chain`)
//! gives its own CSV.

use super::Format;
use crate::store::{
    AlignmentRow, DivergenceRow, DocumentRow, DuplicateRow, EdgeRow, ExternalRow, InconsistencyRow,
};
use crate::JSON_SCHEMA;

/// Which sections to show (`run --only`).
#[derive(Debug, Clone, Copy)]
pub struct Sections {
    pub docs: bool,
    pub dupes: bool,
    pub align: bool,
    pub diverge: bool,
    pub check: bool,
    pub chain: bool,
    pub stories: bool,
    pub facts: bool,
}

/// Everything the report shows.
pub struct RunReport<'a> {
    pub sections: Sections,
    pub docs: &'a [DocumentRow],
    pub dupes: &'a [DuplicateRow],
    pub alignments: &'a [AlignmentRow],
    pub divergences: &'a [DivergenceRow],
    pub facts: &'a [super::facts::Fact],
    pub inconsistencies: &'a [InconsistencyRow],
    pub edges: &'a [EdgeRow],
    pub externals: &'a [ExternalRow],
}

/// What the report reads from the store, owned ([`RunData::report`] borrows it).
pub struct RunData {
    pub docs: Vec<DocumentRow>,
    pub dupes: Vec<DuplicateRow>,
    pub alignments: Vec<AlignmentRow>,
    pub divergences: Vec<DivergenceRow>,
    pub facts: Vec<super::facts::Fact>,
    pub inconsistencies: Vec<InconsistencyRow>,
    pub edges: Vec<EdgeRow>,
    pub externals: Vec<ExternalRow>,
}

impl RunData {
    /// Reads what the report shows: every stored finding, the divergences shown by default
    /// (confidence at least [`crate::diverge::SHOW_CONFIDENCE`]), and the facts of the pairs
    /// aligned with probability at least `diverge_min`.
    pub fn load(store: &crate::store::Store, diverge_min: f64) -> crate::error::Result<RunData> {
        let docs = store.documents()?;
        let alignments = store.alignments(None, None, 0.0)?;
        let every_divergence = store.divergences(None, None, None, 0.0)?;
        let items = store.aligned_items()?;
        let facts = super::facts::facts(&docs, &alignments, &items, &every_divergence, diverge_min);
        drop(items);
        let divergences: Vec<DivergenceRow> = every_divergence
            .into_iter()
            .filter(|d| d.confidence >= crate::diverge::SHOW_CONFIDENCE)
            .collect();
        Ok(RunData {
            dupes: store.duplicates(None, 0)?,
            inconsistencies: store.inconsistencies(None)?,
            edges: store.edges(None)?,
            externals: store.external_sources()?,
            docs,
            alignments,
            divergences,
            facts,
        })
    }

    /// The report of these findings, with the sections asked for.
    pub fn report(&self, sections: Sections) -> RunReport<'_> {
        RunReport {
            sections,
            docs: &self.docs,
            dupes: &self.dupes,
            alignments: &self.alignments,
            divergences: &self.divergences,
            facts: &self.facts,
            inconsistencies: &self.inconsistencies,
            edges: &self.edges,
            externals: &self.externals,
        }
    }
}

/// Renders the report.
pub fn render(r: &RunReport, format: Format, o: &super::RenderOptions) -> String {
    match format {
        Format::Csv => super::documents::render(r.docs, Format::Csv, o),
        Format::Json => {
            let used: std::collections::BTreeSet<i64> =
                r.edges.iter().filter_map(|e| e.from_source).collect();
            let ext: Vec<&ExternalRow> = r
                .externals
                .iter()
                .filter(|x| used.contains(&x.id))
                .collect();
            let sc = r.sections;
            let mut v = serde_json::json!({"schema": JSON_SCHEMA});
            if sc.docs {
                v["documents"] = serde_json::json!(r.docs);
            }
            if sc.dupes {
                v["duplicates"] = serde_json::json!(super::dupes::json_items(r.dupes));
            }
            if sc.align {
                v["alignments"] = serde_json::json!(super::align::json_items(r.alignments));
            }
            if sc.diverge {
                v["divergences"] = serde_json::json!(super::diverge::json_items(r.divergences));
            }
            if sc.check {
                v["inconsistencies"] =
                    serde_json::json!(super::check::json_items(r.inconsistencies));
            }
            if sc.facts {
                v["facts"] = serde_json::json!(r.facts);
            }
            if sc.stories {
                v["stories"] =
                    serde_json::json!(super::stories::stories(r.docs, r.alignments, r.divergences));
            }
            if sc.chain {
                v["chain"] = serde_json::json!({"external_sources": ext, "edges": super::chain::json_items(r.edges)});
            }
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Table => {
            let sc = r.sections;
            let mut out = String::new();
            if sc.docs {
                out.push_str(&format!("Documents ({})\n", r.docs.len()));
                out.push_str(&super::documents::render(r.docs, Format::Table, o));
            }
            let section = |out: &mut String,
                           show: bool,
                           title: String,
                           empty: bool,
                           body: &dyn Fn() -> String| {
                if !show {
                    return;
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&super::fit(o, &title));
                out.push('\n');
                if empty {
                    out.push_str("none\n");
                } else {
                    out.push_str(&body());
                }
            };
            section(
                &mut out,
                sc.dupes,
                format!("Duplicate passages ({} pairs)", r.dupes.len()),
                r.dupes.is_empty(),
                &|| super::dupes::render(r.dupes, Format::Table, o),
            );
            section(
                &mut out,
                sc.facts,
                format!(
                    "Facts: what the pages say, fact by fact ({} facts told by two pages or more)",
                    r.facts.len()
                ),
                r.facts.is_empty(),
                &|| super::facts::render(r.docs, r.facts, Format::Table, o),
            );
            section(
                &mut out,
                sc.stories,
                format!(
                    "Stories: what each page says, claim by claim ({} aligned pairs)",
                    r.alignments.len()
                ),
                r.alignments.is_empty(),
                &|| super::stories::render(r.docs, r.alignments, r.divergences, o),
            );
            section(
                &mut out,
                sc.align,
                format!("Aligned claims ({} pairs)", r.alignments.len()),
                r.alignments.is_empty(),
                &|| super::align::render(r.alignments, Format::Table, o),
            );
            section(
                &mut out,
                sc.diverge,
                format!(
                    "Divergences between aligned claims ({})",
                    r.divergences.len()
                ),
                r.divergences.is_empty(),
                &|| super::diverge::render(r.divergences, 0, Format::Table, o),
            );
            section(
                &mut out,
                sc.check,
                format!("Inconsistencies inside pages ({})", r.inconsistencies.len()),
                r.inconsistencies.is_empty(),
                &|| super::check::render(r.inconsistencies, Format::Table, o),
            );
            section(
                &mut out,
                sc.chain,
                format!("Sourcing chain ({} edges)", r.edges.len()),
                r.edges.is_empty(),
                &|| super::chain::render(r.edges, r.externals, super::chain::ChainFormat::Tree, o),
            );
            out
        }
    }
}
