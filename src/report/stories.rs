//! Story comparison tables (`claimtrail run --only stories`): pages linked by aligned claims form a
//! story; each story is one table with a column per page (earliest first) and a row per aligned
//! pair of claims (a claim already shown in an earlier row reads "(as row N)"), divergences marked
//! in the cells (`[3]`) and listed under the table, row by row.

use super::{new_table, truncate};
use crate::store::{AlignmentRow, DivergenceRow, DocumentRow};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One story: its pages and its rows of claims.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Story {
    /// Page ids, earliest first (by page date, then id).
    pub docs: Vec<i64>,
    pub rows: Vec<StoryRow>,
}

/// One claim told by several pages.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoryRow {
    /// Per page: the claims' texts (a page may tell it in two claims) with their character spans.
    pub cells: BTreeMap<i64, Vec<(i64, i64, String)>>,
    /// Ids of the divergences between claims of this row.
    pub divergences: Vec<i64>,
}

/// Groups the alignments into stories.
pub fn stories(
    docs: &[DocumentRow],
    alignments: &[AlignmentRow],
    divergences: &[DivergenceRow],
) -> Vec<Story> {
    // Pages linked by any alignment share a story.
    let mut dparent: HashMap<i64, i64> = HashMap::new();
    fn dfind(p: &mut HashMap<i64, i64>, x: i64) -> i64 {
        let q = *p.get(&x).unwrap_or(&x);
        if q == x {
            return x;
        }
        let r = dfind(p, q);
        p.insert(x, r);
        r
    }
    for a in alignments {
        let (x, y) = (dfind(&mut dparent, a.doc_a), dfind(&mut dparent, a.doc_b));
        if x != y {
            dparent.insert(x, y);
        }
    }
    let date: HashMap<i64, String> = docs
        .iter()
        .map(|d| (d.id, d.published.clone().unwrap_or_else(|| "9999".into())))
        .collect();
    let mut by_story: BTreeMap<i64, Vec<&AlignmentRow>> = BTreeMap::new();
    for a in alignments {
        by_story
            .entry(dfind(&mut dparent, a.doc_a))
            .or_default()
            .push(a);
    }
    let div_by_alignment: HashMap<i64, Vec<i64>> =
        divergences.iter().fold(HashMap::new(), |mut m, d| {
            m.entry(d.alignment_id).or_default().push(d.id);
            m
        });
    let mut out = Vec::new();
    for (_, als) in by_story {
        let mut pages: BTreeSet<i64> = BTreeSet::new();
        // One row per aligned pair: grouping pairs transitively (1-2 alignments chain claims
        // together) makes rows too long to read.
        let mut rows: BTreeMap<i64, StoryRow> = BTreeMap::new();
        for a in &als {
            pages.insert(a.doc_a);
            pages.insert(a.doc_b);
            let row = rows.entry(a.id).or_insert_with(|| StoryRow {
                cells: BTreeMap::new(),
                divergences: Vec::new(),
            });
            for (d, s, e, t) in [
                (a.doc_a, a.a_start, a.a_end, &a.a_text),
                (a.doc_b, a.b_start, a.b_end, &a.b_text),
            ] {
                let cell = row.cells.entry(d).or_default();
                if !cell.iter().any(|(cs, _, _)| *cs == s) {
                    cell.push((s, e, t.clone()));
                }
            }
            row.divergences
                .extend(div_by_alignment.get(&a.id).into_iter().flatten().copied());
        }
        let mut docs: Vec<i64> = pages.into_iter().collect();
        docs.sort_by_key(|d| (date.get(d).cloned().unwrap_or_default(), *d));
        let mut rows: Vec<StoryRow> = rows.into_values().collect();
        for r in &mut rows {
            for c in r.cells.values_mut() {
                c.sort();
            }
            r.divergences.sort();
            r.divergences.dedup();
        }
        // Rows in the order of the first page that tells them.
        let key = |r: &StoryRow| -> (usize, i64) {
            docs.iter()
                .enumerate()
                .find_map(|(k, d)| r.cells.get(d).map(|c| (k, c[0].0)))
                .unwrap_or((usize::MAX, 0))
        };
        rows.sort_by_key(key);
        out.push(Story { docs, rows });
    }
    out
}

/// Renders the stories as tables, each followed by the divergences its cells mark.
pub fn render(
    docs: &[DocumentRow],
    alignments: &[AlignmentRow],
    divergences: &[DivergenceRow],
    o: &super::RenderOptions,
) -> String {
    let labels: HashMap<i64, String> = docs
        .iter()
        .map(|d| {
            let name = d
                .outlet
                .clone()
                .filter(|o| !o.is_empty())
                .or(d.title.clone())
                .unwrap_or_else(|| d.path.clone());
            let date = d
                .published
                .as_deref()
                .map(|p| format!(", {}", p.get(..10).unwrap_or(p)))
                .unwrap_or_default();
            (
                d.id,
                format!(
                    "#{} {} ({}{date})",
                    d.id,
                    truncate(o, &name, 30),
                    d.language
                ),
            )
        })
        .collect();
    let divs: HashMap<i64, &DivergenceRow> = divergences.iter().map(|d| (d.id, d)).collect();
    let mut out = String::new();
    for (k, s) in stories(docs, alignments, divergences).iter().enumerate() {
        out.push_str(&format!(
            "Story {} ({} pages, {} shared claims)\n",
            k + 1,
            s.docs.len(),
            s.rows.len()
        ));
        let mut headers = vec!["row".to_string()];
        headers.extend(
            s.docs
                .iter()
                .map(|d| labels.get(d).cloned().unwrap_or_default()),
        );
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut t = new_table(o, &h);
        let mut listed: Vec<(usize, i64)> = Vec::new();
        let width = (o.width as usize / (s.docs.len() + 1)).max(30) * 2;
        // A claim of one page aligned with two claims of another fills two rows: the second
        // time, its cell points to the first row instead of repeating the sentence.
        let mut first_row: HashMap<(i64, String), usize> = HashMap::new();
        for (n, r) in s.rows.iter().enumerate() {
            // Marks per page: the divergences whose span on that page is in this row's cell.
            let mut cells = vec![format!("{}", n + 1)];
            for d in &s.docs {
                let text = r
                    .cells
                    .get(d)
                    .map(|c| {
                        c.iter()
                            .map(|(_, _, t)| t.as_str())
                            .collect::<Vec<_>>()
                            .join(" / ")
                    })
                    .unwrap_or_default();
                let marks: Vec<String> = r
                    .divergences
                    .iter()
                    .filter(|id| divs.get(id).is_some_and(|x| x.doc_a == *d || x.doc_b == *d))
                    .map(|id| format!("[{id}]"))
                    .collect();
                let mut cell = match first_row.get(&(*d, text.clone())) {
                    Some(k) if !text.is_empty() => format!("(as row {k})"),
                    _ => {
                        first_row.insert((*d, text.clone()), n + 1);
                        truncate(o, &text, width)
                    }
                };
                if !marks.is_empty() {
                    cell.push(' ');
                    cell.push_str(&marks.join(""));
                }
                cells.push(cell);
            }
            listed.extend(r.divergences.iter().map(|d| (n + 1, *d)));
            super::add_row(&mut t, cells);
        }
        out.push_str(&super::finish(o, &t));
        if !listed.is_empty() {
            out.push_str("What changed between the pages (row: [divergence] type):\n");
            for (row, id) in listed {
                if let Some(d) = divs.get(&id) {
                    out.push_str(&super::fit(
                        o,
                        &format!(
                            "  {row}: [{id}] {} ({}), #{} vs #{}: {}",
                            d.kind,
                            d.severity,
                            d.doc_a,
                            d.doc_b,
                            truncate(o, &d.explanation, 200)
                        ),
                    ));
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str("none\n");
    }
    out
}
