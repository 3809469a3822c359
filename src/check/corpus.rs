//! Checks that need more than one page, run by the align stage over the whole corpus (they own the
//! `stale_date` and `date_order` inconsistency types, replaced whenever the corpus changes):
//!
//! - `stale_date`: a relative date ("11 سبتمبر الماضي", "last September", "l'an dernier") that,
//!   resolved against its page's date, gives another year than the page itself states for the same
//!   day and month, or than an aligned claim of another page states for the same month (or, for a
//!   relative year, the one year an aligned claim states). The page reuses an older text without updating it, or its date is
//!   wrong.
//! - `date_order`: a claim with no date of its own, reported as past (a past-tense marker and no
//!   future marker), aligned with a claim of another page that dates the event after this page's
//!   date: the page cannot report it as past.
//!
//! Only aligned pairs scoring at least [`MIN_SCORE`] are used, so that a loose retelling does not
//! lend its dates to another event.

use super::Inconsistency;
use crate::align::{Alignment, DocInput, ItemInput};
use chrono::NaiveDate;

/// The version of the cross-page checks: a change of it redoes them on a stored corpus.
pub const CORPUS_CHECK_VERSION: i64 = 1;
use std::collections::HashMap;

/// Lowest alignment score whose partner's dates are taken for the same event.
pub const MIN_SCORE: f64 = 0.45;

/// A date the page states with its year (not relative, not inferred): its value (ISO, ASCII, so
/// that it can be sliced by byte).
fn stated(it: &ItemInput) -> Option<&str> {
    let v = it.value.as_deref()?;
    (it.category == "date"
        && matches!(it.kind.as_str(), "day" | "month" | "year" | "time")
        && !it.year_inferred
        && v.is_ascii()
        && v.len() >= 4
        && v[..4].chars().all(|c| c.is_ascii_digit())
        && !v.contains('|'))
    .then_some(v)
}

/// A relative date resolved against the page date: its value.
fn relative(it: &ItemInput) -> Option<&str> {
    let v = it.value.as_deref()?;
    (it.category == "date" && it.kind == "relative" && v.is_ascii() && v.len() >= 4).then_some(v)
}

/// The stated date `s` gives another year for the relative date `r`'s day and month (or, both
/// being bare years, another year): returns the stated value.
fn contradicts<'a>(r: &str, s: &'a str, only_one: bool) -> Option<&'a str> {
    let (ry, sy) = (&r[..4], &s[..4]);
    if ry == sy {
        return None;
    }
    let same = match (r.len(), s.len()) {
        (10, l) if l >= 10 => r[4..10] == s[4..10], // -MM-DD
        (7, l) if l >= 7 => r[4..7] == s[4..7],     // -MM
        (4, 4) => only_one,
        _ => false,
    };
    same.then_some(s)
}

/// The first day a stated date can mean.
fn first_day(v: &str) -> Option<NaiveDate> {
    match v.len() {
        4 => NaiveDate::from_ymd_opt(v.parse().ok()?, 1, 1),
        7 => NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").ok(),
        _ => NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok(),
    }
}

/// Cross-page inconsistencies: (document, inconsistency), at most one per span.
pub fn cross_page(
    docs: &[DocInput],
    pairs: &[Alignment],
    page_dates: &HashMap<i64, NaiveDate>,
) -> Vec<(i64, Inconsistency)> {
    let mut by_claim: HashMap<&str, Vec<&ItemInput>> = HashMap::new();
    let mut claim_span: HashMap<&str, (i64, usize, usize, &str)> = HashMap::new();
    let mut lang: HashMap<i64, &str> = HashMap::new();
    for d in docs {
        lang.insert(d.id, d.lang.as_str());
        for c in &d.claims {
            claim_span.insert(c.id.as_str(), (d.id, c.start, c.end, c.text.as_str()));
        }
        for it in &d.items {
            if let (Some(c), "date") = (it.claim_id.as_deref(), it.category.as_str()) {
                by_claim.entry(c).or_default().push(it);
            }
        }
    }
    let mut out: Vec<(i64, Inconsistency)> = Vec::new();
    let mut seen: std::collections::HashSet<(i64, usize, usize)> = Default::default();
    let mut push = |doc: i64, i: Inconsistency, out: &mut Vec<(i64, Inconsistency)>| {
        if seen.insert((doc, i.start, i.end)) {
            out.push((doc, i));
        }
    };
    // Inside one page: a relative date against a stated date with the same day and month.
    for d in docs {
        let dates: Vec<&ItemInput> = d.items.iter().filter(|i| i.category == "date").collect();
        for r in &dates {
            // Day and month both: a bare "last September" may well be another event.
            let Some(rv) = relative(r).filter(|v| v.len() >= 10) else {
                continue;
            };
            if let Some(s) = dates
                .iter()
                .find_map(|s| Some((*s, contradicts(rv, stated(s)?, false)?)))
            {
                let page = page_dates
                    .get(&d.id)
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                push(
                    d.id,
                    Inconsistency {
                        kind: crate::model::InconsistencyKind::StaleDate,
                        start: r.start,
                        end: r.end,
                        value: format!("{rv} (from the page date {page}); the page states {}", s.1),
                        severity: "medium",
                        explanation: format!(
                            "\"{}\" resolves to {rv} against the page date {page}, but the page \
                             itself dates it \"{}\" ({}): the text is older than its page date",
                            r.text, s.0.text, s.1
                        ),
                    },
                    &mut out,
                );
            }
        }
    }
    // Across pages, through aligned claims.
    for p in pairs.iter().filter(|p| p.score >= MIN_SCORE) {
        for (mine, other) in [(&p.claim_a, &p.claim_b), (&p.claim_b, &p.claim_a)] {
            let (Some(&(doc, cs, ce, text)), Some(&(other_doc, ..))) = (
                claim_span.get(mine.as_str()),
                claim_span.get(other.as_str()),
            ) else {
                continue;
            };
            if doc == other_doc {
                continue;
            }
            let no_items = Vec::new();
            let my_dates = by_claim.get(mine.as_str()).unwrap_or(&no_items);
            let other_dates: Vec<(&ItemInput, &str)> = by_claim
                .get(other.as_str())
                .unwrap_or(&no_items)
                .iter()
                .filter_map(|i| Some((*i, stated(i)?)))
                .collect();
            // The other claim's stated dates that this claim does not state too: a date both
            // give is matched already, not a reading of this claim's relative date.
            let mine_stated: Vec<&str> = my_dates.iter().filter_map(|i| stated(i)).collect();
            let other_relative: Vec<&str> = by_claim
                .get(other.as_str())
                .unwrap_or(&no_items)
                .iter()
                .filter_map(|i| relative(i))
                .collect();
            let other_dates: Vec<(&ItemInput, &str)> = other_dates
                .into_iter()
                .filter(|(_, v)| !mine_stated.contains(v))
                .collect();
            let page = page_dates.get(&doc);
            let page_text = page.map(|p| p.to_string()).unwrap_or_default();
            for r in my_dates {
                let Some(rv) = relative(r) else { continue };
                // The other claim says it the same relative way: they agree.
                if other_relative.contains(&rv) {
                    continue;
                }
                let only_one = other_dates.len() == 1;
                if let Some((s, sv)) = other_dates
                    .iter()
                    .find_map(|(s, sv)| Some((*s, contradicts(rv, sv, only_one)?)))
                {
                    push(
                        doc,
                        Inconsistency {
                            kind: crate::model::InconsistencyKind::StaleDate,
                            start: r.start,
                            end: r.end,
                            value: format!(
                                "{rv} (from the page date {page_text}); page #{other_doc} states {sv}"
                            ),
                            severity: "medium",
                            explanation: format!(
                                "\"{}\" resolves to {rv} against the page date {page_text}, but the \
                                 same claim on page #{other_doc} dates it \"{}\" ({sv}): the text is \
                                 older than its page date",
                                r.text, s.text
                            ),
                        },
                        &mut out,
                    );
                }
            }
            // date_order: this claim has no date, is told as past, and the other page dates the
            // event after this page's date.
            let Some(page) = page else { continue };
            if !my_dates.is_empty() {
                continue;
            }
            let Some((s, sv)) =
                other_dates
                    .iter()
                    .filter(|(_, sv)| sv.len() >= 7)
                    .find(|(_, sv)| {
                        first_day(sv).is_some_and(|f| f > *page + chrono::Duration::days(1))
                    })
            else {
                continue;
            };
            let (past, future) = super::tense_patterns(lang.get(&doc).copied().unwrap_or("en"));
            let norm = crate::text::normalize(text);
            if !past.is_match(&norm) || future.is_match(&norm) {
                continue;
            }
            push(
                doc,
                Inconsistency {
                    kind: crate::model::InconsistencyKind::DateOrder,
                    start: cs,
                    end: ce,
                    value: format!("page dated {page}; page #{other_doc} dates the event {sv}"),
                    severity: "medium",
                    explanation: format!(
                        "this page is dated {page} but tells as past what page #{other_doc} dates \
                         \"{}\" ({sv}): the page is older than what it reports, or one of the \
                         dates is wrong",
                        s.text
                    ),
                },
                &mut out,
            );
        }
    }
    out
}
