//! Omission and addition: a clause of one claim that the aligned claim lacks and that the other
//! page does not carry anywhere.
//!
//! A clause (between punctuation) of at least [`CLAUSE_MIN_WORDS`] content words counts when at
//! most a fifth of its words have a counterpart in the aligned claim, the claim's other words are
//! matched well enough ([`REST_MIN_COVERAGE`]), no claim of the other page covers half its words
//! or comes within [`CARRIED_COSINE`] of it by sentence vector, and the other side is not cut off
//! there (its claim ends mid-sentence, or it is the last claim of a truncated page). On side a it
//! is an omission by b; on side b an addition. The claims next to the aligned one on the other
//! page carry it at lower thresholds. Pairs aligned with probability >= [`CLOSE_PAIR`] give the
//! rules `omission.close` / `addition.close`, the others `omission.clause` / `addition.clause`.

use super::{coverage, push, span_item, Embed, Side};
use crate::align::match_words;
use crate::model::results::Divergence;
use crate::model::DivergenceKind;

/// Content words a clause needs to be reported as omitted or added.
pub const CLAUSE_MIN_WORDS: usize = 3;
/// Share of the rest of the claim's words that must be matched before a clause counts as missing.
pub const REST_MIN_COVERAGE: f64 = 0.3;
/// A claim of the other page this close to the clause (cosine of sentence vectors) carries it.
pub const CARRIED_COSINE: f32 = 0.5;
/// A claim of the other page with this share of the clause's words carries it.
pub const CARRIED_WORDS: f64 = 0.5;
/// Claims of the other page this close to the aligned one (in order) are its neighbours: the
/// sentence before or after often says what the aligned one leaves out, so they carry a clause
/// at lower thresholds ([`NEAR_WORDS`], [`NEAR_COSINE`]; chosen on the dev split's judged
/// omissions: they drop a fifth of the wrong findings and none of the right ones).
pub const NEAR_CLAIMS: i64 = 2;
pub const NEAR_WORDS: f64 = 0.34;
pub const NEAR_COSINE: f32 = 0.35;
/// Pairs aligned at least this probably are "close": their omissions were judged right twice as
/// often on the dev split (rule `omission.close` / `addition.close`).
pub const CLOSE_PAIR: f64 = 0.95;

/// Clause boundaries: punctuation that ends a clause, in any of the three languages.
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '،' | '؛' | '(' | ')' | '—' | '–' | '.' | '!' | '?' | '؟'
    )
}

/// A clause break at `i`, unless it is a separator inside a figure ("11,300", "3.5").
fn breaks_at(chars: &[char], i: usize) -> bool {
    let digit = |k: Option<&char>| k.is_some_and(|c| c.is_ascii_digit() || ('٠'..='٩').contains(c));
    is_clause_break(chars[i])
        && !(matches!(chars[i], ',' | '.' | '،')
            && i > 0
            && digit(chars.get(i - 1))
            && digit(chars.get(i + 1)))
}

/// The other side is cut off where the clause would be.
fn cut_off(o: &Side) -> bool {
    let t = o.claim_text();
    let t = t.trim_end();
    if t.ends_with('…') || t.ends_with("...") {
        return true;
    }
    o.page.is_some_and(|p| {
        p.truncated
            && p.claims
                .iter()
                .map(|c| c.end)
                .max()
                .is_some_and(|e| e == o.claim.end)
    })
}

/// The other page carries the clause somewhere: by words in one claim, or by sentence vector.
fn carried(s: &Side, o: &Side, start: usize, end: usize, embed: Option<Embed>) -> bool {
    let words = s.words_in(start, end);
    let Some(page) = o.page else {
        return false;
    };
    if page
        .claims
        .iter()
        .any(|c| coverage(&words, &c.words) >= CARRIED_WORDS)
    {
        return true;
    }
    // Neighbours of the aligned claim on the other page (the sentence before or after often says
    // what the aligned one leaves out), with lower thresholds.
    let (near, near_words, near_cos) = (NEAR_CLAIMS, NEAR_WORDS, NEAR_COSINE);
    let neighbours: Vec<_> = page
        .claims
        .iter()
        .filter(|c| (c.ordinal - o.claim.ordinal).abs() <= near)
        .collect();
    if neighbours
        .iter()
        .any(|c| coverage(&words, &c.words) >= near_words)
    {
        return true;
    }
    let Some(embed) = embed else {
        return false;
    };
    let Some(v) = embed(&s.text(start, end)) else {
        return false;
    };
    if neighbours.iter().any(|c| {
        c.vector
            .as_deref()
            .is_some_and(|w| crate::align::encoder::cosine(&v, w) >= near_cos)
    }) {
        return true;
    }
    page.claims.iter().any(|c| {
        c.vector
            .as_deref()
            .is_some_and(|w| crate::align::encoder::cosine(&v, w) >= CARRIED_COSINE)
    })
}

pub(super) fn clauses(
    a: &Side,
    b: &Side,
    prob: f64,
    embed: Option<Embed>,
    out: &mut Vec<Divergence>,
) {
    let close = prob >= CLOSE_PAIR;
    let m = match_words(&a.claim.words, &b.claim.words);
    let mut ma = vec![false; a.claim.words.len()];
    let mut mb = vec![false; b.claim.words.len()];
    for (i, j, _, _) in &m {
        ma[*i] = true;
        mb[*j] = true;
    }
    for (side, other, matched, which) in [(a, b, &ma, 'a'), (b, a, &mb, 'b')] {
        let words = &side.claim.words;
        if words.is_empty() || cut_off(other) {
            continue;
        }
        let from = super::dateline_end(side);
        // Group words into clauses by the punctuation between them.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        for (k, w) in words.iter().enumerate() {
            if k > 0
                && (words[k - 1].end..w.start.min(side.chars.len()))
                    .any(|i| breaks_at(side.chars, i))
            {
                groups.push(Vec::new());
            }
            groups.last_mut().expect("one group").push(k);
        }
        let total = words.len();
        let total_matched = matched.iter().filter(|x| **x).count();
        for g in groups {
            if g.len() < CLAUSE_MIN_WORDS || words[g[0]].start < from {
                continue;
            }
            let gm = g.iter().filter(|&&k| matched[k]).count();
            if gm * 5 > g.len() {
                continue;
            }
            let rest = total - g.len();
            if rest == 0 {
                continue;
            }
            let rest_cov = (total_matched - gm) as f64 / rest as f64;
            if rest_cov < REST_MIN_COVERAGE {
                continue;
            }
            let (mut s, mut e) = (words[g[0]].start, words[*g.last().expect("non-empty")].end);
            while s > side.claim.start && !breaks_at(side.chars, s - 1) {
                s -= 1;
            }
            while e < side.claim.end && e < side.chars.len() && !breaks_at(side.chars, e) {
                e += 1;
            }
            while s < e && side.chars[s].is_whitespace() {
                s += 1;
            }
            // A clause that is a credit or a hedge is reported as attribution or hedging.
            if side.items.iter().any(|i| {
                matches!(
                    i.kind.as_str(),
                    "attribution" | "anonymous_source" | "hedging"
                ) && i.start < e
                    && s < i.end
            }) {
                continue;
            }
            if carried(side, other, s, e, embed) {
                continue;
            }
            let clause = side.text(s, e);
            let it = span_item("clause", s, e, clause.clone());
            if which == 'a' {
                push(
                    out,
                    DivergenceKind::Omission,
                    if close {
                        "omission.close"
                    } else {
                        "omission.clause"
                    },
                    a,
                    b,
                    Some(&it),
                    None,
                    "medium",
                    format!(
                        "B's page never says what this clause of A says: \"{}\"",
                        crate::model::shorten(&clause, 80)
                    ),
                );
            } else {
                push(
                    out,
                    DivergenceKind::Addition,
                    if close {
                        "addition.close"
                    } else {
                        "addition.clause"
                    },
                    a,
                    b,
                    None,
                    Some(&it),
                    "medium",
                    format!(
                        "B adds what A's page never says: \"{}\"",
                        crate::model::shorten(&clause, 80)
                    ),
                );
            }
        }
    }
}
