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
//! - name and spelling: people and organisations paired by cross-script key; a pair in one script
//!   whose keys and surnames are close but whose letters differ, or whose letters are the same
//!   once accents and Arabic marks are folded but not as written, is a spelling variant (low);
//!   names left on both sides are different names (high).
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
pub use crate::model::results::Divergence;
use crate::model::DivergenceKind;
use crate::text::normalize::normalize;

/// The version of the rules: a change of it redoes the divergences of a stored corpus.
pub const DIVERGE_VERSION: i64 = 2;

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
    clauses(a, b, &mut out);
    negation(a, b, &mut out);
    out
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Divergence>,
    kind: DivergenceKind,
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
            DivergenceKind::Date,
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
                DivergenceKind::Date,
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
                DivergenceKind::Date,
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
                DivergenceKind::Date,
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
                DivergenceKind::Number,
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
        // A number written in words on one side only is often one the other side also gives in
        // words the extractor did not read ("une trentaine", "عشرات"): only figures count.
        let digits = |i: &&&ItemInput| i.text.chars().any(|c| c.is_ascii_digit());
        let la: Vec<&&ItemInput> = la.iter().filter(digits).collect();
        let lb: Vec<&&ItemInput> = lb.iter().filter(digits).collect();
        for x in &la {
            push(
                out,
                DivergenceKind::Number,
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
                DivergenceKind::Number,
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
    let (pairs, la, lb) = pair_up(&pa, &pb, |x, y| same_name(x, a.lang, y, b.lang));
    // A name left unpaired whose words the other claim has anyway is not a different name.
    let la: Vec<&ItemInput> = la
        .into_iter()
        .filter(|x| !surname_covered(&x.text, a.lang, b))
        .collect();
    let lb: Vec<&ItemInput> = lb
        .into_iter()
        .filter(|y| !surname_covered(&y.text, b.lang, a))
        .collect();
    for (x, y) in pairs {
        if spelling_variant(x, y) {
            push(
                out,
                DivergenceKind::Spelling,
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
    if !la.is_empty() && !lb.is_empty() {
        for (x, y) in la.iter().zip(lb.iter()) {
            push(
                out,
                DivergenceKind::Name,
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
    let (_, la, lb) = pair_up(&qa, &qb, |x, y| same_name(x, a.lang, y, b.lang));
    let la: Vec<&ItemInput> = la
        .into_iter()
        .filter(|x| covered(&x.text, a.lang, b) < 0.5)
        .collect();
    let lb: Vec<&ItemInput> = lb
        .into_iter()
        .filter(|y| covered(&y.text, b.lang, a) < 0.5)
        .collect();
    if !la.is_empty() && !lb.is_empty() {
        for (x, y) in la.iter().zip(lb.iter()) {
            push(
                out,
                DivergenceKind::Place,
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

/// Share of a phrase's content words that have a counterpart among the other claim's words.
fn covered(phrase: &str, lang: &str, other: &Side) -> f64 {
    let w = phrase_words(phrase, lang);
    if w.is_empty() {
        return 1.0;
    }
    match_words(&w, &other.claim.words).len() as f64 / w.len() as f64
}

/// True when the other claim has the name's last word (the surname, the organisation's own
/// name): titles and first names shared with another person do not count.
fn surname_covered(name: &str, lang: &str, other: &Side) -> bool {
    let w = phrase_words(name, lang);
    match w.last() {
        Some(last) => !match_words(std::slice::from_ref(last), &other.claim.words).is_empty(),
        None => true,
    }
}

/// True when two names are the same: same key, one written inside the other, or their words
/// match (a translated organisation name, a first name added).
/// Two paired names in one script are spelling variants: their keys and their surnames are close
/// but their letters differ ("Ouyahia" / "Ouyahya"), or they are the same once accents and
/// Arabic marks are folded but not as written ("Déby" / "Deby", "سعيد" / "سعيّد"). A name that
/// only adds a title or a first name to the other ("Idriss Deby Itno" / "President Idriss Deby
/// Itno") is compared on the words they share.
fn spelling_variant(x: &ItemInput, y: &ItemInput) -> bool {
    if is_arabic(&x.text) != is_arabic(&y.text) {
        return false;
    }
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let (wx, wy) = (words(&x.text), words(&y.text));
    // The shorter name against as many last words of the longer one.
    let n = wx.len().min(wy.len());
    let (tx, ty) = (wx[wx.len() - n..].join(" "), wy[wy.len() - n..].join(" "));
    let (u, v) = (normalize(&tx), normalize(&ty));
    if u == v {
        // The same letters once folded: a variant only if written differently.
        return tx.to_lowercase() != ty.to_lowercase();
    }
    let strip = |s: &str| s.trim_start_matches("ال").replace(['-', ' ', '\''], "");
    if strip(&u) == strip(&v) {
        return false;
    }
    // Whole names: one containing the other is a longer name, not a variant.
    let (fu, fv) = (normalize(&x.text), normalize(&y.text));
    if fu.ends_with(&fv) || fv.ends_with(&fu) || fu.starts_with(&fv) || fv.starts_with(&fu) {
        return false;
    }
    let surname = |t: &str| t.split_whitespace().last().unwrap_or("").to_string();
    let (sx, sy) = (surname(&tx), surname(&ty));
    let (kx, ky) = (
        crate::text::extract::names::name_key(&sx),
        crate::text::extract::names::name_key(&sy),
    );
    // A surname of vowels and weak letters ("Ouyahia") has no key to compare: its letters then.
    let surnames_close = if kx.len() >= 2 && ky.len() >= 2 {
        keys_close(&kx, &ky)
    } else {
        strsim::jaro_winkler(&normalize(&sx), &normalize(&sy)) >= 0.88
    };
    keys_close(&key_of(x), &key_of(y)) && surnames_close
}

fn same_name(x: &ItemInput, lx: &str, y: &ItemInput, ly: &str) -> bool {
    let (kx, ky) = (key_of(x), key_of(y));
    if kx == ky && !kx.is_empty() {
        return true;
    }
    // Keys of the last words (surnames): whole-name keys share titles ("Prime Minister ...") and
    // a shared prefix is what Jaro-Winkler rewards most.
    let last_key =
        |t: &str| crate::text::extract::names::name_key(t.split_whitespace().last().unwrap_or(t));
    if keys_close(&last_key(&x.text), &last_key(&y.text)) {
        return true;
    }
    let (u, v) = (normalize(&x.text), normalize(&y.text));
    if u == v || u.contains(&v) || v.contains(&u) {
        return true;
    }
    // Otherwise the last words (the surname, the organisation's own name) must match: a shared
    // title ("Prime Minister") does not make two people one.
    let (wx, wy) = (phrase_words(&x.text, lx), phrase_words(&y.text, ly));
    if wx.is_empty() || wy.is_empty() {
        return false;
    }
    match_words(&wx, &wy)
        .iter()
        .any(|(i, j, _, _)| *i == wx.len() - 1 || *j == wy.len() - 1)
}

fn phrases_differ(x: &str, lx: &str, y: &str, ly: &str) -> bool {
    let (wx, wy) = (phrase_words(x, lx), phrase_words(y, ly));
    // A source of more than six words is the extractor reading past the source: no comparison.
    if wx.is_empty() || wy.is_empty() || wx.len() > 6 || wy.len() > 6 {
        return false;
    }
    let matches = match_words(&wx, &wy);
    // One name in common (matched across scripts) is one source.
    if matches.iter().any(|m| m.3.starts_with("transliteration")) {
        return false;
    }
    let m = matches.len();
    let (ux, uy) = (wx.len() - m, wy.len() - m);
    ux >= 1 && uy >= 1 && ux * 3 >= wx.len() && uy * 3 >= wy.len()
}

fn attribution(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    // Attributions that are really hedges ("selon toute vraisemblance") are left to hedging.
    let not_hedge = |s: &Side, i: &&ItemInput| {
        !s.items
            .iter()
            .any(|h| h.kind == "hedging" && h.start < i.end && i.start < h.end)
    };
    let aa: Vec<&ItemInput> = items(a, "cue", &["attribution", "anonymous_source"])
        .into_iter()
        .filter(|i| not_hedge(a, i))
        .collect();
    let ab: Vec<&ItemInput> = items(b, "cue", &["attribution", "anonymous_source"])
        .into_iter()
        .filter(|i| not_hedge(b, i))
        .collect();
    // The source a side credits, as written (the value), else the cue's text.
    let source = |i: &ItemInput| i.value.clone().unwrap_or_else(|| i.text.clone());
    match (aa.first(), ab.first()) {
        // The source named on the other side too, without a cue ("l'ambassadeur a écrit").
        (Some(x), None) if covered(&source(x), a.lang, b) >= 0.5 => {}
        (None, Some(y)) if covered(&source(y), b.lang, a) >= 0.5 => {}
        (Some(x), None) => push(
            out,
            DivergenceKind::Attribution,
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
            DivergenceKind::Attribution,
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
                if phrases_differ(&vx, a.lang, &vy, b.lang)
                    && covered(&vx, a.lang, b) < 0.5
                    && covered(&vy, b.lang, a) < 0.5
                {
                    push(
                        out,
                        DivergenceKind::Attribution,
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

/// A French conditional after "que" governed by a past reporting verb ("il a annoncé que le Mali
/// négocierait") is the sequence of tenses, a future in the past, not a hedge.
fn future_in_past(s: &Side, i: &ItemInput) -> bool {
    if s.lang != "fr" {
        return false;
    }
    let before = crate::text::extract::slice_chars(
        s.chars,
        i.start.saturating_sub(70).max(s.claim.start),
        i.start,
    );
    let n = normalize(&before);
    let que = n.rfind(" que ").or_else(|| n.rfind(" qu'"));
    let past = crate::text::lists::list("fr_past_before_que");
    que.is_some_and(|q| past.iter().any(|p| n[..q].contains(p)))
}

fn hedging(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let ha: Vec<&ItemInput> = items(a, "cue", &["hedging"])
        .into_iter()
        .filter(|i| !future_in_past(a, i))
        .collect();
    let hb: Vec<&ItemInput> = items(b, "cue", &["hedging"])
        .into_iter()
        .filter(|i| !future_in_past(b, i))
        .collect();
    match (ha.first(), hb.first()) {
        (Some(x), None) => push(
            out,
            DivergenceKind::Hedging,
            a,
            b,
            Some(x),
            None,
            "medium",
            format!("A hedges (\"{}\"); B asserts it flatly", x.text),
        ),
        (None, Some(y)) => push(
            out,
            DivergenceKind::Hedging,
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
            DivergenceKind::Quote,
            a,
            b,
            Some(x),
            None,
            "low",
            format!(
                "A quotes (\"{}\"); B paraphrases",
                crate::model::shorten(&x.text, 60)
            ),
        ),
        (None, Some(y)) => push(
            out,
            DivergenceKind::Quote,
            a,
            b,
            None,
            Some(y),
            "low",
            format!(
                "B quotes (\"{}\"); A paraphrases",
                crate::model::shorten(&y.text, 60)
            ),
        ),
        (Some(x), Some(y)) if a.lang == b.lang => {
            let (u, v) = (normalize(&x.text), normalize(&y.text));
            let r = similar::TextDiff::from_words(&u, &v).ratio();
            if r < 0.8 {
                push(
                    out,
                    DivergenceKind::Quote,
                    a,
                    b,
                    Some(x),
                    Some(y),
                    "medium",
                    format!(
                        "the quoted words differ (similarity {r:.2}): A \"{}\", B \"{}\"",
                        crate::model::shorten(&x.text, 50),
                        crate::model::shorten(&y.text, 50)
                    ),
                );
            }
        }
        _ => {}
    }
}

/// Negation markers over the normalised text, per language (French "ne ... pas" is one marker).
fn negation_regex(lang: &str) -> &'static regex::Regex {
    use std::sync::OnceLock;
    static AR: OnceLock<regex::Regex> = OnceLock::new();
    static FR: OnceLock<regex::Regex> = OnceLock::new();
    static EN: OnceLock<regex::Regex> = OnceLock::new();
    let (cell, name) = match lang {
        "ar" => (&AR, "negation_ar"),
        "fr" => (&FR, "negation_fr"),
        _ => (&EN, "negation_en"),
    };
    let pat = crate::text::lists::pattern(name);
    cell.get_or_init(|| regex::Regex::new(pat).expect("negation pattern"))
}

fn negations(s: &Side) -> Vec<(usize, usize, String)> {
    let text = crate::text::extract::slice_chars(s.chars, s.claim.start, s.claim.end);
    let n = crate::text::normalize::Normalized::new(&text);
    negation_regex(s.lang)
        .find_iter(&n.text)
        .map(|m| {
            let (x, y) = n.bytes_to_original(m.start(), m.end());
            (
                x + s.claim.start,
                y + s.claim.start,
                m.as_str().trim().to_string(),
            )
        })
        .collect()
}

fn negation(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    // A negation inside a clause already reported as omitted or added is part of that clause.
    let inside = |x: &(usize, usize, String), side_a: bool| {
        out.iter().any(|d| {
            let (s, e) = if side_a {
                (d.a_start, d.a_end)
            } else {
                (d.b_start, d.b_end)
            };
            matches!(d.kind, DivergenceKind::Omission | DivergenceKind::Addition)
                && s <= x.0
                && x.1 <= e
                && (e - s)
                    < if side_a {
                        a.claim.end - a.claim.start
                    } else {
                        b.claim.end - b.claim.start
                    }
        })
    };
    let na: Vec<_> = negations(a)
        .into_iter()
        .filter(|x| !inside(x, true))
        .collect();
    let nb: Vec<_> = negations(b)
        .into_iter()
        .filter(|x| !inside(x, false))
        .collect();
    let mk = |x: &(usize, usize, String)| ItemInput {
        claim_id: None,
        category: "negation".into(),
        kind: "negation".into(),
        start: x.0,
        end: x.1,
        value: None,
        text: String::new(),
        key: None,
        year_inferred: false,
    };
    match (na.first(), nb.first()) {
        (Some(x), None) => {
            let mut it = mk(x);
            it.text = crate::text::extract::slice_chars(a.chars, x.0, x.1);
            push(
                out,
                DivergenceKind::Negation,
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
            it.text = crate::text::extract::slice_chars(b.chars, y.0, y.1);
            push(
                out,
                DivergenceKind::Negation,
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
                let between = crate::text::extract::slice_chars(side.chars, prev.end, w.start);
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
            let (mut s, mut e) = (words[g[0]].start, words[*g.last().expect("non-empty")].end);
            // The clause runs from the punctuation before its first word to the one after its last.
            while s > side.claim.start && !is_clause_break(side.chars[s - 1]) {
                s -= 1;
            }
            while e < side.claim.end && e < side.chars.len() && !is_clause_break(side.chars[e]) {
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
            let clause = crate::text::extract::slice_chars(side.chars, s, e);
            let it = ItemInput {
                claim_id: None,
                category: "clause".into(),
                kind: "clause".into(),
                start: s,
                end: e,
                value: Some(clause.clone()),
                text: clause.clone(),
                key: None,
                year_inferred: false,
            };
            if which == 'a' {
                push(
                    out,
                    DivergenceKind::Omission,
                    a,
                    b,
                    Some(&it),
                    None,
                    "medium",
                    format!(
                        "B drops a clause A has: \"{}\"",
                        crate::model::shorten(&clause, 80)
                    ),
                );
            } else {
                push(
                    out,
                    DivergenceKind::Addition,
                    a,
                    b,
                    None,
                    Some(&it),
                    "medium",
                    format!(
                        "B adds a clause A lacks: \"{}\"",
                        crate::model::shorten(&clause, 80)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{features, score_pair, sentence_doc, Params};
    use proptest::prelude::*;

    fn sides(a: &str, la: &str, b: &str, lb: &str) -> Vec<Divergence> {
        let docs = [sentence_doc(0, a, la), sentence_doc(1, b, lb)];
        let feats = features(&docs);
        let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let _ = score_pair(&feats[0], &feats[1], &Params::default());
        let sa = Side {
            claim: &feats[0],
            items: docs[0].items.iter().collect(),
            chars: &ca,
            lang: la,
        };
        let sb = Side {
            claim: &feats[1],
            items: docs[1].items.iter().collect(),
            chars: &cb,
            lang: lb,
        };
        diverge(&sa, &sb)
    }

    #[test]
    fn a_changed_date_and_a_hedge_are_found_with_their_spans() {
        let a = "Le ministre a annoncé le 12 avril 2012 la fermeture de la frontière avec le Mali.";
        let b = "Le ministre aurait annoncé le 14 avril 2012 la fermeture de la frontière avec le Mali.";
        let found = sides(a, "fr", b, "fr");
        let date = found
            .iter()
            .find(|d| d.kind == DivergenceKind::Date)
            .expect("a date divergence");
        let bb: String = b
            .chars()
            .skip(date.b_start)
            .take(date.b_end - date.b_start)
            .collect();
        assert!(bb.contains("14 avril 2012"), "{bb}");
        assert!(
            found.iter().any(|d| d.kind == DivergenceKind::Hedging),
            "{found:?}"
        );
        // The same sentence twice gives nothing.
        assert!(sides(a, "fr", a, "fr").is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Any text in any of the three languages, against any other: no panic, spans inside.
        #[test]
        fn never_panics_and_spans_stay_inside(
            a in "[ a-zA-Zéàç0-9,.;:«»\"'()\\-ابتثجحخدذرسشصطعغفقكلمنهوي ال]{0,120}",
            b in "[ a-zA-Zéàç0-9,.;:«»\"'()\\-ابتثجحخدذرسشصطعغفقكلمنهوي ال]{0,120}",
            la in prop::sample::select(vec!["ar", "fr", "en"]),
            lb in prop::sample::select(vec!["ar", "fr", "en"]),
        ) {
            for d in sides(&a, la, &b, lb) {
                prop_assert!(d.a_start <= d.a_end && d.a_end <= a.chars().count());
                prop_assert!(d.b_start <= d.b_end && d.b_end <= b.chars().count());
            }
        }
    }
}
