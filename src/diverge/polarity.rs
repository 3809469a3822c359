//! How a claim is held: who it is credited to, whether it is hedged or negated, whether it is
//! quoted. Each is compared as a property of the aligned claim, with each language's markers.
//!
//! - attribution.flat: one side credits an explicit source ("selon", "according to", "بحسب", an
//!   anonymous source) and the other has no credit of any kind (not even a reporting verb or a
//!   quotation) and does not name that source.
//! - attribution.changed: both name sources, and the sources' words mostly fail to match.
//! - hedging.one_side: a hedging cue on one side, and the other has neither a cue nor a softer
//!   word ("seemed", "يبدو"; `soft_hedge` in `data/text/patterns.tsv`).
//! - negation.one_side: a negation marker on one side whose predicate (the content words after
//!   it) is aligned with the other side, which has no negation; idioms and document furniture
//!   (`negation_furniture`) never count.
//! - quote.paraphrase (one side quotes, low) and quote.changed (same language, the quoted words
//!   differ).

use super::values::covered;
use super::{push, push_one_side, span_item, Side};
use crate::align::{match_words, ItemInput};
use crate::model::results::Divergence;
use crate::model::DivergenceKind;
use crate::text::normalize::{normalize, Normalized};
use regex::Regex;
use std::sync::OnceLock;

/// Content words after a negation marker that make its predicate.
const PREDICATE_WORDS: usize = 3;

fn regex(cell: &'static OnceLock<Regex>, name: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(crate::text::lists::pattern(name)).expect("data pattern"))
}

/// Matches of a data pattern over the claim's normalised text, as character spans of the page.
fn matches(s: &Side, re: &Regex) -> Vec<(usize, usize)> {
    let text = s.claim_text();
    let n = Normalized::new(&text);
    re.find_iter(&n.text)
        .map(|m| {
            let (x, y) = n.bytes_to_original(m.start(), m.end());
            (x + s.claim.start, y + s.claim.start)
        })
        .collect()
}

fn soft_hedged(s: &Side) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    !matches(s, regex(&RE, "soft_hedge")).is_empty()
}

/// A side credits the claim to a source in any form: a cue (verb, preposition, anonymous source)
/// or a quotation.
fn credited(s: &Side) -> bool {
    s.items.iter().any(|i| {
        i.category == "cue"
            && matches!(
                i.kind.as_str(),
                "attribution" | "anonymous_source" | "quote"
            )
    })
}

fn not_hedge(s: &Side, i: &ItemInput) -> bool {
    !s.items
        .iter()
        .any(|h| h.kind == "hedging" && h.start < i.end && i.start < h.end)
}

pub(super) fn attribution(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    fn cues<'a>(s: &Side<'a>) -> Vec<&'a ItemInput> {
        s.items("cue", &["attribution", "anonymous_source"])
            .into_iter()
            .filter(|i| not_hedge(s, i))
            .collect()
    }
    let (aa, ab) = (cues(a), cues(b));
    let source = |i: &ItemInput| i.value.clone().unwrap_or_else(|| i.text.clone());
    let explicit = |s: &Side, i: &ItemInput| {
        i.kind == "anonymous_source"
            || crate::text::extract::cues::is_explicit_credit(&i.text, s.lang)
    };
    for (s, o, list, who, other) in [(a, b, &aa, "A", "B"), (b, a, &ab, "B", "A")] {
        if credited(o) {
            continue;
        }
        let Some(x) = list.iter().find(|i| explicit(s, i)) else {
            continue;
        };
        // The source named on the other side too, without a cue ("l'ambassadeur a écrit").
        if covered(&source(x), s.lang, o) >= 0.5 {
            continue;
        }
        push_one_side(
                out,
                DivergenceKind::Attribution,
                "attribution.flat",
                a,
                b,
                who == "A",
                x,
            "medium",
            format!(
                "{who} credits a source (\"{}\"); {other} states the claim flatly, crediting no one",
                x.text
            ),
        );
    }
    // Both name sources: compare the sources, not the trigger verbs; a source counts when a
    // name (person, organisation) lies inside it ("today", a quotation are not sources).
    let named = |s: &Side, i: &ItemInput| {
        i.value.is_some()
            && (explicit(s, i)
                || s.items.iter().any(|n| {
                    n.category == "name"
                        && n.kind != "place"
                        && n.start < i.end.max(i.start + 1)
                        && i.start < n.end
                }))
    };
    let sa: Vec<&&ItemInput> = aa.iter().filter(|i| named(a, i)).collect();
    let sb: Vec<&&ItemInput> = ab.iter().filter(|i| named(b, i)).collect();
    if let (Some(x), Some(y)) = (sa.first(), sb.first()) {
        let (vx, vy) = (source(x), source(y));
        if phrases_differ(&vx, a.lang, &vy, b.lang)
            && covered(&vx, a.lang, b) < 0.5
            && covered(&vy, b.lang, a) < 0.5
        {
            push(
                out,
                DivergenceKind::Attribution,
                "attribution.changed",
                a,
                b,
                Some(x),
                Some(y),
                "high",
                format!("the claim is credited to different sources: A \"{vx}\", B \"{vy}\""),
            );
        }
    }
}

fn phrases_differ(x: &str, lx: &str, y: &str, ly: &str) -> bool {
    let (wx, wy) = (
        crate::align::phrase_words(x, lx),
        crate::align::phrase_words(y, ly),
    );
    // A source of more than six words is the extractor reading past the source: no comparison.
    if wx.is_empty() || wy.is_empty() || wx.len() > 6 || wy.len() > 6 {
        return false;
    }
    let matches = match_words(&wx, &wy);
    if matches.iter().any(|m| m.3.starts_with("transliteration")) {
        return false;
    }
    let m = matches.len();
    let (ux, uy) = (wx.len() - m, wy.len() - m);
    ux >= 1 && uy >= 1 && ux * 3 >= wx.len() && uy * 3 >= wy.len()
}

/// A French conditional after "que" governed by a past reporting verb ("il a annoncé que le Mali
/// négocierait") is the sequence of tenses, a future in the past, not a hedge.
fn future_in_past(s: &Side, i: &ItemInput) -> bool {
    if s.lang != "fr" {
        return false;
    }
    let before = s.text(i.start.saturating_sub(70).max(s.claim.start), i.start);
    let n = normalize(&before);
    let que = n.rfind(" que ").or_else(|| n.rfind(" qu'"));
    let past = crate::text::lists::list("fr_past_before_que");
    que.is_some_and(|q| past.iter().any(|p| n[..q].contains(p)))
}

pub(super) fn hedging(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    fn hedges<'a>(s: &Side<'a>) -> Vec<&'a ItemInput> {
        s.items("cue", &["hedging"])
            .into_iter()
            .filter(|i| !future_in_past(s, i))
            .collect()
    }
    let (ha, hb) = (hedges(a), hedges(b));
    match (ha.first(), hb.first()) {
        (Some(x), None) if !soft_hedged(b) => push(
            out,
            DivergenceKind::Hedging,
            "hedging.one_side",
            a,
            b,
            Some(x),
            None,
            "medium",
            format!("A hedges (\"{}\"); B asserts it flatly", x.text),
        ),
        (None, Some(y)) if !soft_hedged(a) => push(
            out,
            DivergenceKind::Hedging,
            "hedging.one_side",
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

/// Cosine of sentence vectors above which the other claim says what a quotation says.
const PARAPHRASE_COSINE: f32 = 0.5;

/// The other side says in its own words what `q` quotes: the quotation has three content words
/// or more (not a name or a term in quotation marks), the other claim carries half its words or
/// comes within [`PARAPHRASE_COSINE`] of it, and the other page does not quote the same words
/// elsewhere (then both quote).
fn paraphrased(s: &Side, o: &Side, q: &ItemInput, embed: Option<super::Embed>) -> bool {
    let words = s.words_in(q.start, q.end);
    if words.len() < 3 {
        return false;
    }
    // The other page quotes these words (a quotation of its own covers half of them), or puts
    // a fragment of them between quotation marks ("actes hostiles"), or its claim holds a mark.
    let quoted_there = o.page.is_some_and(|p| {
        p.quotes.iter().any(|q| super::coverage(&words, q) >= 0.5)
            || p.marked.iter().any(|m| super::coverage(m, &words) >= 0.5)
    });
    if quoted_there || o.claim_text().contains(QUOTATION_MARKS) {
        return false;
    }
    if super::coverage(&words, &o.claim.words) >= 0.5 {
        return true;
    }
    match (embed.and_then(|e| e(&q.text)), o.claim.vector.as_deref()) {
        (Some(v), Some(w)) => crate::align::encoder::cosine(&v, w) >= PARAPHRASE_COSINE,
        _ => false,
    }
}

const QUOTATION_MARKS: [char; 5] = ['«', '»', '“', '”', '"'];

/// What a page puts between quotation marks, once per page: the content words of each quotation
/// the cue extractor found, and of each stretch between marks of two words or more, even a
/// fragment or one the extractor did not pair.
pub(super) fn quoted_words(
    text: &str,
    items: &[&ItemInput],
    lang: &str,
) -> (Vec<Vec<crate::align::Word>>, Vec<Vec<crate::align::Word>>) {
    static MARKED: OnceLock<Regex> = OnceLock::new();
    let re = MARKED.get_or_init(|| {
        Regex::new(r#"[«“"„‘]([^«»“”"„‘’\n]{3,300})[»”"’]"#).expect("quotation regex")
    });
    let quotes = items
        .iter()
        .filter(|i| i.category == "cue" && i.kind == "quote")
        .map(|i| crate::align::phrase_words(&i.text, lang))
        .collect();
    let marked = re
        .captures_iter(text)
        .map(|c| crate::align::phrase_words(&c[1], lang))
        .filter(|w| w.len() >= 2)
        .collect();
    (quotes, marked)
}

pub(super) fn quotes(a: &Side, b: &Side, embed: Option<super::Embed>, out: &mut Vec<Divergence>) {
    let (qa, qb) = (a.items("cue", &["quote"]), b.items("cue", &["quote"]));
    match (qa.first(), qb.first()) {
        (Some(x), None) if paraphrased(a, b, x, embed) => push(
            out,
            DivergenceKind::Quote,
            "quote.paraphrase",
            a,
            b,
            Some(x),
            None,
            "low",
            format!(
                "A quotes (\"{}\"); B says it in its own words",
                crate::model::shorten(&x.text, 60)
            ),
        ),
        (None, Some(y)) if paraphrased(b, a, y, embed) => push(
            out,
            DivergenceKind::Quote,
            "quote.paraphrase",
            a,
            b,
            None,
            Some(y),
            "low",
            format!(
                "B quotes (\"{}\"); A says it in its own words",
                crate::model::shorten(&y.text, 60)
            ),
        ),
        (Some(x), Some(y)) if a.lang == b.lang => {
            let (u, v) = (normalize(&x.text), normalize(&y.text));
            // An organisation's name in quotation marks is not a quotation.
            if u.split_whitespace().count() < 4 || v.split_whitespace().count() < 4 {
                return;
            }
            let r = similar::TextDiff::from_words(&u, &v).ratio();
            if r < 0.8 {
                push(
                    out,
                    DivergenceKind::Quote,
                    "quote.changed",
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

fn negation_regex(lang: &str) -> &'static Regex {
    static AR: OnceLock<Regex> = OnceLock::new();
    static FR: OnceLock<Regex> = OnceLock::new();
    static EN: OnceLock<Regex> = OnceLock::new();
    match lang {
        "ar" => regex(&AR, "negation_ar"),
        "fr" => regex(&FR, "negation_fr"),
        _ => regex(&EN, "negation_en"),
    }
}

/// The negation markers of a side that negate something: not inside an idiom or document
/// furniture, not in the dateline.
fn negations(s: &Side) -> Vec<(usize, usize)> {
    static FURNITURE: OnceLock<Regex> = OnceLock::new();
    let furniture = matches(s, regex(&FURNITURE, "negation_furniture"));
    let from = super::dateline_end(s);
    matches(s, negation_regex(s.lang))
        .into_iter()
        .filter(|(x, y)| *x >= from && !furniture.iter().any(|(f, g)| f < y && x < g))
        .map(|(x, y)| {
            // The pattern's edge characters are not the marker.
            let mut x = x;
            let mut y = y;
            while x < y && !s.chars[x].is_alphabetic() {
                x += 1;
            }
            while y > x && !s.chars[y - 1].is_alphabetic() {
                y -= 1;
            }
            (x, y)
        })
        .collect()
}

pub(super) fn negation(a: &Side, b: &Side, out: &mut Vec<Divergence>) {
    let (na, nb) = (negations(a), negations(b));
    let one = match (na.as_slice(), nb.is_empty()) {
        ([x, ..], true) => Some((a, b, *x, "A", "B")),
        ([], false) => Some((b, a, nb[0], "B", "A")),
        _ => None,
    };
    let Some((s, o, (x, y), who, other)) = one else {
        return;
    };
    // The negated predicate: the content words after the marker (Arabic and English put the
    // verb after it; French "ne ... pas" holds the verb inside).
    let predicate: Vec<_> = s
        .claim
        .words
        .iter()
        .filter(|w| w.start >= x)
        .take(PREDICATE_WORDS)
        .cloned()
        .collect();
    if predicate.is_empty() || match_words(&predicate, &o.claim.words).is_empty() {
        return;
    }
    let it = span_item("negation", x, y, s.text(x, y));
    push_one_side(
        out,
        DivergenceKind::Negation,
        "negation.one_side",
        a,
        b,
        who == "A",
        &it,
        "high",
        format!(
            "{who} negates or denies it (\"{}\"); {other} asserts the same predicate",
            it.text
        ),
    );
}
