//! Values: dates, numbers, names and places, each compared only with the value in the same slot.
//!
//! Two values fill the same slot when the content words next to them (up to [`CONTEXT_WORDS`] on
//! each side, inside the claim) have a counterpart on the other side ("11,300 morts" / "11,300
//! dead"), or when each side has exactly one value of that kind left after the equal ones are
//! paired. A value on one side only counts only when the other page gives that value nowhere.

use super::{coverage, push, push_one_side, Side};
use crate::align::{match_words, phrase_words, ItemInput, Word};
use crate::model::results::Divergence;
use crate::model::{month_day, same_figure, DivergenceKind};
use crate::text::normalize::normalize;

/// Content words on each side of a value that make its slot.
pub const CONTEXT_WORDS: usize = 2;
/// Pair probability from which a single date on each side is taken as the same slot.
pub const ONE_VALUE_PAIR: f64 = 0.9;

/// The content words around an item, inside its claim, without generic counters ("people",
/// "personnes", "شخص"), which fill every slot (`slot_generic` in `data/text/lists.tsv`).
fn context(s: &Side, i: &ItemInput) -> Vec<Word> {
    let generic = crate::text::lists::list("slot_generic");
    let words: Vec<&Word> = s
        .claim
        .words
        .iter()
        .filter(|w| !generic.contains(&normalize(&w.text).as_str()))
        .collect();
    let before: Vec<&Word> = words.iter().copied().filter(|w| w.end <= i.start).collect();
    let after: Vec<&Word> = words.iter().copied().filter(|w| w.start >= i.end).collect();
    before
        .iter()
        .rev()
        .take(CONTEXT_WORDS)
        .chain(after.iter().take(CONTEXT_WORDS))
        .map(|w| (*w).clone())
        .collect()
}

fn same_slot(a: &Side, x: &ItemInput, b: &Side, y: &ItemInput) -> bool {
    let (cx, cy) = (context(a, x), context(b, y));
    !cx.is_empty() && !cy.is_empty() && !match_words(&cx, &cy).is_empty()
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

/// Pairs the values left on both sides by slot: by context, then, when `one_to_one` allows it,
/// the single value left on each side.
fn slot_pairs<'a>(
    a: &Side,
    la: &[&'a ItemInput],
    b: &Side,
    lb: &[&'a ItemInput],
    compatible: impl Fn(&ItemInput, &ItemInput) -> bool,
    one_to_one: bool,
) -> Vec<(&'a ItemInput, &'a ItemInput)> {
    let (mut pairs, ra, rb) = pair_up(la, lb, |x, y| compatible(x, y) && same_slot(a, x, b, y));
    if one_to_one
        && ra.len() == 1
        && rb.len() == 1
        && la.len() == 1
        && lb.len() == 1
        && compatible(ra[0], rb[0])
    {
        pairs.push((ra[0], rb[0]));
    }
    pairs
}

fn granularity(v: &str) -> &'static str {
    match v.len() {
        10 => "day",
        7 => "month",
        4 => "year",
        _ => "date",
    }
}

fn val(i: &ItemInput) -> String {
    i.value.clone().unwrap_or_default()
}

fn stamp(i: &ItemInput) -> bool {
    crate::model::is_time_stamp(&i.text)
}

fn date_items<'a>(s: &Side<'a>) -> Vec<&'a ItemInput> {
    s.items("date", &[])
        .into_iter()
        .filter(|i| !matches!(i.kind.as_str(), "weekday" | "time") && !stamp(i))
        .filter(|i| i.value.as_deref().is_some_and(|v| !v.contains('|')))
        .collect()
}

/// A day named on the other side (a weekday, "today", "hier") can be the same date.
fn has_day_word(s: &Side) -> bool {
    s.items
        .iter()
        .any(|i| i.category == "date" && matches!(i.kind.as_str(), "weekday" | "relative"))
}

/// The other page gives this value somewhere (in any claim or item).
fn page_has_value(s: &Side, category: &str, value: &str) -> bool {
    s.page.is_some_and(|p| {
        p.items
            .iter()
            .any(|i| i.category == category && i.value.as_deref() == Some(value))
    })
}

pub(super) fn dates(a: &Side, b: &Side, prob: f64, out: &mut Vec<Divergence>) {
    let (da, db) = (date_items(a), date_items(b));
    let (_, la, lb) = pair_up(&da, &db, |x, y| val(x) == val(y));
    // The same month and day, one year not stated ("--08-24") or only inferred: the same date.
    let (_, la, lb) = pair_up(&la, &lb, |x, y| {
        let (u, v) = (val(x), val(y));
        (x.year_inferred || y.year_inferred || u.starts_with("--") || v.starts_with("--"))
            && month_day(&u).is_some()
            && month_day(&u) == month_day(&v)
    });
    let (coarse, la, lb) = pair_up(&la, &lb, |x, y| {
        let (u, v) = (val(x), val(y));
        u.starts_with(&v) || v.starts_with(&u)
    });
    for (x, y) in coarse {
        let (u, v) = (val(x), val(y));
        let finer = if u.len() > v.len() { "A" } else { "B" };
        // A day against its month is a precision one side adds; against a bare year it is
        // usually context ("in 2021"), not the event's date.
        let rule = if u.len().min(v.len()) >= 7 {
            "date.precision"
        } else {
            "date.granularity"
        };
        push(
            out,
            DivergenceKind::Date,
            rule,
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
    // One date against one only in a close pair, both at least as precise as a month: a year
    // ("the 2011 revolution") is context, not the event's date.
    let precise = |i: &ItemInput| val(i).len() >= 7;
    let pairs = slot_pairs(
        a,
        &la,
        b,
        &lb,
        |_, _| true,
        prob >= ONE_VALUE_PAIR && la.iter().chain(lb.iter()).all(|i| precise(i)),
    );
    // A date inside a range the other side gives ("dans la nuit du 10 au 11 septembre") is the
    // same date: the other claim writes its day too.
    let day_in = |s: &Side, i: &ItemInput| {
        let v = val(i);
        let day = v
            .get(v.len().saturating_sub(2)..)
            .unwrap_or("")
            .trim_start_matches('0');
        let text = s.claim_text();
        v.len() >= 7
            && !day.is_empty()
            && text
                .split(|c: char| !c.is_ascii_digit())
                .any(|t| t.trim_start_matches('0') == day)
    };
    let pairs: Vec<_> = pairs
        .into_iter()
        .filter(|(x, y)| !day_in(b, x) && !day_in(a, y))
        .collect();
    for (x, y) in &pairs {
        push(
            out,
            DivergenceKind::Date,
            "date.changed",
            a,
            b,
            Some(x),
            Some(y),
            "high",
            format!(
                "a different date for the same event: A says \"{}\" ({}), B says \"{}\" ({})",
                x.text,
                val(x),
                y.text,
                val(y)
            ),
        );
    }
    if da.is_empty() != db.is_empty() {
        for (side, other, left, who, none) in [(a, b, &la, "A", "B"), (b, a, &lb, "B", "A")] {
            for x in left.iter() {
                if has_day_word(other) || page_has_value(other, "date", &val(x)) {
                    continue;
                }
                push_one_side(
                out,
                DivergenceKind::Date,
                "date.one_side",
                a,
                b,
                who == "A",
                x,
                    "low",
                    format!(
                        "only {who} dates it: \"{}\" ({}); {none} gives no date anywhere on its page",
                        x.text,
                        val(x)
                    ),
                );
                let _ = side;
            }
        }
    }
}

fn num(i: &ItemInput) -> Option<f64> {
    i.value.as_deref()?.parse::<f64>().ok()
}

fn digits(i: &ItemInput) -> bool {
    crate::model::has_digits(&i.text)
}

pub(super) fn numbers(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    fn figures<'a>(s: &Side<'a>) -> Vec<&'a ItemInput> {
        let inside_date = |i: &ItemInput| {
            s.items
                .iter()
                .any(|d| d.category == "date" && d.start <= i.start && i.end <= d.end)
        };
        s.items("number", &[])
            .into_iter()
            .filter(|i| num(i).is_some() && !inside_date(i))
            .collect()
    }
    let (na, nb) = (figures(a), figures(b));
    let (_, la, lb) = pair_up(&na, &nb, |x, y| match (num(x), num(y)) {
        (Some(u), Some(v)) => same_figure(u, v),
        _ => false,
    });
    // Counts against counts, percentages against percentages.
    let compatible = |x: &ItemInput, y: &ItemInput| x.kind == y.kind;
    // Figures only by slot: one figure against one is too often a toll against a count of the
    // missing, or a duration against a date (judged on the dev split).
    let pairs = slot_pairs(a, &la, b, &lb, compatible, false);
    let nz = |i: &ItemInput| num(i).map(|x| format!("{x}")).unwrap_or_default();
    for (x, y) in &pairs {
        let (u, v) = (num(x).unwrap_or(0.0), num(y).unwrap_or(0.0));
        let rel = (u - v).abs() / u.abs().max(v.abs()).max(1e-9);
        let (rule, severity, what) = if rel <= 0.05 {
            (
                "number.rounded",
                "low",
                "a close figure for the same thing (an update or a rounding)",
            )
        } else {
            (
                "number.changed",
                "high",
                "a different figure for the same thing",
            )
        };
        push(
            out,
            DivergenceKind::Number,
            rule,
            a,
            b,
            Some(x),
            Some(y),
            severity,
            format!(
                "{what}: A says \"{}\" ({}), B says \"{}\" ({})",
                x.text,
                nz(x),
                y.text,
                nz(y)
            ),
        );
    }
    let paired = |i: &ItemInput| {
        pairs
            .iter()
            .any(|(x, y)| std::ptr::eq(*x, i) || std::ptr::eq(*y, i))
    };
    // A figure on one side only (not one written in words, which the other side often gives in
    // words the extractor did not read), when the other page gives it nowhere.
    for (other, left, who) in [(b, &la, "A"), (a, &lb, "B")] {
        for x in left.iter().filter(|x| digits(x) && !paired(x)) {
            let v = num(x).unwrap_or(f64::NAN);
            let elsewhere = other.page.is_some_and(|p| {
                p.items
                    .iter()
                    .any(|i| i.category == "number" && num(i).is_some_and(|w| same_figure(v, w)))
            });
            if elsewhere {
                continue;
            }
            push_one_side(
                out,
                DivergenceKind::Number,
                "number.one_side",
                a,
                b,
                who == "A",
                x,
                "low",
                format!(
                    "a figure on one side only: {who} says \"{}\"; the other page gives it nowhere",
                    x.text
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

/// True when the other claim has the name's last word (the surname, the organisation's own
/// name): titles and first names shared with another person do not count.
fn surname_covered(name: &str, lang: &str, other: &Side) -> bool {
    let w = phrase_words(name, lang);
    match w.last() {
        Some(last) => !match_words(std::slice::from_ref(last), &other.claim.words).is_empty(),
        None => true,
    }
}

/// True when any claim of the other page has the name's last word.
fn page_names(name: &str, lang: &str, other: &Side) -> bool {
    let w = phrase_words(name, lang);
    let Some(last) = w.last() else {
        return true;
    };
    other.page.is_some_and(|p| {
        p.claims
            .iter()
            .any(|c| !match_words(std::slice::from_ref(last), &c.words).is_empty())
    })
}

/// A name worth comparing: a person of two words or more, or a place or organisation of at least
/// four letters, with a key; not a possessive or an adjective ("Libya's", "North African").
fn solid_name(i: &ItemInput) -> bool {
    let words = i.text.split_whitespace().count();
    let letters = i.text.chars().filter(|c| c.is_alphabetic()).count();
    let t = i.text.trim();
    let adjective = t.ends_with("'s")
        || t.ends_with("’s")
        || t.ends_with("an")
        || t.ends_with("ian")
        || t.ends_with("ese");
    let enough = if i.kind == "person" {
        words >= 2
    } else {
        letters >= 4
    };
    enough && !adjective && key_of(i).len() >= 2
}

pub(super) fn names(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    for (kinds, kind, rule, severity) in [
        (
            &["person"][..],
            DivergenceKind::Name,
            "name.changed",
            "high",
        ),
        (
            &["place"][..],
            DivergenceKind::Place,
            "place.changed",
            "medium",
        ),
    ] {
        let pa: Vec<&ItemInput> = a
            .items("name", kinds)
            .into_iter()
            .filter(|i| solid_name(i))
            .collect();
        let pb: Vec<&ItemInput> = b
            .items("name", kinds)
            .into_iter()
            .filter(|i| solid_name(i))
            .collect();
        let (pairs, la, lb) = pair_up(&pa, &pb, |x, y| same_name(x, a.lang, y, b.lang));
        if rule == "name.changed" {
            for (x, y) in &pairs {
                if spelling_variant(x, y) {
                    push(
                        out,
                        DivergenceKind::Spelling,
                        "spelling.variant",
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
        // A name left unpaired that the other claim or page has anyway is not a different name.
        let la: Vec<&ItemInput> = la
            .into_iter()
            .filter(|x| !surname_covered(&x.text, a.lang, b) && !page_names(&x.text, a.lang, b))
            .collect();
        let lb: Vec<&ItemInput> = lb
            .into_iter()
            .filter(|y| !surname_covered(&y.text, b.lang, a) && !page_names(&y.text, b.lang, a))
            .collect();
        let pairs = slot_pairs(a, &la, b, &lb, |x, y| x.kind == y.kind, false);
        for (x, y) in pairs {
            push(
                out,
                kind,
                rule,
                a,
                b,
                Some(x),
                Some(y),
                severity,
                format!(
                    "a different {} in the same slot of the claim: A has \"{}\", B has \"{}\"",
                    x.kind, x.text, y.text
                ),
            );
        }
    }
}

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
    let n = wx.len().min(wy.len());
    if n == 0 {
        return false;
    }
    let (tx, ty) = (wx[wx.len() - n..].join(" "), wy[wy.len() - n..].join(" "));
    let (u, v) = (normalize(&tx), normalize(&ty));
    if u == v {
        return tx.to_lowercase() != ty.to_lowercase();
    }
    let strip = |s: &str| s.trim_start_matches("ال").replace(['-', ' ', '\''], "");
    if strip(&u) == strip(&v) {
        return false;
    }
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
    let surnames_close = if kx.len() >= 2 && ky.len() >= 2 {
        keys_close(&kx, &ky)
    } else {
        strsim::jaro_winkler(&normalize(&sx), &normalize(&sy)) >= 0.88
    };
    keys_close(&key_of(x), &key_of(y)) && surnames_close
}

/// True when two names are the same: same key, one written inside the other, or their last
/// words match (a translated organisation name, a first name added).
pub(super) fn same_name(x: &ItemInput, lx: &str, y: &ItemInput, ly: &str) -> bool {
    let (kx, ky) = (key_of(x), key_of(y));
    if kx == ky && !kx.is_empty() {
        return true;
    }
    let last_key =
        |t: &str| crate::text::extract::names::name_key(t.split_whitespace().last().unwrap_or(t));
    if keys_close(&last_key(&x.text), &last_key(&y.text)) {
        return true;
    }
    let (u, v) = (normalize(&x.text), normalize(&y.text));
    if u == v || u.contains(&v) || v.contains(&u) {
        return true;
    }
    let (wx, wy) = (phrase_words(&x.text, lx), phrase_words(&y.text, ly));
    if wx.is_empty() || wy.is_empty() {
        return false;
    }
    match_words(&wx, &wy)
        .iter()
        .any(|(i, j, _, _)| *i == wx.len() - 1 || *j == wy.len() - 1)
}

/// Share of a phrase's content words that the other claim has.
pub(super) fn covered(phrase: &str, lang: &str, other: &Side) -> f64 {
    coverage(&phrase_words(phrase, lang), &other.claim.words)
}
