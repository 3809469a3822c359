//! Matching predictions to gold items, counting false positives and unlabelled predictions, and
//! turning the counts into scores.
//!
//! Input: the parsed gold items and the predictions read from the database. Output: an
//! [`EvalReport`]. Invariants: a prediction matches at most one gold item and a gold item at most one
//! prediction (a maximum bipartite matching per kind, core items first); a prediction is a true
//! positive, a false positive or unlabelled, never two of these.

use super::gold::{Body, EdgeFrom, GoldItem, Place};
use super::predictions::{self, DocSpan, PredBody, PredFrom, Prediction};
use super::text::normalise_value;
use super::{
    EvalReport, FalsePositive, GoldDoc, ItemOutcome, Kind, Level, LevelScores, OverallScores, Score,
};
use crate::error::Result;
use crate::store::Store;

/// A maximum bipartite matching by Kuhn's augmenting paths.
///
/// `adj[l]` lists the right vertices (predictions) left vertex `l` (a gold item) may take; left
/// vertices are tried in `order`. An augmenting path only re-routes already matched left vertices,
/// never unmatches one, so when `order` puts core items first the number of matched core items is
/// maximal, and the total is maximal too. Returns, for each left vertex, its right vertex.
pub fn max_matching(adj: &[Vec<usize>], order: &[usize], n_right: usize) -> Vec<Option<usize>> {
    let mut left_of_right: Vec<Option<usize>> = vec![None; n_right];
    for &l in order {
        let mut seen = vec![false; n_right];
        augment(l, adj, &mut seen, &mut left_of_right);
    }
    let mut right_of_left = vec![None; adj.len()];
    for (r, l) in left_of_right.iter().enumerate() {
        if let Some(l) = *l {
            right_of_left[l] = Some(r);
        }
    }
    right_of_left
}

fn augment(
    l: usize,
    adj: &[Vec<usize>],
    seen: &mut [bool],
    left_of_right: &mut [Option<usize>],
) -> bool {
    let Some(candidates) = adj.get(l) else {
        return false;
    };
    for &r in candidates {
        if r >= seen.len() || seen[r] {
            continue;
        }
        seen[r] = true;
        let free = match left_of_right[r] {
            None => true,
            Some(other) => augment(other, adj, seen, left_of_right),
        };
        if free {
            left_of_right[r] = Some(l);
            return true;
        }
    }
    false
}

/// True when the predicted side hits the gold place: same document, spans overlap.
fn hits(side: DocSpan, place: &Place) -> bool {
    side.doc == place.doc.db && place.spans.iter().any(|s| s.overlaps(side.span))
}

/// A divergence side hits a place with its own span or with its alignment's claim on that side.
fn div_hits(own: DocSpan, claim: DocSpan, place: &Place) -> bool {
    hits(own, place) || hits(claim, place)
}

/// True when `pred` matches the positive gold item `item` (false for other kinds).
pub fn matches(item: &Body, pred: &PredBody) -> bool {
    match (item, pred) {
        (Body::Duplicate { a, b }, PredBody::Duplicate { a: pa, b: pb })
        | (Body::Alignment { a, b }, PredBody::Alignment { a: pa, b: pb }) => {
            (hits(*pa, a) && hits(*pb, b)) || (hits(*pa, b) && hits(*pb, a))
        }
        (
            Body::Divergence { ty, a, b },
            PredBody::Divergence {
                ty: pty,
                a: pa,
                b: pb,
                claim_a,
                claim_b,
                ..
            },
        ) => {
            let forward = || div_hits(*pa, *claim_a, a) && div_hits(*pb, *claim_b, b);
            let swapped = || div_hits(*pa, *claim_a, b) && div_hits(*pb, *claim_b, a);
            match (ty.as_str(), pty.as_str()) {
                ("addition", "addition") | ("omission", "omission") => forward(),
                // `addition(a, b)`: b carries what a lacks, which is `omission(b, a)`.
                ("addition", "omission") | ("omission", "addition") => swapped(),
                (g, p) => g == p && (forward() || swapped()),
            }
        }
        (Body::Inconsistency { ty, at }, PredBody::Inconsistency { ty: pty, at: pat }) => {
            ty == pty && hits(*pat, at)
        }
        (
            Body::Cue { ty, at, value, .. },
            PredBody::Cue {
                ty: pty,
                at: pat,
                value: pvalue,
            },
        ) => {
            ty == pty
                && hits(*pat, at)
                && match value {
                    None => true,
                    Some(v) => pvalue.as_deref().map(normalise_value).as_ref() == Some(v),
                }
        }
        (
            Body::Edge {
                relations,
                from,
                to,
                directed,
            },
            PredBody::Edge {
                relation,
                from: pfrom,
                to: pto,
                ..
            },
        ) => {
            if !relations.contains(relation) {
                return false;
            }
            match from {
                EdgeFrom::Doc(f) => {
                    let forward = *pto == to.db && *pfrom == PredFrom::Doc(f.db);
                    let reverse = !*directed && *pto == f.db && *pfrom == PredFrom::Doc(to.db);
                    forward || reverse
                }
                EdgeFrom::External(_) => {
                    *pto == to.db
                        && match pfrom {
                            PredFrom::Doc(_) => false,
                            PredFrom::Source { key, label, .. } => {
                                let key = normalise_value(key);
                                let label = normalise_value(label);
                                from.normalised_names()
                                    .iter()
                                    .any(|n| key.contains(n.as_str()) || label.contains(n.as_str()))
                            }
                        }
                }
            }
        }
        _ => false,
    }
}

/// True when `pred` breaks the `no_*` gold item `item` (false for other kinds).
pub fn breaks(item: &Body, pred: &PredBody) -> bool {
    let same_pair = |pair: &[super::gold::DocRef; 2], x: i64, y: i64| {
        (pair[0].db == x && pair[1].db == y) || (pair[0].db == y && pair[1].db == x)
    };
    match (item, pred) {
        (Body::NoDuplicate { docs }, PredBody::Duplicate { a, b }) => {
            a.doc != b.doc
                && docs.iter().any(|d| d.db == a.doc)
                && docs.iter().any(|d| d.db == b.doc)
        }
        (Body::NoInconsistency { docs }, PredBody::Inconsistency { at, .. }) => {
            docs.iter().any(|d| d.db == at.doc)
        }
        (Body::NoAlignment { pairs }, PredBody::Alignment { a, b }) => {
            pairs.iter().any(|p| same_pair(p, a.doc, b.doc))
        }
        (
            Body::NoEdge { pairs },
            PredBody::Edge {
                from: PredFrom::Doc(from),
                to,
                ..
            },
        ) => pairs.iter().any(|p| same_pair(p, *from, *to)),
        _ => false,
    }
}

/// The two documents a prediction lies between (for an edge from an external source, `None`).
fn pred_docs(pred: &PredBody) -> Option<(i64, i64)> {
    match pred {
        PredBody::Duplicate { a, b } | PredBody::Alignment { a, b } => Some((a.doc, b.doc)),
        PredBody::Divergence {
            claim_a, claim_b, ..
        } => Some((claim_a.doc, claim_b.doc)),
        PredBody::Edge {
            from: PredFrom::Doc(from),
            to,
            ..
        } => Some((*from, *to)),
        _ => None,
    }
}

/// True when `pred` (of kind `kind`) lies inside the `exhaustive` item `item`.
pub fn inside(item: &Body, kind: Kind, pred: &PredBody) -> bool {
    let Body::Exhaustive {
        of,
        scope,
        external,
    } = item
    else {
        return false;
    };
    if *of != kind {
        return false;
    }
    match (pred_docs(pred), pred) {
        (Some((x, y)), _) => scope.covers(x, y),
        (
            None,
            PredBody::Edge {
                from: PredFrom::Source { .. },
                to,
                ..
            },
        ) => *external && scope.mentions(*to),
        _ => false,
    }
}

/// The kind whose predictions a restriction item (`no_*` or `exhaustive`) constrains.
fn restricted_kind(item: &GoldItem) -> Option<Kind> {
    match &item.body {
        Body::Exhaustive { of, .. } => Some(*of),
        _ => item.kind.restricts(),
    }
}

/// Matches every kind's predictions to the gold items and builds the report.
pub fn score(
    store: &Store,
    gold: String,
    docs: Vec<GoldDoc>,
    items: Vec<GoldItem>,
) -> Result<EvalReport> {
    let mut matched: Vec<Option<Prediction>> = vec![None; items.len()];
    let mut violations: Vec<Vec<Prediction>> = vec![Vec::new(); items.len()];
    let mut false_positives = Vec::new();
    let mut unlabelled = Vec::new();
    let mut acceptable = Vec::new();
    let mut decided = std::collections::HashSet::new();

    for kind in Kind::POSITIVE {
        let preds = predictions::load(store, kind)?;
        let positives: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].kind == kind)
            .collect();
        let restrictions: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].kind.restricts() == Some(kind))
            .collect();
        let exhaustive: Vec<usize> = (0..items.len())
            .filter(|&i| {
                items[i].kind == Kind::Exhaustive && restricted_kind(&items[i]) == Some(kind)
            })
            .collect();
        let adj: Vec<Vec<usize>> = positives
            .iter()
            .map(|&i| {
                (0..preds.len())
                    .filter(|&p| matches(&items[i].body, &preds[p].body))
                    .collect()
            })
            .collect();
        let order: Vec<usize> = [Level::Core, Level::Stretch, Level::Acceptable]
            .into_iter()
            .flat_map(|level| {
                let items = &items;
                positives
                    .iter()
                    .enumerate()
                    .filter(move |(_, &i)| items[i].level == level)
                    .map(|(pos, _)| pos)
            })
            .collect();
        let matching = max_matching(&adj, &order, preds.len());
        let mut used = vec![false; preds.len()];
        let mut right_count = 0;
        for (pos, right) in matching.iter().enumerate() {
            if let Some(r) = *right {
                used[r] = true;
                decided.insert((preds[r].table, preds[r].id));
                matched[positives[pos]] = Some(preds[r].clone());
                if items[positives[pos]].level == Level::Acceptable {
                    right_count += 1;
                }
            }
        }
        // Which predictions hit some gold item of the kind (whether or not the matching took them).
        let mut hits_some = vec![false; preds.len()];
        for &r in adj.iter().flatten() {
            hits_some[r] = true;
        }
        let mut count = 0;
        for (r, pred) in preds.iter().enumerate() {
            if used[r] {
                continue;
            }
            let mut broken: Vec<usize> = restrictions
                .iter()
                .copied()
                .filter(|&i| breaks(&items[i].body, &pred.body))
                .collect();
            if broken.is_empty() {
                if hits_some[r] {
                    // Right again: a gold item it hits was taken by another prediction.
                    right_count += 1;
                    decided.insert((pred.table, pred.id));
                    continue;
                }
                broken = exhaustive
                    .iter()
                    .copied()
                    .filter(|&i| inside(&items[i].body, kind, &pred.body))
                    .collect();
            }
            if broken.is_empty() {
                count += 1;
                continue;
            }
            decided.insert((pred.table, pred.id));
            for &i in &broken {
                violations[i].push(pred.clone());
            }
            let level = if broken
                .iter()
                .any(|&i| items[i].level == Level::Core || items[i].kind == Kind::Exhaustive)
            {
                Level::Core
            } else {
                Level::Stretch
            };
            false_positives.push(FalsePositive {
                kind,
                level,
                prediction: pred.clone(),
                breaks: broken.iter().map(|&i| items[i].line).collect(),
            });
        }
        unlabelled.push((kind, count));
        acceptable.push((kind, right_count));
    }

    let outcomes: Vec<ItemOutcome> = items
        .into_iter()
        .zip(matched)
        .zip(violations)
        .map(|((item, matched), violations)| ItemOutcome {
            item,
            matched,
            violations,
        })
        .collect();

    let mut kinds = Vec::new();
    for kind in Kind::ALL {
        let present = outcomes
            .iter()
            .any(|o| o.item.kind == kind || restricted_kind(&o.item) == Some(kind));
        if !present {
            continue;
        }
        let per_level = |level: Level| -> Score {
            if !kind.is_positive() {
                let of_level = outcomes
                    .iter()
                    .filter(|o| o.item.kind == kind && o.item.level == level);
                let mut s = Score::default();
                for o in of_level {
                    if o.violations.is_empty() {
                        s.tp += 1;
                    } else {
                        s.fp += o.violations.len();
                    }
                }
                s
            } else {
                let of_level = outcomes
                    .iter()
                    .filter(|o| o.item.kind == kind && o.item.level == level);
                let mut s = Score::default();
                for o in of_level {
                    if o.matched.is_some() {
                        s.tp += 1;
                    } else {
                        s.fn_ += 1;
                    }
                }
                s.fp = false_positives
                    .iter()
                    .filter(|f| f.kind == kind && f.level == level)
                    .count();
                s.unlabelled = unlabelled
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(0, |(_, n)| *n);
                s.acceptable = acceptable
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or(0, |(_, n)| *n);
                s
            }
        };
        let core = per_level(Level::Core);
        let stretch = per_level(Level::Stretch);
        let all = Score {
            tp: core.tp + stretch.tp,
            fp: core.fp + stretch.fp,
            fn_: core.fn_ + stretch.fn_,
            unlabelled: core.unlabelled,
            acceptable: core.acceptable,
        };
        kinds.push((kind, LevelScores { core, stretch, all }));
    }

    let mut overall = OverallScores::default();
    for (kind, scores) in &kinds {
        if kind.is_positive() {
            overall.core = overall.core.plus(scores.core);
            overall.all = overall.all.plus(scores.all);
        }
    }

    Ok(EvalReport {
        gold,
        docs,
        items: outcomes,
        false_positives,
        unlabelled,
        acceptable,
        decided,
        kinds,
        overall,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kuhn_reroutes_to_match_everyone() {
        // item 0 may take p0 or p1, item 1 only p0: both get one.
        let adj = vec![vec![0, 1], vec![0]];
        let m = max_matching(&adj, &[0, 1], 2);
        assert_eq!(m, vec![Some(1), Some(0)]);
    }

    #[test]
    fn one_prediction_matches_one_item() {
        let adj = vec![vec![0], vec![0]];
        let m = max_matching(&adj, &[0, 1], 1);
        assert_eq!(m, vec![Some(0), None]);
    }

    #[test]
    fn core_items_come_first() {
        // item 0 is stretch and comes first in the file; item 1 is core. Both want p0 only.
        let adj = vec![vec![0], vec![0]];
        let m = max_matching(&adj, &[1, 0], 1);
        assert_eq!(m, vec![None, Some(0)]);
    }

    #[test]
    fn later_items_never_unmatch_earlier_ones() {
        // core c0 -> {p0, p1}, core c1 -> {p1}, stretch s0 -> {p0}: the cores take p0 and p1
        // (c0 re-routed to p0 when c1 arrives), the stretch item gets nothing.
        let adj = vec![vec![1, 0], vec![1], vec![0]];
        let m = max_matching(&adj, &[0, 1, 2], 2);
        assert_eq!(m, vec![Some(0), Some(1), None]);
    }

    #[test]
    fn maximum_matching_on_a_longer_chain() {
        // l0 -> {r0}, l1 -> {r0, r1}, l2 -> {r1, r2}, l3 -> {r2}; perfect matching exists.
        let adj = vec![vec![0], vec![0, 1], vec![1, 2], vec![2]];
        let m = max_matching(&adj, &[3, 2, 1, 0], 3);
        assert_eq!(m.iter().filter(|x| x.is_some()).count(), 3);
        let m = max_matching(&adj, &[1, 2, 3, 0], 3);
        assert_eq!(m.iter().filter(|x| x.is_some()).count(), 3);
    }

    #[test]
    fn out_of_range_candidates_are_ignored() {
        let adj = vec![vec![5, 0]];
        assert_eq!(max_matching(&adj, &[0, 9], 1), vec![Some(0)]);
    }
}
