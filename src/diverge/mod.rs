//! Divergences between the two sides of an aligned claim pair: what changed on the way.
//!
//! Input: the aligned pairs (with their calibrated probability), each claim's content words and
//! the text layer's items in it (dates, numbers, names, cues), and each page's other claims.
//! Output: typed divergences, each with the two spans (the diverging values, or the clause, or
//! the claim when the thing is absent on that side), the two values, a severity, the rule that
//! found it, a confidence and a sentence that explains it.
//!
//! What is compared (the rules live in [`values`], [`polarity`] and [`clauses`]):
//! - only pairs aligned one to one with probability >= [`Params::min_probability`]: a divergence
//!   between two claims that are not about the same fact is noise;
//! - a value only with the value that fills the same slot on the other side (the content words
//!   around both are aligned, or each side has exactly one value of that kind); values in a
//!   dateline ("ALGIERS, Aug 24 (Reuters) -") are the page's furniture, not the claim's;
//! - negation and hedging as the polarity of an aligned predicate, with each language's markers
//!   and idioms in `data/text/patterns.tsv`;
//! - a clause as omitted or added only when no claim of the other page carries it (by words or by
//!   sentence vector) and the other page is not cut off there;
//! - near-identical copies (same language, 90 % of words in common) only for changed values.
//!
//! Each divergence's confidence is the precision its rule had on the real-page dev split
//! (`data/diverge/confidence.tsv`); those below [`SHOW_CONFIDENCE`] are stored but hidden by
//! default. Invariant: both spans lie inside their own claims ([`run`] checks it and drops any
//! that does not, counting them).

mod clauses;
mod polarity;
mod values;

use crate::align::{match_words, ClaimFeatures, DocInput, ItemInput, Word};
pub use crate::model::results::Divergence;
use crate::model::DivergenceKind;
use crate::text::normalize::normalize;
use std::collections::HashMap;

/// The version of the rules: a change of it redoes the divergences of a stored corpus.
pub const DIVERGE_VERSION: i64 = 3;

pub use crate::model::results::SHOW_CONFIDENCE;

/// Share of common words above which two same-language claims are near-identical copies.
pub const NEAR_IDENTICAL: f64 = 0.9;

/// The diverge stage's parameters.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Params {
    /// Pairs aligned with a lower probability are not compared.
    pub min_probability: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            min_probability: crate::align::Params::default().diverge_min,
        }
    }
}

/// One page as the rules see it: its claims (to tell whether the page carries some material
/// anywhere) and its items.
pub struct Page<'a> {
    pub claims: Vec<&'a ClaimFeatures>,
    pub items: Vec<&'a ItemInput>,
    /// The page stops mid-sentence or with "read more": material after its end is not omitted.
    pub truncated: bool,
    /// Content words of each quotation the page's cues found, and of each stretch of two words
    /// or more between quotation marks (see `polarity::quoted_words`).
    pub quotes: Vec<Vec<Word>>,
    pub marked: Vec<Vec<Word>>,
}

/// One side of an aligned pair.
pub struct Side<'a> {
    pub claim: &'a ClaimFeatures,
    pub items: Vec<&'a ItemInput>,
    /// The document's text as characters.
    pub chars: &'a [char],
    pub lang: &'a str,
    /// The whole page, when the caller has it (tests of one sentence pass none).
    pub page: Option<&'a Page<'a>>,
}

/// Turns a text into a unit sentence vector (the encoder), when one is available.
pub type Embed<'e> = &'e dyn Fn(&str) -> Option<Vec<f32>>;

impl<'a> Side<'a> {
    /// The side's items of `category` (any kind if `kinds` is empty), without those in the
    /// claim's dateline.
    fn items(&self, cat: &str, kinds: &[&str]) -> Vec<&'a ItemInput> {
        let from = dateline_end(self);
        self.items
            .iter()
            .copied()
            .filter(|i| i.category == cat && (kinds.is_empty() || kinds.contains(&i.kind.as_str())))
            .filter(|i| i.start >= from)
            .collect()
    }

    fn text(&self, start: usize, end: usize) -> String {
        crate::text::extract::slice_chars(self.chars, start, end)
    }

    fn claim_text(&self) -> String {
        self.text(self.claim.start, self.claim.end)
    }

    /// The claim's content words within `[start, end)`.
    fn words_in(&self, start: usize, end: usize) -> Vec<Word> {
        self.claim
            .words
            .iter()
            .filter(|w| w.start >= start && w.end <= end)
            .cloned()
            .collect()
    }
}

/// Where a claim's dateline ends ("ALGIERS, Aug 24 (Reuters) - ", "الجزائر - "): a dash between
/// spaces within the first 70 characters, after at most seven words and no sentence end. The
/// claim's start when it has none.
fn dateline_end(s: &Side) -> usize {
    let (start, end) = (s.claim.start, s.claim.end.min(s.chars.len()));
    let limit = (start + 70).min(end);
    for i in start + 1..limit {
        if matches!(s.chars[i], '-' | '–' | '—')
            && s.chars[i - 1].is_whitespace()
            && s.chars.get(i + 1).is_some_and(|c| c.is_whitespace())
        {
            let prefix = s.text(start, i);
            let words = prefix.split_whitespace().count();
            if (1..=7).contains(&words) && !prefix.contains(['!', '?', '؟', '"', '«', '“']) {
                return i + 1;
            }
            return start;
        }
    }
    start
}

/// The confidence of a rule, from `data/diverge/confidence.tsv`.
pub fn confidence(rule: &str) -> f64 {
    use std::sync::OnceLock;
    static TABLE: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            include_str!("../../data/diverge/confidence.tsv")
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    let rule = f.next()?;
                    let c = f.next()?.trim().parse::<f64>().ok()?;
                    Some((rule, c))
                })
                .collect()
        })
        .get(rule)
        .copied()
        .unwrap_or(0.3)
}

/// Every rule the code can name, for the test that the confidence table lists each one.
pub const RULES: &[&str] = &[
    "date.changed",
    "date.granularity",
    "date.precision",
    "date.one_side",
    "number.changed",
    "number.rounded",
    "number.one_side",
    "name.changed",
    "place.changed",
    "spelling.variant",
    "attribution.flat",
    "attribution.changed",
    "hedging.one_side",
    "negation.one_side",
    "quote.paraphrase",
    "quote.changed",
    "omission.clause",
    "omission.close",
    "addition.clause",
    "addition.close",
];

/// All divergences of a pair aligned with probability `prob`. `embed` (the sentence encoder) lets
/// the omission rule see material the other page carries in another language.
pub fn diverge(a: &Side, b: &Side, prob: f64, embed: Option<Embed>) -> Vec<Divergence> {
    let mut out = Vec::new();
    values::dates(a, b, prob, &mut out);
    values::numbers(a, b, &mut out);
    let near = near_identical(a, b);
    if !near {
        values::names(a, b, &mut out);
        polarity::attribution(a, b, &mut out);
        polarity::hedging(a, b, &mut out);
        polarity::quotes(a, b, embed, &mut out);
        clauses::clauses(a, b, prob, embed, &mut out);
        polarity::negation(a, b, &mut out);
    } else {
        // A near copy differs only where a value was changed.
        out.retain(|d| matches!(d.rule, "date.changed" | "number.changed"));
    }
    out
}

/// Two same-language claims that share [`NEAR_IDENTICAL`] of their words.
fn near_identical(a: &Side, b: &Side) -> bool {
    if a.lang != b.lang {
        return false;
    }
    let (u, v) = (normalize(&a.claim_text()), normalize(&b.claim_text()));
    similar::TextDiff::from_words(&u, &v).ratio() as f64 >= NEAR_IDENTICAL
}

/// A divergence found by `rule`, with the spans of the items (the claim when a side has none).
#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Divergence>,
    kind: DivergenceKind,
    rule: &'static str,
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
        rule,
        confidence: confidence(rule),
    });
}

/// A divergence whose item lies on one side only: side A when `on_a`, else side B.
#[allow(clippy::too_many_arguments)]
fn push_one_side(
    out: &mut Vec<Divergence>,
    kind: DivergenceKind,
    rule: &'static str,
    a: &Side,
    b: &Side,
    on_a: bool,
    item: &ItemInput,
    severity: &'static str,
    explanation: String,
) {
    let (ia, ib) = if on_a {
        (Some(item), None)
    } else {
        (None, Some(item))
    };
    push(out, kind, rule, a, b, ia, ib, severity, explanation);
}

/// An item made by a rule (a clause, a negation marker), for [`push`].
fn span_item(category: &str, start: usize, end: usize, text: String) -> ItemInput {
    ItemInput {
        claim_id: None,
        category: category.into(),
        kind: category.into(),
        start,
        end,
        value: Some(text.clone()),
        text,
        key: None,
        year_inferred: false,
    }
}

/// Share of `words` that have a counterpart among `other`.
fn coverage(words: &[Word], other: &[Word]) -> f64 {
    if words.is_empty() {
        return 1.0;
    }
    match_words(words, other).len() as f64 / words.len() as f64
}

/// Figures of one diverge run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    /// Aligned pairs whose claims were compared.
    pub pairs_compared: usize,
    /// Aligned pairs left out: probability below the threshold.
    pub pairs_skipped: usize,
    /// Divergences found (shown and hidden).
    pub found: usize,
    /// Of those, below [`SHOW_CONFIDENCE`].
    pub hidden: usize,
    /// Dropped because a span ran outside its claim (the invariant; should stay 0).
    pub outside: usize,
}

/// The calibrated probability an alignment records in its explanation (else its score).
fn pair_probability(p: &crate::model::results::Alignment) -> f64 {
    p.detail.probability
}

/// True when a page's text stops mid-sentence or with a "read more" link after its last claim
/// (looked for in the 2,000 characters that follow it: the link sits there, and a page whose
/// claims were capped must not have its whole remainder normalised).
fn truncated(chars: &[char], claims: &[&ClaimFeatures]) -> bool {
    let Some(last) = claims.iter().max_by_key(|c| c.end) else {
        return false;
    };
    let tail =
        crate::text::extract::slice_chars(chars, last.end, (last.end + 2000).min(chars.len()));
    let n = normalize(&tail);
    if [
        "read more",
        "lire la suite",
        "lire plus",
        "اقرا المزيد",
        "للمزيد",
        "تابع القراءه",
    ]
    .iter()
    .any(|m| n.contains(m))
    {
        return true;
    }
    let body = crate::text::extract::slice_chars(chars, last.start, last.end);
    let t = body.trim_end();
    t.ends_with('…')
        || t.ends_with("...")
        || !t.ends_with(['.', '!', '?', '؟', '»', '"', '”', ')', '’', '\''])
}

/// The divergences of every aligned pair: `(alignment id, divergence)` and the run's figures.
pub fn run(
    inputs: &[DocInput],
    feats: &[ClaimFeatures],
    pairs: &[crate::model::results::Alignment],
    ids: &[i64],
    chars: &HashMap<i64, Vec<char>>,
    params: &Params,
    embed: Option<Embed>,
) -> (Vec<(i64, Divergence)>, Stats) {
    let by_id: HashMap<&str, &ClaimFeatures> = feats.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut items_of: HashMap<&str, Vec<&ItemInput>> = HashMap::new();
    for d in inputs {
        for it in &d.items {
            if let Some(c) = &it.claim_id {
                items_of.entry(c.as_str()).or_default().push(it);
            }
        }
    }
    let empty: Vec<char> = Vec::new();
    let mut claims_of: HashMap<i64, Vec<&ClaimFeatures>> = HashMap::new();
    for f in feats {
        claims_of.entry(f.doc).or_default().push(f);
    }
    let mut pages: HashMap<i64, Page> = HashMap::new();
    for d in inputs {
        let claims = claims_of.remove(&d.id).unwrap_or_default();
        let text = chars.get(&d.id).unwrap_or(&empty);
        let items: Vec<&ItemInput> = d.items.iter().collect();
        let (quotes, marked) =
            polarity::quoted_words(&text.iter().collect::<String>(), &items, &d.lang);
        pages.insert(
            d.id,
            Page {
                truncated: truncated(text, &claims),
                claims,
                items,
                quotes,
                marked,
            },
        );
    }
    let langs: HashMap<i64, &str> = inputs.iter().map(|d| (d.id, d.lang.as_str())).collect();
    let mut stats = Stats::default();
    let mut found = Vec::new();
    for (id, p) in ids.iter().zip(pairs) {
        // A merged half or a repeat is compared like a one-to-one pair: the omission rule asks
        // the whole page, so the other half's material is not reported missing.
        let prob = pair_probability(p);
        if prob < params.min_probability {
            stats.pairs_skipped += 1;
            continue;
        }
        let (Some(fa), Some(fb)) = (by_id.get(p.claim_a.as_str()), by_id.get(p.claim_b.as_str()))
        else {
            continue;
        };
        // Identical claims (a verbatim copy) differ in nothing.
        if fa.same_text(fb) {
            stats.pairs_compared += 1;
            continue;
        }
        let (Some(la), Some(lb), Some(ca), Some(cb)) = (
            langs.get(&p.doc_a),
            langs.get(&p.doc_b),
            chars.get(&p.doc_a),
            chars.get(&p.doc_b),
        ) else {
            continue;
        };
        let items = |c: &str| items_of.get(c).cloned().unwrap_or_default();
        let a = Side {
            claim: fa,
            items: items(&p.claim_a),
            chars: ca,
            lang: la,
            page: pages.get(&p.doc_a),
        };
        let b = Side {
            claim: fb,
            items: items(&p.claim_b),
            chars: cb,
            lang: lb,
            page: pages.get(&p.doc_b),
        };
        stats.pairs_compared += 1;
        for d in diverge(&a, &b, prob, embed) {
            let inside =
                |s: usize, e: usize, c: &ClaimFeatures| e <= s || (c.start <= s && e <= c.end);
            if inside(d.a_start, d.a_end, fa) && inside(d.b_start, d.b_end, fb) {
                if d.confidence < SHOW_CONFIDENCE {
                    stats.hidden += 1;
                }
                found.push((*id, d));
            } else {
                stats.outside += 1;
            }
        }
    }
    stats.found = found.len();
    (found, stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{features, sentence_doc};
    use proptest::prelude::*;

    fn sides(a: &str, la: &str, b: &str, lb: &str) -> Vec<Divergence> {
        let docs = [sentence_doc(0, a, la), sentence_doc(1, b, lb)];
        let feats = features(&docs);
        let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let sa = Side {
            claim: &feats[0],
            items: docs[0].items.iter().collect(),
            chars: &ca,
            lang: la,
            page: None,
        };
        let sb = Side {
            claim: &feats[1],
            items: docs[1].items.iter().collect(),
            chars: &cb,
            lang: lb,
            page: None,
        };
        diverge(&sa, &sb, 1.0, None)
    }

    fn text_of(s: &str, start: usize, end: usize) -> String {
        s.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn a_changed_date_and_a_hedge_are_found_with_their_spans() {
        let a = "Le ministre a annoncé le 12 avril 2012 la fermeture de la frontière avec le Mali.";
        let b = "Le ministre aurait annoncé le 14 avril 2012 la fermeture de la frontière avec le Mali, dit-on à Bamako.";
        let found = sides(a, "fr", b, "fr");
        let date = found
            .iter()
            .find(|d| d.kind == DivergenceKind::Date)
            .expect("a date divergence");
        assert_eq!(date.rule, "date.changed");
        assert!(text_of(b, date.b_start, date.b_end).contains("14 avril 2012"));
        assert!(
            found.iter().any(|d| d.kind == DivergenceKind::Hedging),
            "{found:?}"
        );
        // The same sentence twice gives nothing.
        assert!(sides(a, "fr", a, "fr").is_empty());
    }

    #[test]
    fn a_near_copy_differs_only_in_its_changed_figure() {
        let a = "The United Nations said on Sunday that 11,300 people died in the floods in Derna, in the east of the country.";
        let b = "The United Nations said on Sunday that 5,300 people died in the floods in Derna, in the east of the country.";
        let found = sides(a, "en", b, "en");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].rule, "number.changed");
        assert_eq!(text_of(b, found[0].b_start, found[0].b_end).trim(), "5,300");
    }

    #[test]
    fn values_in_a_dateline_are_not_compared() {
        let a = "ALGIERS, Aug 24 (Reuters) - Algeria cut diplomatic relations with Morocco on Tuesday over what it called hostile actions.";
        let b = "Algeria has cut its diplomatic relations with Morocco, accusing its neighbour of hostile acts, the foreign minister said.";
        let found = sides(a, "en", b, "en");
        assert!(
            !found
                .iter()
                .any(|d| matches!(d.kind, DivergenceKind::Number | DivergenceKind::Date)),
            "{found:?}"
        );
    }

    #[test]
    fn a_negated_rendering_of_a_negated_source_is_no_divergence() {
        let a = "The Red Crescent did not confirm the toll of 11,300 dead.";
        let b = "لم يؤكد الهلال الأحمر حصيلة 11300 قتيل.";
        let found = sides(a, "en", b, "ar");
        assert!(
            !found.iter().any(|d| d.kind == DivergenceKind::Negation),
            "{found:?}"
        );
        // An idiom with a negation marker is not a negated fact.
        let c = "Comme si cela ne suffisait pas, le ministre a fermé la frontière avec le Mali.";
        let d = "Le ministre a fermé la frontière avec le Mali.";
        let found = sides(c, "fr", d, "fr");
        assert!(
            !found.iter().any(|d| d.kind == DivergenceKind::Negation),
            "{found:?}"
        );
    }

    #[test]
    fn a_reporting_verb_is_not_a_credit_against_a_flat_statement() {
        // "announced" is the minister's own act: no attribution divergence.
        let a = "Foreign Minister Ramtane Lamamra announced that Algeria is cutting diplomatic relations with Morocco.";
        let b = "Algeria is cutting diplomatic relations with Morocco.";
        let found = sides(a, "en", b, "en");
        assert!(
            !found.iter().any(|d| d.kind == DivergenceKind::Attribution),
            "{found:?}"
        );
        // "according to" is.
        let c = "According to the Algerian press agency, Algeria is cutting diplomatic relations with Morocco.";
        let found = sides(c, "en", b, "en");
        assert!(
            found.iter().any(|d| d.rule == "attribution.flat"),
            "{found:?}"
        );
    }

    #[test]
    fn eval_scores_what_a_listing_shows() {
        let sql = include_str!("../eval/predictions.rs");
        assert!(sql.contains(&format!("d.confidence >= {SHOW_CONFIDENCE}")));
    }

    #[test]
    fn every_rule_has_a_confidence_in_the_table() {
        let table = include_str!("../../data/diverge/confidence.tsv");
        for r in RULES {
            assert!(
                table.lines().any(|l| l.split('\t').next() == Some(*r)),
                "{r} is not in data/diverge/confidence.tsv"
            );
            assert!((0.0..=1.0).contains(&confidence(r)));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Any text in any of the three languages, against any other: no panic, spans inside
        /// their own claims, a confidence between 0 and 1.
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
                prop_assert!((0.0..=1.0).contains(&d.confidence));
                prop_assert!(RULES.contains(&d.rule));
            }
        }
    }
}
