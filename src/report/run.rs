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
    /// The first lines: what the corpus holds and what each stage found (table only).
    pub summary: bool,
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
    /// At most this many rows per listing in a table, the most telling first (0: all).
    pub rows: usize,
    /// Every stored divergence, shown or not.
    pub divergences_total: usize,
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
    /// Every stored divergence, shown or not.
    pub divergences_total: usize,
}

impl RunData {
    /// Reads what the report shows: every stored finding, the divergences shown by default
    /// (confidence at least [`crate::model::results::SHOW_CONFIDENCE`]), and the facts of the pairs
    /// aligned with probability at least `diverge_min`. `explained`: read each alignment's
    /// explanation (the aligned-pair and story listings, and JSON, show it; the facts do not).
    pub fn load(
        store: &crate::store::Store,
        diverge_min: f64,
        explained: bool,
    ) -> crate::error::Result<RunData> {
        let docs = store.documents()?;
        let alignments = if explained {
            store.alignments(None, None, 0.0)?
        } else {
            store.alignment_links()?
        };
        let every_divergence = store.divergences(None, None, None, 0.0)?;
        let items = store.aligned_items()?;
        let facts = super::facts::facts(&docs, &alignments, &items, &every_divergence, diverge_min);
        drop(items);
        let divergences_total = every_divergence.len();
        let divergences: Vec<DivergenceRow> = every_divergence
            .into_iter()
            .filter(|d| d.confidence >= crate::model::results::SHOW_CONFIDENCE)
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
            divergences_total,
        })
    }

    /// The report of these findings, with the sections asked for and at most `rows` rows per
    /// listing in a table (0: all).
    pub fn report(&self, sections: Sections, rows: usize) -> RunReport<'_> {
        RunReport {
            sections,
            rows,
            divergences_total: self.divergences_total,
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

/// The `n` rows with the highest `key` (ties: the earlier), in their listing order; all of them
/// when there are at most `n` (or `n` is 0).
fn top<T: Clone>(rows: &[T], n: usize, key: impl Fn(&T) -> f64) -> std::borrow::Cow<'_, [T]> {
    if n == 0 || rows.len() <= n {
        return std::borrow::Cow::Borrowed(rows);
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&x, &y| key(&rows[y]).total_cmp(&key(&rows[x])).then(x.cmp(&y)));
    order.truncate(n);
    order.sort_unstable();
    std::borrow::Cow::Owned(order.into_iter().map(|k| rows[k].clone()).collect())
}

/// The report's first lines: what the corpus holds and what each stage found, in a few lines.
fn summary(r: &RunReport, o: &super::RenderOptions) -> String {
    let mut langs: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut outlets: std::collections::BTreeSet<&str> = Default::default();
    for d in r.docs {
        *langs.entry(d.language.as_str()).or_default() += 1;
        if let Some(x) = d.outlet.as_deref().or(d.site_name.as_deref()) {
            outlets.insert(x);
        }
    }
    let langs: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let families: std::collections::BTreeSet<i64> =
        r.dupes.iter().filter_map(|d| d.family).collect();
    let stories: std::collections::BTreeSet<usize> = r.facts.iter().map(|f| f.story).collect();
    let differing = r.facts.iter().filter(|f| f.differs).count();
    let lines = [
        format!(
            "{} pages ({}){}",
            r.docs.len(),
            langs.join(", "),
            if outlets.is_empty() {
                String::new()
            } else {
                format!(" from {} outlets", outlets.len())
            }
        ),
        format!(
            "{} duplicate-passage pairs in {} families",
            r.dupes.len(),
            families.len()
        ),
        format!("{} aligned claim pairs", r.alignments.len()),
        format!(
            "{} facts told by two pages or more, in {} {}; {} with differing values",
            r.facts.len(),
            stories.len(),
            if stories.len() == 1 {
                "story"
            } else {
                "stories"
            },
            differing
        ),
        format!(
            "{} divergences between aligned claims ({} shown, confidence >= {})",
            r.divergences_total,
            r.divergences.len(),
            crate::model::results::SHOW_CONFIDENCE
        ),
        format!("{} inconsistencies inside pages", r.inconsistencies.len()),
        format!("{} sourcing edges", r.edges.len()),
    ];
    let mut out = String::from("Summary\n");
    for l in lines {
        out.push_str(&super::fit(o, &format!("  {l}")));
        out.push('\n');
    }
    out
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
            let mut out = if sc.summary {
                summary(r, o)
            } else {
                String::new()
            };
            let capped = |n: usize| r.rows > 0 && n > r.rows;
            let note =
                |out: &mut String, shown: usize, total: usize, order: &str, command: &str| {
                    if total > shown {
                        out.push_str(&super::fit(
                            o,
                            &format!(
                            "... {shown} of {total} shown ({order}); all: `claimtrail {command}` \
                             (or `run --rows 0`)"
                        ),
                        ));
                        out.push('\n');
                    }
                };
            if sc.docs {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&format!("Documents ({})\n", r.docs.len()));
                let docs = if capped(r.docs.len()) {
                    &r.docs[..r.rows]
                } else {
                    r.docs
                };
                out.push_str(&super::documents::render(docs, Format::Table, o));
                note(&mut out, docs.len(), r.docs.len(), "first by id", "docs");
            }
            // A section: its title, "none" or its rows, and when cut, how many it holds, in which
            // order they were chosen and which command lists them all.
            let section =
                |out: &mut String,
                 show: bool,
                 title: String,
                 empty: bool,
                 body: &dyn Fn() -> String,
                 (shown, total, order, command): (usize, usize, &str, &str)| {
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
                    note(out, shown, total, order, command);
                };
            let dupes = top(r.dupes, r.rows, |d| {
                (d.a_end - d.a_start).max(d.b_end - d.b_start) as f64
            });
            section(
                &mut out,
                sc.dupes,
                format!("Duplicate passages ({} pairs)", r.dupes.len()),
                r.dupes.is_empty(),
                &|| super::dupes::render(&dupes, Format::Table, o),
                (dupes.len(), r.dupes.len(), "longest passages", "dupes"),
            );
            let facts = top(r.facts, r.rows, |f| {
                f.docs.len() as f64 + if f.differs { 1e6 } else { 0.0 }
            });
            section(
                &mut out,
                sc.facts,
                format!(
                    "Facts: what the pages say, fact by fact ({} facts told by two pages or more)",
                    r.facts.len()
                ),
                r.facts.is_empty(),
                &|| super::facts::render(r.docs, &facts, Format::Table, o),
                (
                    facts.len(),
                    r.facts.len(),
                    "differing values, then most pages",
                    "facts",
                ),
            );
            let alignments = top(r.alignments, r.rows, |a| a.score);
            section(
                &mut out,
                sc.stories,
                format!(
                    "Stories: what each page says, claim by claim ({} aligned pairs)",
                    r.alignments.len()
                ),
                r.alignments.is_empty(),
                &|| super::stories::render(r.docs, &alignments, r.divergences, o),
                (
                    alignments.len(),
                    r.alignments.len(),
                    "most probable pairs",
                    "run --only stories --rows 0",
                ),
            );
            section(
                &mut out,
                sc.align,
                format!("Aligned claims ({} pairs)", r.alignments.len()),
                r.alignments.is_empty(),
                &|| super::align::render(&alignments, Format::Table, o),
                (
                    alignments.len(),
                    r.alignments.len(),
                    "most probable",
                    "align",
                ),
            );
            let divergences = top(r.divergences, r.rows, |d| d.confidence);
            section(
                &mut out,
                sc.diverge,
                format!(
                    "Divergences between aligned claims ({})",
                    r.divergences.len()
                ),
                r.divergences.is_empty(),
                &|| super::diverge::render(&divergences, 0, Format::Table, o),
                (
                    divergences.len(),
                    r.divergences.len(),
                    "most confident",
                    "diverge",
                ),
            );
            let inconsistencies = top(r.inconsistencies, r.rows, |i| match i.severity.as_str() {
                "high" => 2.0,
                "medium" => 1.0,
                _ => 0.0,
            });
            section(
                &mut out,
                sc.check,
                format!("Inconsistencies inside pages ({})", r.inconsistencies.len()),
                r.inconsistencies.is_empty(),
                &|| super::check::render(&inconsistencies, Format::Table, o),
                (
                    inconsistencies.len(),
                    r.inconsistencies.len(),
                    "most severe",
                    "check",
                ),
            );
            let edges = top(r.edges, r.rows, |e| e.confidence);
            section(
                &mut out,
                sc.chain,
                format!("Sourcing chain ({} edges)", r.edges.len()),
                r.edges.is_empty(),
                &|| super::chain::render(&edges, r.externals, super::chain::ChainFormat::Tree, o),
                (edges.len(), r.edges.len(), "most confident", "chain"),
            );
            out
        }
    }
}
