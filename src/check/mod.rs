//! Check: inconsistencies inside one page.
//!
//! Input: a page's extracted date items (from the text layer, with their `detail`: weekday named,
//! validity, whether the year was inferred) and its page date. Output: [`Inconsistency`]s, each
//! with its span, the values involved, a severity and a sentence that explains it.
//!
//! Today: `weekday` (a weekday that does not fit its date: the year from the date, or from the page
//! date or the page's first year when the date has none; an ambiguous numeric date is inconsistent
//! only when neither reading fits) and `invalid_date` (a date that does not exist, such as 29
//! February of a common year). Relative dates that contradict the page's absolute years
//! (`stale_date`), durations against the dates they span, and events dated after the page are the
//! next step.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

/// A date as the text layer extracted it.
#[derive(Debug, Clone)]
pub struct DateItem {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: Option<String>,
    pub detail: serde_json::Value,
}

/// An inconsistency inside one page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Inconsistency {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub severity: &'static str,
    pub explanation: String,
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

/// Checks one page's dates.
pub fn check(dates: &[DateItem]) -> Vec<Inconsistency> {
    let mut out = Vec::new();
    for d in dates {
        let Some(value) = d.value.as_deref() else {
            continue;
        };
        if d.detail["valid"] == serde_json::json!(false) {
            out.push(Inconsistency {
                kind: "invalid_date",
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
            kind: "weekday",
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(out[0].kind, "weekday");
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
        assert_eq!(check(&[invalid])[0].kind, "invalid_date");
        let no_year = date("--03-17", serde_json::json!({"weekday": "wednesday"}));
        assert!(check(&[no_year]).is_empty());
    }
}
