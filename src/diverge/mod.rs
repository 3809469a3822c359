//! Divergences between the two sides of an aligned claim pair: what changed on the way.
//!
//! Input: the two claims (their content words, from the align stage) and the text layer's items
//! in each (dates, numbers, names, cues). Output: typed divergences, each with the two spans (the
//! diverging values, or the clause, or the claim when the thing is absent on that side), the two
//! values, a severity and a sentence that explains it.
//!
//! Rules, per type:
//! - date: dates are paired by value; a date that contains the other (2012-04 and 2012-04-12) is
//!   the same date at another granularity (low); dates left on both sides differ (high); a date on
//!   one side only is reported when the other side has none (medium).
//! - number: the same, by numeric value, numbers inside dates left out.
//! - name and spelling: people and organisations paired by cross-script key; a pair whose keys
//!   agree but whose written forms in one script differ is a spelling variant (low); names left on
//!   both sides are different names (high).
//! - place: places left unpaired on both sides (medium).
//! - attribution: one side credits a source and the other states the claim flatly (medium); both
//!   credit a source but the sources' words mostly fail to match (high).
//! - hedging: a hedging cue on one side only (medium). negation: a negation on one side only (high).
//! - quote: quotation marks on one side only (low), or quoted words that differ (medium, same
//!   language only).
//! - omission / addition: a clause (between punctuation) of at least [`CLAUSE_MIN_WORDS`] content
//!   words of which at most a fifth have a counterpart, in a claim whose other clauses are matched
//!   well enough (at least [`REST_MIN_COVERAGE`]); on side a it is an omission by b, on side b an
//!   addition.

use crate::align::{match_words, phrase_words, ClaimFeatures, ItemInput};
use crate::text::normalize::normalize;
use serde::Serialize;

/// Content words a clause needs to be reported as omitted or added.
pub const CLAUSE_MIN_WORDS: usize = 3;
/// Share of the rest of the claim's words that must be matched before a clause counts as missing.
pub const REST_MIN_COVERAGE: f64 = 0.3;

/// One side of an aligned pair.
pub struct Side<'a> {
    pub claim: &'a ClaimFeatures,
    pub items: Vec<&'a ItemInput>,
    /// The document's text as characters.
    pub chars: &'a [char],
    pub lang: &'a str,
}

/// A divergence between the two sides.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Divergence {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
    pub value_a: Option<String>,
    pub value_b: Option<String>,
    pub severity: &'static str,
    pub explanation: String,
}

fn text_of(chars: &[char], s: usize, e: usize) -> String {
    chars[s.min(chars.len())..e.min(chars.len())]
        .iter()
        .collect()
}

fn items<'a>(s: &Side<'a>, cat: &str, kinds: &[&str]) -> Vec<&'a ItemInput> {
    s.items
        .iter()
        .copied()
        .filter(|i| i.category == cat && (kinds.is_empty() || kinds.contains(&i.kind.as_str())))
        .collect()
}

/// All divergences of a pair.
pub fn diverge(a: &Side, b: &Side) -> Vec<Divergence> {
    let mut out = Vec::new();
    dates(a, b, &mut out);
    numbers(a, b, &mut out);
    names(a, b, &mut out);
    attribution(a, b, &mut out);
    hedging(a, b, &mut out);
    quotes(a, b, &mut out);
    negation(a, b, &mut out);
    clauses(a, b, &mut out);
    out
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Divergence>,
    kind: &'static str,
    a: &Side,
    b: &Side,
    ia: Option<&ItemInput>,
    ib: Option<&ItemInput>,
    severity: &'static str,
    explanation: String,
) {
    let (a_start, a_end) = ia
        .map(|i| (i.start, i.end))
        .unwrap_or((a.claim.start, a.claim.end));
    let (b_start, b_end) = ib
        .map(|i| (i.start, i.end))
        .unwrap_or((b.claim.start, b.claim.end));
    out.push(Divergence {
        kind,
        a_start,
        a_end,
        b_start,
        b_end,
        value_a: ia.map(|i| i.value.clone().unwrap_or_else(|| i.text.clone())),
        value_b: ib.map(|i| i.value.clone().unwrap_or_else(|| i.text.clone())),
        severity,
        explanation,
    });
}

fn granularity(v: &str) -> &'static str {
    match v.len() {
        10 => "day",
        7 => "month",
        4 => "year",
        _ => "date",
    }
}

/// Pairs items by `same`; returns the pairs and the unpaired of each side.
fn pair_up<'a>(
    xs: &[&'a ItemInput],
    ys: &[&'a ItemInput],
    same: impl Fn(&ItemInput, &ItemInput) -> bool,
) -> (
    Vec<(&'a ItemInput, &'a ItemInput)>,
    Vec<&'a ItemInput>,
    Vec<&'a ItemInput>,
) {
    let mut used = vec![false; ys.len()];
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    for x in xs {
        match (0..ys.len()).find(|&j| !used[j] && same(x, ys[j])) {
            Some(j) => {
                used[j] = true;
                pairs.push((*x, ys[j]));
            }
            None => left.push(*x),
        }
    }
    let right = ys
        .iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|(y, _)| *y)
        .collect();
    (pairs, left, right)
}

fn dates(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let da: Vec<&ItemInput> = items(a, "date", &[])
        .into_iter()
        .filter(|i| !matches!(i.kind.as_str(), "weekday" | "time"))
        .filter(|i| i.value.as_deref().is_some_and(|v| !v.contains('|')))
        .collect();
    let db: Vec<&ItemInput> = items(b, "date", &[])
        .into_iter()
        .filter(|i| !matches!(i.kind.as_str(), "weekday" | "time"))
        .filter(|i| i.value.as_deref().is_some_and(|v| !v.contains('|')))
        .collect();
    let val = |i: &ItemInput| i.value.clone().unwrap_or_default();
    let (exact, la, lb) = pair_up(&da, &db, |x, y| val(x) == val(y));
    let _ = exact;
    let (coarse, la, lb) = pair_up(&la, &lb, |x, y| {
        let (u, v) = (val(x), val(y));
        u.starts_with(&v) || v.starts_with(&u)
    });
    for (x, y) in coarse {
        let (u, v) = (val(x), val(y));
        let finer = if u.len() > v.len() { "A" } else { "B" };
        push(
            out,
            "date",
            a,
            b,
            Some(x),
            Some(y),
            "low",
            format!(
                "same date at another granularity: A says \"{}\" ({}), B says \"{}\" ({}); {finer} is more precise",
                x.text,
                granularity(&u),
                y.text,
                granularity(&v)
            ),
        );
    }
    if !la.is_empty() && !lb.is_empty() {
        for (x, y) in la.iter().zip(lb.iter()) {
            push(
                out,
                "date",
                a,
                b,
                Some(x),
                Some(y),
                "high",
                format!(
                    "different date: A says \"{}\" ({}), B says \"{}\" ({})",
                    x.text,
                    val(x),
                    y.text,
                    val(y)
                ),
            );
        }
    } else if da.is_empty() != db.is_empty() {
        for x in &la {
            push(
                out,
                "date",
                a,
                b,
                Some(x),
                None,
                "medium",
                format!(
                    "only A gives a date: \"{}\" ({}); B gives none",
                    x.text,
                    val(x)
                ),
            );
        }
        for y in &lb {
            push(
                out,
                "date",
                a,
                b,
                None,
                Some(y),
                "medium",
                format!(
                    "only B gives a date: \"{}\" ({}); A gives none",
                    y.text,
                    val(y)
                ),
            );
        }
    }
}

fn num(i: &ItemInput) -> Option<f64> {
    i.value.as_deref()?.parse::<f64>().ok()
}

fn numbers(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let inside_date = |s: &Side, i: &ItemInput| {
        s.items
            .iter()
            .any(|d| d.category == "date" && d.start <= i.start && i.end <= d.end)
    };
    let na: Vec<&ItemInput> = items(a, "number", &[])
        .into_iter()
        .filter(|i| num(i).is_some() && !inside_date(a, i))
        .collect();
    let nb: Vec<&ItemInput> = items(b, "number", &[])
        .into_iter()
        .filter(|i| num(i).is_some() && !inside_date(b, i))
        .collect();
    let same = |x: &ItemInput, y: &ItemInput| match (num(x), num(y)) {
        (Some(u), Some(v)) => (u - v).abs() <= 1e-9 * u.abs().max(v.abs()).max(1.0),
        _ => false,
    };
    let (_, la, lb) = pair_up(&na, &nb, same);
    let nz = |v: Option<f64>| v.map(|x| format!("{x}")).unwrap_or_default();
    if !la.is_empty() && !lb.is_empty() {
        for (x, y) in la.iter().zip(lb.iter()) {
            push(
                out,
                "number",
                a,
                b,
                Some(x),
                Some(y),
                "high",
                format!(
                    "different number: A says \"{}\" ({}), B says \"{}\" ({})",
                    x.text,
                    nz(num(x)),
                    y.text,
                    nz(num(y))
                ),
            );
        }
    } else {
        for x in &la {
            push(
                out,
                "number",
                a,
                b,
                Some(x),
                None,
                "medium",
                format!(
                    "a number on one side only: A says \"{}\"; B gives no such figure",
                    x.text
                ),
            );
        }
        for y in &lb {
            push(
                out,
                "number",
                a,
                b,
                None,
                Some(y),
                "medium",
                format!(
                    "a number on one side only: B says \"{}\"; A gives no such figure",
                    y.text
                ),
            );
        }
    }
}

fn key_of(i: &ItemInput) -> String {
    i.key
        .clone()
        .unwrap_or_else(|| crate::text::extract::names::name_key(&i.text))
}

fn keys_close(x: &str, y: &str) -> bool {
    x.len() >= 2 && y.len() >= 2 && (x == y || strsim::jaro_winkler(x, y) >= 0.88)
}

fn is_arabic(s: &str) -> bool {
    s.chars().any(crate::text::tokens::is_arabic_letter)
}

fn names(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let pa = items(a, "name", &["person", "org"]);
    let pb = items(b, "name", &["person", "org"]);
    let (pairs, la, lb) = pair_up(&pa, &pb, |x, y| keys_close(&key_of(x), &key_of(y)));
    for (x, y) in pairs {
        // A spelling variant: both in one script, the same key, different letters.
        let (u, v) = (normalize(&x.text), normalize(&y.text));
        let strip = |s: &str| s.trim_start_matches("ال").replace(['-', ' ', '\''], "");
        if is_arabic(&x.text) == is_arabic(&y.text) && strip(&u) != strip(&v) {
            let prefix_only =
                u.ends_with(&v) || v.ends_with(&u) || u.starts_with(&v) || v.starts_with(&u);
            if !prefix_only {
                push(
                    out,
                    "spelling",
                    a,
                    b,
                    Some(x),
                    Some(y),
                    "low",
                    format!(
                        "the same name spelled differently: \"{}\" / \"{}\"",
                        x.text, y.text
                    ),
                );
            }
        }
    }
    if !la.is_empty() && !lb.is_empty() {
        for (x, y) in la.iter().zip(lb.iter()) {
            push(
                out,
                "name",
                a,
                b,
                Some(x),
                Some(y),
                "high",
                format!(
                    "a different {} is named: A has \"{}\", B has \"{}\"",
                    x.kind, x.text, y.text
                ),
            );
        }
    }
    let qa = items(a, "name", &["place"]);
    let qb = items(b, "name", &["place"]);
    let (_, la, lb) = pair_up(&qa, &qb, |x, y| keys_close(&key_of(x), &key_of(y)));
    if !la.is_empty() && !lb.is_empty() {
        for (x, y) in la.iter().zip(lb.iter()) {
            push(
                out,
                "place",
                a,
                b,
                Some(x),
                Some(y),
                "medium",
                format!(
                    "a different place: A says \"{}\", B says \"{}\"",
                    x.text, y.text
                ),
            );
        }
    }
}

fn phrases_differ(x: &str, lx: &str, y: &str, ly: &str) -> bool {
    let (wx, wy) = (phrase_words(x, lx), phrase_words(y, ly));
    if wx.is_empty() || wy.is_empty() {
        return false;
    }
    let m = match_words(&wx, &wy).len();
    let (ux, uy) = (wx.len() - m, wy.len() - m);
    ux >= 1 && uy >= 1 && ux * 3 >= wx.len() && uy * 3 >= wy.len()
}

fn attribution(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let aa = items(a, "cue", &["attribution", "anonymous_source"]);
    let ab = items(b, "cue", &["attribution", "anonymous_source"]);
    match (aa.first(), ab.first()) {
        (Some(x), None) => push(
            out,
            "attribution",
            a,
            b,
            Some(x),
            None,
            "medium",
            format!(
                "A credits a source (\"{}\"); B states the claim flatly",
                x.text
            ),
        ),
        (None, Some(y)) => push(
            out,
            "attribution",
            a,
            b,
            None,
            Some(y),
            "medium",
            format!(
                "B credits a source (\"{}\"); A states the claim flatly",
                y.text
            ),
        ),
        (Some(_), Some(_)) => {
            // Compare the named sources (attribution values), not the trigger verbs.
            let sa: Vec<&&ItemInput> = aa.iter().filter(|i| i.value.is_some()).collect();
            let sb: Vec<&&ItemInput> = ab.iter().filter(|i| i.value.is_some()).collect();
            if let (Some(x), Some(y)) = (sa.first(), sb.first()) {
                let (vx, vy) = (
                    x.value.clone().unwrap_or_default(),
                    y.value.clone().unwrap_or_default(),
                );
                if phrases_differ(&vx, a.lang, &vy, b.lang) {
                    push(
                        out,
                        "attribution",
                        a,
                        b,
                        Some(x),
                        Some(y),
                        "high",
                        format!(
                            "the claim is credited to different sources: A \"{vx}\", B \"{vy}\""
                        ),
                    );
                }
            }
        }
        (None, None) => {}
    }
}

fn hedging(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let ha = items(a, "cue", &["hedging"]);
    let hb = items(b, "cue", &["hedging"]);
    match (ha.first(), hb.first()) {
        (Some(x), None) => push(
            out,
            "hedging",
            a,
            b,
            Some(x),
            None,
            "medium",
            format!("A hedges (\"{}\"); B asserts it flatly", x.text),
        ),
        (None, Some(y)) => push(
            out,
            "hedging",
            a,
            b,
            None,
            Some(y),
            "medium",
            format!("B hedges (\"{}\"); A asserts it flatly", y.text),
        ),
        _ => {}
    }
}

fn quotes(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let qa = items(a, "cue", &["quote"]);
    let qb = items(b, "cue", &["quote"]);
    match (qa.first(), qb.first()) {
        (Some(x), None) => push(
            out,
            "quote",
            a,
            b,
            Some(x),
            None,
            "low",
            format!(
                "A quotes (\"{}\"); B paraphrases",
                crate::report::truncate(&x.text, 60)
            ),
        ),
        (None, Some(y)) => push(
            out,
            "quote",
            a,
            b,
            None,
            Some(y),
            "low",
            format!(
                "B quotes (\"{}\"); A paraphrases",
                crate::report::truncate(&y.text, 60)
            ),
        ),
        (Some(x), Some(y)) if a.lang == b.lang => {
            let (u, v) = (normalize(&x.text), normalize(&y.text));
            let r = similar::TextDiff::from_words(&u, &v).ratio();
            if r < 0.8 {
                push(
                    out,
                    "quote",
                    a,
                    b,
                    Some(x),
                    Some(y),
                    "medium",
                    format!(
                        "the quoted words differ (similarity {r:.2}): A \"{}\", B \"{}\"",
                        crate::report::truncate(&x.text, 50),
                        crate::report::truncate(&y.text, 50)
                    ),
                );
            }
        }
        _ => {}
    }
}

const NEGATIONS: &[&str] = &[
    // Arabic (normalised)
    "لم",
    "لن",
    "ليس",
    "ليست",
    "لسنا",
    "لست",
    "نفي",
    "نفت",
    "ينفي",
    "تنفي",
    "ينفون",
    "عدم",
    "بدون",
    "دون",
    // French
    "ne",
    "n",
    "pas",
    "jamais",
    "aucun",
    "aucune",
    "nullement",
    "nie",
    "nient",
    "dement",
    "dementi",
    "dementent",
    "sans",
    // English
    "not",
    "no",
    "never",
    "none",
    "denied",
    "denies",
    "deny",
    "without",
    "nt",
];

fn negations(s: &Side) -> Vec<(usize, usize, String)> {
    let text = text_of(s.chars, s.claim.start, s.claim.end);
    let n = crate::text::normalize::Normalized::new(&text);
    let mut out = Vec::new();
    let mut i = 0;
    let words: Vec<(usize, usize, String)> = crate::text::tokens::tokenize(&n, s.lang)
        .into_iter()
        .map(|t| (t.start + s.claim.start, t.end + s.claim.start, t.norm))
        .collect();
    while i < words.len() {
        let w = words[i].2.as_str();
        // French "ne ... pas" counts once.
        if NEGATIONS.contains(&w)
            && !(w == "pas"
                && out
                    .last()
                    .is_some_and(|(_, _, x): &(usize, usize, String)| x == "ne" || x == "n"))
        {
            out.push(words[i].clone());
        }
        i += 1;
    }
    out
}

fn negation(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let (na, nb) = (negations(a), negations(b));
    let mk = |x: &(usize, usize, String)| ItemInput {
        claim_id: None,
        category: "negation".into(),
        kind: "negation".into(),
        start: x.0,
        end: x.1,
        value: None,
        text: String::new(),
        key: None,
    };
    match (na.first(), nb.first()) {
        (Some(x), None) => {
            let mut it = mk(x);
            it.text = text_of(a.chars, x.0, x.1);
            push(
                out,
                "negation",
                a,
                b,
                Some(&it),
                None,
                "high",
                format!("A is negated (\"{}\"); B asserts", it.text),
            );
        }
        (None, Some(y)) => {
            let mut it = mk(y);
            it.text = text_of(b.chars, y.0, y.1);
            push(
                out,
                "negation",
                a,
                b,
                None,
                Some(&it),
                "high",
                format!("B is negated (\"{}\"); A asserts", it.text),
            );
        }
        _ => {}
    }
}

/// Clause boundaries: punctuation that ends a clause, in any of the three languages.
fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '،' | '؛' | '(' | ')' | '—' | '–' | '.' | '!' | '?' | '؟'
    )
}

fn clauses(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let m = match_words(&a.claim.words, &b.claim.words);
    let mut ma = vec![false; a.claim.words.len()];
    let mut mb = vec![false; b.claim.words.len()];
    for (i, j, _, _) in &m {
        ma[*i] = true;
        mb[*j] = true;
    }
    for (side, matched, which) in [(a, &ma, 'a'), (b, &mb, 'b')] {
        let words = &side.claim.words;
        if words.is_empty() {
            continue;
        }
        // Group words into clauses by the punctuation between them.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                let prev = &words[k - 1];
                let between = text_of(side.chars, prev.end, w.start);
                if between.chars().any(is_clause_break) {
                    groups.push(Vec::new());
                }
            }
            groups.last_mut().expect("one group").push(k);
        }
        let total = words.len();
        let total_matched = matched.iter().filter(|x| **x).count();
        for g in groups {
            if g.len() < CLAUSE_MIN_WORDS {
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
            let (s, e) = (words[g[0]].start, words[*g.last().expect("non-empty")].end);
            let clause = text_of(side.chars, s, e);
            let it = ItemInput {
                claim_id: None,
                category: "clause".into(),
                kind: "clause".into(),
                start: s,
                end: e,
                value: Some(clause.clone()),
                text: clause.clone(),
                key: None,
            };
            if which == 'a' {
                push(
                    out,
                    "omission",
                    a,
                    b,
                    Some(&it),
                    None,
                    "medium",
                    format!(
                        "B drops a clause A has: \"{}\"",
                        crate::report::truncate(&clause, 80)
                    ),
                );
            } else {
                push(
                    out,
                    "addition",
                    a,
                    b,
                    None,
                    Some(&it),
                    "medium",
                    format!(
                        "B adds a clause A lacks: \"{}\"",
                        crate::report::truncate(&clause, 80)
                    ),
                );
            }
        }
    }
}
