//! Check: inconsistencies inside one page.
//!
//! Input: a page's extracted date items (from the text layer, with their `detail`: weekday named,
//! validity, whether the year was inferred) and its page date. Output: [`Inconsistency`]s, each
//! with its span, the values involved, a severity and a sentence that explains it.
//!
//! Today: `weekday` (a weekday that does not fit its date: the year from the date, or from the page
//! date or the page's first year when the date has none; an ambiguous numeric date is inconsistent
//! only when neither reading fits) and `invalid_date` (a date that does not exist, such as 29
//! February of a common year); [`future_dates`]: `future_date` (a full date after the page date in
//! a claim with a past-tense marker and no future marker); [`durations`]: `duration` (see
//! `duration.rs`). Stale relative dates and the date order across pages need the corpus: see
//! [`corpus`], run by the align stage.

pub mod corpus;
mod duration;

pub use duration::durations;

pub use crate::model::results::Inconsistency;
use chrono::{Datelike, NaiveDate, Weekday};

/// A date as the text layer extracted it.
#[derive(Debug, Clone)]
pub struct DateItem {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: Option<String>,
    pub detail: serde_json::Value,
}

impl From<crate::text::extract::Item> for DateItem {
    /// A date item of the text layer, as the checks take it (moved, not copied).
    fn from(it: crate::text::extract::Item) -> DateItem {
        DateItem {
            start: it.start,
            end: it.end,
            kind: it.kind.to_string(),
            value: it.value,
            detail: it.detail,
        }
    }
}

/// The date items of a text-layer analysis's items (moved, not copied), as the checks take them.
pub fn date_items(items: Vec<(Option<usize>, crate::text::extract::Item)>) -> Vec<DateItem> {
    items
        .into_iter()
        .filter(|(_, it)| it.category == "date")
        .map(|(_, it)| DateItem::from(it))
        .collect()
}

fn weekday_from_name(name: &str) -> Option<Weekday> {
    Some(match name {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn parse_day(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()
}

/// Past-tense markers (a date reported as past) and future markers, over normalised text.
fn tense_patterns(lang: &str) -> (&'static regex::Regex, &'static regex::Regex) {
    use std::sync::OnceLock;
    static P: OnceLock<[(regex::Regex, regex::Regex); 3]> = OnceLock::new();
    let all = P.get_or_init(|| {
        let re = |name: &str| {
            regex::Regex::new(crate::text::lists::pattern(name)).expect("tense pattern")
        };
        [
            (re("past_ar"), re("future_ar")),
            (re("past_fr"), re("future_fr")),
            (re("past_en"), re("future_en")),
        ]
    });
    let k = match lang {
        "ar" => 0,
        "fr" => 1,
        _ => 2,
    };
    (&all[k].0, &all[k].1)
}

/// `future_date`: a full date stated with its year, after the page date, in a claim that reports
/// it as past (a past-tense marker and no future marker): the page is older than what it reports,
/// or the date is wrong. `claims` are the page's claim spans; `text` its characters.
pub fn future_dates(
    dates: &[DateItem],
    page_date: Option<NaiveDate>,
    text: &[char],
    lang: &str,
    claims: &[(usize, usize)],
) -> Vec<Inconsistency> {
    let Some(page) = page_date else {
        return Vec::new();
    };
    let (past, future) = tense_patterns(lang);
    dates
        .iter()
        .filter(|d| d.kind == "day" && d.detail["year_inferred"].is_null())
        .filter_map(|d| {
            let v = d.value.as_deref()?;
            let day = parse_day(v)?;
            if day <= page + chrono::Duration::days(1) {
                return None;
            }
            let &(cs, ce) = claims.iter().find(|(s, e)| *s <= d.start && d.end <= *e)?;
            let claim = crate::text::extract::slice_chars(text, cs, ce);
            let norm = crate::text::normalize(&claim);
            if !past.is_match(&norm) || future.is_match(&norm) {
                return None;
            }
            Some(Inconsistency {
                kind: crate::model::InconsistencyKind::FutureDate,
                start: d.start,
                end: d.end,
                value: v.to_string(),
                severity: "medium",
                explanation: format!(
                    "the page is dated {page} but reports {v} as past: the page is older than what it \
                     reports, or the date is wrong"
                ),
            })
        })
        .collect()
}

/// Checks one page's dates.
pub fn check(dates: &[DateItem]) -> Vec<Inconsistency> {
    let mut out = Vec::new();
    for d in dates {
        let Some(value) = d.value.as_deref() else {
            continue;
        };
        if d.detail["valid"] == serde_json::json!(false) {
            out.push(Inconsistency {
                kind: crate::model::InconsistencyKind::InvalidDate,
                start: d.start,
                end: d.end,
                value: value.to_string(),
                severity: "high",
                explanation: format!("{value} does not exist in the calendar"),
            });
            continue;
        }
        let Some(named) = d.detail["weekday"].as_str().and_then(weekday_from_name) else {
            continue;
        };
        if d.kind == "weekday" || value.starts_with("--") {
            continue; // a weekday on its own, or a date with no year to check it against
        }
        let readings: Vec<NaiveDate> = value.split('|').filter_map(parse_day).collect();
        if readings.is_empty() || readings.iter().any(|r| r.weekday() == named) {
            continue;
        }
        let actual = readings[0];
        let inferred = d.detail["year_inferred"].as_str();
        let year_note = match inferred {
            Some("page") => format!(" (the year {} is the page's)", actual.year()),
            Some("text") => format!(
                " (the year {} is the one the page gives first)",
                actual.year()
            ),
            _ => String::new(),
        };
        out.push(Inconsistency {
            kind: crate::model::InconsistencyKind::Weekday,
            start: d.start,
            end: d.end,
            value: format!(
                "{}: {} named, {} in the calendar",
                actual,
                weekday_name(named),
                weekday_name(actual.weekday())
            ),
            severity: if inferred.is_some() { "medium" } else { "high" },
            explanation: format!(
                "{} was a {}, not a {}{}",
                actual.format("%-d %B %Y"),
                weekday_name(actual.weekday()),
                weekday_name(named),
                year_note
            ),
        });
    }
    out
}

/// The date items the text layer extracts from a text (for tests).
#[cfg(test)]
pub(crate) fn test_dates(text: &str) -> Vec<DateItem> {
    let n = crate::text::normalize::Normalized::new(text);
    crate::text::extract::dates::extract(&n, None)
        .into_iter()
        .map(|it| DateItem {
            start: it.start,
            end: it.end,
            kind: it.kind.to_string(),
            value: it.value.clone(),
            detail: it.detail.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn future(text: &str, lang: &str, page: &str) -> Vec<Inconsistency> {
        let dates = test_dates(text);
        let chars: Vec<char> = text.chars().collect();
        let page = NaiveDate::parse_from_str(page, "%Y-%m-%d").ok();
        future_dates(&dates, page, &chars, lang, &[(0, chars.len())])
    }

    #[test]
    fn an_event_after_the_page_date_reported_as_past() {
        let f = future(
            "Le 12 avril 2012, Belmokhtar a enlevé le consul d'Algérie à Gao.",
            "fr",
            "2012-03-01",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind.name(), "future_date");
        assert_eq!(f[0].value, "2012-04-12");
        // Announced for later: no inconsistency.
        assert!(future(
            "Le prochain sommet est prévu le 12 avril 2012 à Bamako.",
            "fr",
            "2012-03-01"
        )
        .is_empty());
        assert!(future(
            "The ministers will meet again on 10 June 2019 in N'Djamena.",
            "en",
            "2019-03-12"
        )
        .is_empty());
        // Before the page date, or no page date: nothing to say.
        assert!(future(
            "Le 12 avril 2012, Belmokhtar a enlevé le consul.",
            "fr",
            "2013-01-01"
        )
        .is_empty());
        assert!(future("Le 12 avril 2012, Belmokhtar a enlevé le consul.", "fr", "").is_empty());
        let ar = future(
            "وقد تم توقيع الاتفاق يوم 5 مايو 2014 في الجزائر العاصمة.",
            "ar",
            "2014-01-10",
        );
        assert_eq!(ar.len(), 1, "{ar:?}");
    }

    fn date(value: &str, detail: serde_json::Value) -> DateItem {
        DateItem {
            start: 0,
            end: 5,
            kind: "day".into(),
            value: Some(value.into()),
            detail,
        }
    }

    #[test]
    fn weekday_that_does_not_fit() {
        let bad = date(
            "2016-03-17",
            serde_json::json!({"weekday": "wednesday", "year_inferred": "page"}),
        );
        let good = date("2016-03-17", serde_json::json!({"weekday": "thursday"}));
        let out = check(&[bad, good]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind.name(), "weekday");
        assert_eq!(
            out[0].explanation,
            "17 March 2016 was a Thursday, not a Wednesday (the year 2016 is the page's)"
        );
    }

    #[test]
    fn ambiguous_dates_and_invalid_dates() {
        // 03/04/2012: 3 April was a Tuesday, 4 March a Sunday.
        let amb = date(
            "2012-04-03|2012-03-04",
            serde_json::json!({"weekday": "sunday"}),
        );
        assert!(check(&[amb]).is_empty());
        let invalid = date("2013-02-29", serde_json::json!({"valid": false}));
        assert_eq!(check(&[invalid])[0].kind.name(), "invalid_date");
        let no_year = date("--03-17", serde_json::json!({"weekday": "wednesday"}));
        assert!(check(&[no_year]).is_empty());
    }
}
