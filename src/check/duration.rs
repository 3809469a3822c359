//! `duration`: a stated elapsed time ("مضى عليه عامان", "il y a deux ans", "two years ago") that
//! contradicts the dates the page itself gives for the same event.
//!
//! Method, for each elapsed-time expression in a claim:
//! 1. the amount and unit (years or months; Arabic duals such as عامان count 2), from digits or
//!    number words;
//! 2. the reference time: the nearest full date (day or month, stated with its year, not relative)
//!    before the expression in the page, the time the passage speaks from (the date of the email a
//!    page is quoting); else the page date;
//! 3. the event: the head noun just before the expression ("الاتفاق" in "الاتفاق السري الذي");
//!    its date is a stated date (day, month or year) in an earlier claim of the page that shares
//!    one of those words, matched through the bilingual lexicon or a common stem (اتفاق,
//!    تفاهم: agreement), the nearest one before;
//! 4. an inconsistency when the stated time and the time between the two dates differ by at least
//!    six months and by at least 40% of the stated time.
//!
//! With no dated earlier mention of the event, nothing is said: the duration may be right.

use super::{DateItem, Inconsistency};
use crate::text::Normalized;

/// Elapsed-time expressions over normalised text. Group `n` is the amount (digits or a word), `u`
/// the unit; `d` an Arabic dual unit (two of it).
fn patterns(lang: &str) -> &'static [regex::Regex] {
    use std::sync::OnceLock;
    static P: OnceLock<[Vec<regex::Regex>; 3]> = OnceLock::new();
    let all = P.get_or_init(|| {
        let re = |s: &str| regex::Regex::new(s).expect("duration pattern");
        let ar_unit = r"(?P<u>عام|اعوام|سنه|سنوات|سنين|شهر|اشهر|شهور)";
        let ar_dual = r"(?P<d>عامان|عامين|سنتان|سنتين|شهران|شهرين)";
        let ar_n = r"(?P<n>\d+|ثلاث|ثلاثه|اربع|اربعه|خمس|خمسه|ست|سته|سبع|سبعه|ثماني|ثمانيه|تسع|تسعه|عشر|عشره)";
        [
            vec![
                re(&format!(
                    r"(?:^|[^\p{{L}}])(?:مضي|مضت|مرت|مر)\s+(?:عليه|عليها|عليهم|على\s+\S+)?\s*(?:{ar_n}\s+{ar_unit}|{ar_dual})(?:[^\p{{L}}]|$)"
                )),
                re(&format!(
                    r"(?:^|[^\p{{L}}])(?:منذ|قبل)\s+(?:{ar_n}\s+{ar_unit}|{ar_dual})(?:[^\p{{L}}]|$)"
                )),
            ],
            vec![re(
                r"\b(?:il y a|depuis|voici)\s+(?P<n>\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?P<u>ans|an|annees|annee|mois)\b",
            )],
            vec![re(
                r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<u>years|year|months|month)\s+(?:ago|earlier|before)\b",
            )],
        ]
    });
    match lang {
        "ar" => &all[0],
        "fr" => &all[1],
        _ => &all[2],
    }
}

/// The stated time in months.
fn months(n: Option<&str>, unit: &str) -> Option<f64> {
    let count = match n {
        None => 2.0, // an Arabic dual
        // "un/une/one" count here ("il y a un an"); the number-word table leaves them out.
        Some("un" | "une" | "one") => 1.0,
        Some(w) => match crate::text::extract::numbers::unit_word_value(w) {
            Some(v) => v,
            None => w.parse::<f64>().ok()?,
        },
    };
    let per = if unit.contains("شهر") || unit.contains("mois") || unit.contains("month") {
        1.0
    } else {
        12.0
    };
    Some(count * per)
}

/// A date item's time in months since year 0, and how exact it is (months either way).
fn when(d: &DateItem) -> Option<(f64, f64)> {
    let v = d.value.as_deref()?;
    let y: f64 = v.get(..4)?.parse().ok()?;
    let m: Option<f64> = v.get(5..7).and_then(|m| m.parse().ok());
    let day: Option<f64> = v.get(8..10).and_then(|d| d.parse().ok());
    Some(match (m, day) {
        (Some(m), Some(day)) => (y * 12.0 + m - 1.0 + day / 31.0, 0.0),
        (Some(m), None) => (y * 12.0 + m - 0.5, 0.5),
        _ => (y * 12.0 + 6.0, 6.0),
    })
}

/// A date the page states (with its year, not relative to the page date).
fn stated(d: &DateItem) -> bool {
    matches!(d.kind.as_str(), "day" | "month" | "year" | "time")
        && d.detail["year_inferred"].is_null()
        && d.detail["valid"] != serde_json::json!(false)
        && d.value
            .as_deref()
            .is_some_and(|v| !v.contains('|') && !v.starts_with("--"))
}

/// A word of five letters or more once a prefix (the Arabic article, a conjunction or a
/// preposition glued to it) is off.
fn full_word(word: &str, lang: &str) -> bool {
    let norm = crate::text::normalize(word);
    let mut rest = norm.as_str();
    if lang == "ar" {
        for p in ["وبال", "وال", "بال", "فال", "لل", "ال", "و", "ب", "ف"] {
            if let Some(r) = rest.strip_prefix(p) {
                rest = r;
                break;
            }
        }
    }
    rest.chars().filter(|c| c.is_alphabetic()).count() >= 5
}

/// `duration` inconsistencies of one page. `claims` are its claim spans; `text` its characters.
pub fn durations(
    dates: &[DateItem],
    page_date: Option<chrono::NaiveDate>,
    text: &[char],
    lang: &str,
    claims: &[(usize, usize)],
) -> Vec<Inconsistency> {
    let mut out = Vec::new();
    for &(cs, ce) in claims {
        let claim = crate::text::extract::slice_chars(text, cs, ce);
        let norm = Normalized::new(&claim);
        for re in patterns(lang) {
            for caps in re.captures_iter(&norm.text) {
                let (Some(all), Some(unit)) = (caps.get(0), caps.name("u").or(caps.name("d")))
                else {
                    continue;
                };
                let Some(stated_months) = months(caps.name("n").map(|m| m.as_str()), unit.as_str())
                else {
                    continue;
                };
                // The expression's span, trimmed of the boundary characters the pattern eats.
                let inner = all.as_str();
                let lead = inner.len()
                    - inner
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .len();
                let trail =
                    inner.len() - inner.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
                let (s, e) = norm.bytes_to_original(all.start() + lead, all.end() - trail);
                let (start, end) = (cs + s, cs + e);
                if let Some(found) = judge(
                    dates,
                    page_date,
                    text,
                    lang,
                    claims,
                    &norm.text[..all.start()],
                    start,
                    end,
                    stated_months,
                ) {
                    out.push(found);
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn judge(
    dates: &[DateItem],
    page_date: Option<chrono::NaiveDate>,
    text: &[char],
    lang: &str,
    claims: &[(usize, usize)],
    before: &str,
    start: usize,
    end: usize,
    stated_months: f64,
) -> Option<Inconsistency> {
    // The reference time: the nearest stated full date before the expression, or the page date.
    let reference_item = dates
        .iter()
        .filter(|d| {
            d.end <= start && stated(d) && matches!(d.kind.as_str(), "day" | "time" | "month")
        })
        .max_by_key(|d| d.end);
    let reference = match reference_item {
        Some(d) => (when(d)?, d.value.clone()?),
        None => {
            let v = page_date?.format("%Y-%m-%d").to_string();
            let item = DateItem {
                start: 0,
                end: 0,
                kind: "day".into(),
                value: Some(v.clone()),
                detail: serde_json::Value::Null,
            };
            (when(&item)?, format!("{v} (the page date)"))
        }
    };
    // The event: the head noun just before the expression (and its relative pronoun). The last
    // word, unless it qualifies the word right before it: an Arabic definite adjective after its
    // definite noun ("الاتفاق السري"), a participle ("the deal struck", "l'accord signé").
    let raw: Vec<&str> = before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let kept = raw.len()
        - raw
            .iter()
            .rev()
            .take_while(|w| crate::text::lists::list("relative_pronouns").contains(w))
            .count();
    let raw = &raw[..kept];
    let content = |w: &str| {
        !crate::text::tokens::stopwords(lang).contains(w) && !w.chars().all(|c| c.is_numeric())
    };
    let (last, previous) = match raw {
        [.., p, l] => (*l, Some(*p)),
        [l] => (*l, None),
        [] => return None,
    };
    if !content(last) {
        return None;
    }
    let qualifies = match lang {
        "ar" => last.starts_with("ال") && previous.is_some_and(|p| p.starts_with("ال")),
        "fr" => ["e", "ee", "es", "ees", "u", "ue", "us", "i", "is", "it"]
            .iter()
            .any(|e| last.ends_with(e) && last.len() > 3),
        _ => {
            last.ends_with("ed") || ["struck", "made", "signed", "reached", "held"].contains(&last)
        }
    };
    let head = match previous {
        Some(p) if qualifies && content(p) => p,
        _ => last,
    };
    let event = crate::align::phrase_words(head, lang);
    if event.is_empty() {
        return None;
    }
    // Its date: a stated date in an earlier claim that shares one of those words.
    let (event_when, event_value, event_text) = dates
        .iter()
        .filter(|d| {
            d.end <= start && stated(d) && reference_item.is_none_or(|r| r.start != d.start)
        })
        .filter_map(|d| {
            let &(cs, ce) = claims.iter().find(|(s, e)| *s <= d.start && d.end <= *e)?;
            if ce > start {
                return None; // the expression's own claim
            }
            let claim = crate::text::extract::slice_chars(text, cs, ce);
            let words = crate::align::phrase_words(&claim, lang);
            // The same word, or a synonym through the lexicon between two full words (a
            // preposition glossed "according" is no synonym of "agreement").
            let shared = words.iter().find(|w| {
                crate::align::match_words(&event, std::slice::from_ref(*w))
                    .first()
                    .is_some_and(|m| {
                        m.2 >= 1.0
                            || (m.2 >= 0.5
                                && full_word(&event[m.0].text, lang)
                                && full_word(&w.text, lang))
                    })
            })?;
            Some((d, shared.text.clone()))
        })
        .max_by_key(|(d, _)| d.end)
        .and_then(|(d, w)| Some((when(d)?, d.value.clone()?, w)))?;
    let elapsed = reference.0 .0 - event_when.0;
    let slack = event_when.1 + reference.0 .1;
    if elapsed < -slack {
        return None; // the event comes after the reference: another reading of the sentence
    }
    let gap = (stated_months - elapsed).abs() - slack;
    if gap < 6.0 || gap < 0.4 * stated_months {
        return None;
    }
    let fmt = |m: f64| {
        let m = m.max(0.0).round() as i64;
        if m >= 24 {
            format!("about {} years", m / 12)
        } else {
            format!("about {m} months")
        }
    };
    let stated_text = crate::text::extract::slice_chars(text, start, end);
    Some(Inconsistency {
        kind: crate::model::InconsistencyKind::Duration,
        start,
        end,
        value: format!(
            "{} stated; {} from {} to {}",
            fmt(stated_months),
            fmt(elapsed),
            event_value,
            reference.1
        ),
        severity: "medium",
        explanation: format!(
            "\"{stated_text}\" says {} passed, but the page dates the {} to {event_value} and speaks \
             from {}: {} apart",
            fmt(stated_months),
            event_text,
            reference.1,
            fmt(elapsed)
        ),
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn counted_words_come_from_the_number_table() {
        let cases = [
            ("un", 1.0),
            ("one", 1.0),
            ("deux", 2.0),
            ("two", 2.0),
            ("trois", 3.0),
            ("three", 3.0),
            ("ثلاث", 3.0),
            ("ثلاثه", 3.0),
            ("quatre", 4.0),
            ("four", 4.0),
            ("اربع", 4.0),
            ("اربعه", 4.0),
            ("cinq", 5.0),
            ("خمسه", 5.0),
            ("six", 6.0),
            ("سته", 6.0),
            ("sept", 7.0),
            ("seven", 7.0),
            ("huit", 8.0),
            ("ثمانيه", 8.0),
            ("neuf", 9.0),
            ("nine", 9.0),
            ("dix", 10.0),
            ("ten", 10.0),
            ("عشر", 10.0),
            ("عشره", 10.0),
            ("12", 12.0),
        ];
        for (w, n) in cases {
            assert_eq!(super::months(Some(w), "ans"), Some(n * 12.0), "{w}");
        }
        assert_eq!(super::months(Some("mois"), "ans"), None);
        assert_eq!(super::months(None, "شهرين"), Some(2.0));
    }

    use super::*;

    /// Durations of a text whose claims are its sentences (split after each full stop).
    fn run(text: &str, lang: &str, page: &str) -> Vec<Inconsistency> {
        let dates = crate::check::test_dates(text);
        let chars: Vec<char> = text.chars().collect();
        let mut claims = Vec::new();
        let mut s = 0;
        for (i, c) in chars.iter().enumerate() {
            if *c == '.' {
                claims.push((s, i + 1));
                s = i + 1;
            }
        }
        if s < chars.len() {
            claims.push((s, chars.len()));
        }
        let page = chrono::NaiveDate::parse_from_str(page, "%Y-%m-%d").ok();
        durations(&dates, page, &chars, lang, &claims)
    }

    #[test]
    fn a_duration_that_does_not_fit_the_dates_of_its_event() {
        let ar = "وقعت الحكومة اتفاقاً مع المتمردين في مارس 2019. وفي رسالة بتاريخ 10 يناير 2020 قال المبعوث إن الاتفاق الذي مضى عليه ثلاثة أعوام لم يعد قائماً.";
        let found = run(ar, "ar", "2020-01-12");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind.name(), "duration");
        let chars: Vec<char> = ar.chars().collect();
        let span: String = chars[found[0].start..found[0].end].iter().collect();
        assert_eq!(span, "مضى عليه ثلاثة أعوام");
        assert!(found[0].value.contains("2019-03"), "{}", found[0].value);

        let fr = "Le gouvernement a signé un accord avec les rebelles en mars 2019. Le 10 janvier 2020, l'envoyé a dit que l'accord signé il y a cinq ans n'existait plus.";
        assert_eq!(run(fr, "fr", "2020-01-12").len(), 1);
        let en = "The government signed a deal with the rebels in March 2019. On 10 January 2020 the envoy said the deal struck four years ago had collapsed.";
        assert_eq!(run(en, "en", "2020-01-12").len(), 1);
    }

    #[test]
    fn a_duration_that_fits_or_has_no_dated_event_is_not_flagged() {
        // Ten months after March 2019: "a year" is close enough.
        let fits = "The government signed a deal with the rebels in March 2019. On 10 January 2020 the envoy said the deal struck one year ago had collapsed.";
        assert!(run(fits, "en", "2020-01-12").is_empty());
        // The event has no date on the page: nothing to compare with.
        let undated =
            "The envoy said on 10 January 2020 that the deal struck four years ago had collapsed.";
        assert!(run(undated, "en", "2020-01-12").is_empty());
        // A dated mention of something else does not date the event.
        let other = "The rebels attacked the capital in March 2019. On 10 January 2020 the envoy said the deal struck four years ago had collapsed.";
        assert!(run(other, "en", "2020-01-12").is_empty());
        // Arabic duals without a contradiction: two years between the dates.
        let ar = "وقعت الحكومة اتفاقاً مع المتمردين في مارس 2018. وفي رسالة بتاريخ 10 يناير 2020 قال المبعوث إن الاتفاق الذي مضى عليه عامان لم يعد قائماً.";
        assert!(run(ar, "ar", "2020-01-12").is_empty());
    }
}
