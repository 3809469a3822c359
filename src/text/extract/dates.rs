//! Dates: absolute dates in Arabic (Mashriq, Maghreb, Algerian and Levantine month names, and the
//! doubled "تشرين الأول/ أكتوبر"), French and English; numeric dates read day-first or month-first
//! (ambiguity kept as `A|B`); ISO dates; years; times glued to a date; weekdays; and relative
//! expressions ("العام الماضي", "11 سبتمبر الماضي", "le 29 février dernier", "last September",
//! "الخميس الماضي") resolved against the page date when it is known.
//!
//! Values are ISO 8601 at the expression's granularity (`2012`, `2012-04`, `2012-04-12`,
//! `2016-03-21T12:16`). `detail` carries the granularity, the weekday named (if any), whether the
//! year was inferred (from the page date or the nearest year in the text), and `valid: false` for a
//! date that does not exist (29 February of a common year). Month and weekday names live in
//! `data/text/months.tsv` and `data/text/weekdays.tsv`.

use super::Item;
use crate::text::normalize::{normalize, Normalized};
use crate::text::FastChar;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

struct Tables {
    months: HashMap<String, u32>,
    weekdays: HashMap<String, u32>,
    day_month_year: Regex,
    month_day_year: Regex,
    month_year: Regex,
    numeric: Regex,
    iso: Regex,
    year: Regex,
    time: Regex,
    relative: Regex,
    weekday_alone: Regex,
}

fn alternation(names: &[&String]) -> String {
    let mut v: Vec<&String> = names.to_vec();
    v.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    v.iter()
        .map(|n| regex::escape(n).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let load = |data: &str| -> HashMap<String, u32> {
            data.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    let name = normalize(f.next()?.trim());
                    let n: u32 = f.next()?.trim().parse().ok()?;
                    Some((name, n))
                })
                .collect()
        };
        let months = load(include_str!("../../../data/text/months.tsv"));
        let weekdays = load(include_str!("../../../data/text/weekdays.tsv"));
        let m = alternation(&months.keys().collect::<Vec<_>>());
        let w = alternation(&weekdays.keys().collect::<Vec<_>>());
        let standalone: Vec<&String> = weekdays
            .keys()
            .filter(|k| k.starts_with("ال") || k.is_ascii())
            .collect();
        let ws = alternation(&standalone);
        // ASCII boundaries around digits; word boundaries around names are checked in code.
        let wd = format!(r"(?:(?P<wd>{w})\s*[,،]?\s*(?:(?:الماضي|dernier)\s+)?(?:الموافق\s+|le\s+)?)?");
        let year_tail = r"(?:\s*[,،]?\s+(?:(?:من\s+)?(?:عام|سنه|العام)\s+)?(?P<y>[0-9]{4})(?-u:\b))?";
        let re = |p: String| Regex::new(&p).expect("date regex");
        Tables {
            day_month_year: re(format!(
                r"{wd}(?-u:\b)(?P<d>[0-9]{{1,2}})(?:er)?\s+(?:(?:من\s+)?شهر\s+)?(?P<m>{m})(?:\s*/\s*(?P<m2>{m}))?{year_tail}(?P<past>\s+(?:الماضي|المنصرم|dernier))?"
            )),
            month_day_year: re(format!(
                r"{wd}(?P<m>{m})\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:\s*,?\s*(?P<y>[0-9]{{4}})(?-u:\b))?"
            )),
            month_year: re(format!(
                r"(?:(?:شهر|mois\s+d[e']?|month\s+of)\s*)?(?P<m>{m})(?:\s*/\s*(?P<m2>{m}))?(?:\s*[,،]?\s+(?:(?:من\s+)?(?:عام|سنه|العام)\s+)?(?P<y>[0-9]{{4}})(?-u:\b)|(?P<past>\s+(?:الماضي|المنصرم|derniere?|prochaine?|المقبل|القادم)))"
            )),
            numeric: re(format!(
                r"{wd}(?-u:\b)(?P<a>[0-9]{{1,2}})[/.-](?P<b>[0-9]{{1,2}})[/.-](?P<y>[0-9]{{4}})(?-u:\b)"
            )),
            iso: re(format!(r"{wd}(?-u:\b)(?P<y>[0-9]{{4}})[-/.](?P<m>[0-9]{{1,2}})[-/.](?P<d>[0-9]{{1,2}})(?-u:\b)")),
            year: re(r"(?-u:\b)(?P<y>1[89][0-9]{2}|20[0-9]{2})(?-u:\b)".into()),
            time: re(r"^\s*(?:-|,|،|a|at|a\s+|الساعه)?\s*(?P<h>[0-9]{1,2})[:h](?P<mi>[0-9]{2})(?-u:\b)".into()),
            relative: re(format!(
                r"(?P<last_year>(?:العام|السنه|عام)\s+(?:الماضي|الماضيه|المنصرم)|l'an(?:nee)?\s+(?:derniere?|passee?)|last\s+year)|(?P<this_year>(?:(?:بدايه|مطلع|اوايل|منتصف|نهايه|اواخر|خلال)\s+)?(?:العام|السنه)\s+(?:الجاري|الجاريه|الحالي|الحاليه)|هذا\s+العام|cette\s+annee|this\s+year|earlier\s+this\s+year|(?:au\s+)?debut\s+de\s+l'annee)|(?P<next_year>(?:العام|السنه)\s+(?:المقبل|المقبله|القادم|القادمه)|l'an(?:nee)?\s+prochaine?|next\s+year)|(?P<last_month>الشهر\s+الماضي|le\s+mois\s+dernier|last\s+month)|(?P<next_month>الشهر\s+(?:المقبل|القادم)|le\s+mois\s+prochain|next\s+month)|(?P<yesterday>امس|البارحه|hier|yesterday)|(?P<tomorrow>غدا|demain|tomorrow)|(?P<last_m>last\s+(?P<lm>{m}))|(?P<last_wd>(?:(?P<wd1>{ws})\s+(?:الماضي|dernier))|(?:last\s+(?P<wd2>{ws})))|(?P<later>(?:[0-9]+|a|an|one|un|une|deux|trois|quatre|two|three|four|يومين|ثلاثه|اربعه)\s+(?:jours?|days?|semaines?|weeks?|mois|months?|ans?|years?|ايام|اسابيع|اشهر|سنوات)?\s*(?:plus\s+tard|later|auparavant|earlier|after|بعد\s+ذلك)|the\s+following\s+day|le\s+lendemain|في\s+اليوم\s+التالي)"
            )),
            weekday_alone: re(format!(r"(?P<wd>{ws})")),
            months,
            weekdays,
        }
    })
}

/// True for a month or weekday name (normalised), which is not a name of anything.
pub fn is_calendar_word(normalised: &str) -> bool {
    let t = tables();
    t.months.contains_key(normalised) || t.weekdays.contains_key(normalised)
}

fn is_word(c: Option<char>) -> bool {
    c.map(char::is_word).unwrap_or(false)
}

/// True when `[s, e)` of `text` is not inside a longer word.
fn whole_word(text: &str, s: usize, e: usize) -> bool {
    !is_word(text[..s].chars().next_back()) && !is_word(text[e..].chars().next())
}

fn weekday_name(n: u32) -> &'static str {
    [
        "",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ][n.min(7) as usize]
}

fn weekday_of(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The most recent date on or before `page` with this month (and day), as (year, valid).
fn last_occurrence(page: NaiveDate, month: u32, day: Option<u32>) -> i32 {
    let this_year = match day {
        Some(d) => NaiveDate::from_ymd_opt(page.year(), month, d).map(|x| x <= page),
        None => Some(month <= page.month()),
    };
    if this_year.unwrap_or(month <= page.month()) {
        page.year()
    } else {
        page.year() - 1
    }
}

struct Found {
    start: usize,
    end: usize,
    kind: &'static str,
    value: Option<String>,
    detail: serde_json::Value,
}

/// The dates found so far, which never overlap, with their spans indexed by start: whether a
/// new match overlaps one is a lookup, not a scan (a page of 60,000 dates stays linear).
#[derive(Default)]
struct Spans {
    found: Vec<Found>,
    by_start: std::collections::BTreeMap<usize, usize>,
}

impl Spans {
    /// True when `[a, b)` overlaps a date found: as found spans are disjoint, the one starting
    /// last before `b` is the only one that can reach past `a`.
    fn taken(&self, a: usize, b: usize) -> bool {
        self.by_start
            .range(..b)
            .next_back()
            .is_some_and(|(_, &end)| end > a)
    }

    fn push(&mut self, f: Found) {
        self.by_start.insert(f.start, f.end);
        self.found.push(f);
    }
}

fn day_value(y: i32, m: u32, d: u32) -> (String, bool) {
    (
        format!("{y:04}-{m:02}-{d:02}"),
        NaiveDate::from_ymd_opt(y, m, d).is_some(),
    )
}

/// Extracts the dates of a text. `page_date` resolves relative expressions and dates without a year.
pub fn extract(n: &Normalized, page_date: Option<NaiveDate>) -> Vec<Item> {
    let t = tables();
    let s = n.text.as_str();
    let mut found = Spans::default();
    let years: Vec<(usize, i32)> = t
        .year
        .captures_iter(s)
        .filter_map(|c| Some((c.get(0)?.start(), c["y"].parse().ok()?)))
        .collect();
    // The year for a date that gives none: the page's, else the first year the text states before
    // it (a document opens with its own date: a cable's "25/10/2009" comes before the "DECL:
    // 10/20/2029" that the nearest year would pick).
    let infer_year = |pos: usize| -> Option<(i32, &'static str)> {
        if let Some(p) = page_date {
            return Some((p.year(), "page"));
        }
        years
            .first()
            .filter(|(at, _)| *at < pos)
            .map(|(_, y)| (*y, "text"))
    };
    let wd_of = |c: &regex::Captures| -> Option<u32> {
        c.name("wd").and_then(|w| {
            t.weekdays
                .get(&w.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
                .copied()
        })
    };
    let month_of = |name: &str| -> Option<u32> {
        t.months
            .get(&name.split_whitespace().collect::<Vec<_>>().join(" "))
            .copied()
    };

    // 1. Day month [year], with an optional weekday before and "الماضي"/"dernier" after.
    for c in t.day_month_year.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if !whole_word(s, m0.start(), m0.end()) || found.taken(m0.start(), m0.end()) {
            continue;
        }
        let Some(month) = c
            .name("m2")
            .or(c.name("m"))
            .and_then(|m| month_of(m.as_str()))
        else {
            continue;
        };
        let Ok(day) = c["d"].parse::<u32>() else {
            continue;
        };
        if !(1..=31).contains(&day) {
            continue;
        }
        let weekday = wd_of(&c);
        let past = c.name("past").is_some();
        let (year, inferred) = match c.name("y").and_then(|y| y.as_str().parse::<i32>().ok()) {
            Some(y) => (Some(y), None),
            None if past => match page_date {
                Some(p) => (Some(last_occurrence(p, month, Some(day))), Some("page")),
                None => (None, None),
            },
            None => match infer_year(m0.start()) {
                Some((y, how)) => (Some(y), Some(how)),
                None => (None, None),
            },
        };
        let (value, valid) = match year {
            Some(y) => {
                let (v, ok) = day_value(y, month, day);
                (Some(v), ok)
            }
            None => (Some(format!("--{month:02}-{day:02}")), true),
        };
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind: if past && c.name("y").is_none() {
                "relative"
            } else {
                "day"
            },
            value,
            detail: serde_json::json!({
                "granularity": "day", "weekday": weekday.map(weekday_name),
                "year_inferred": inferred, "valid": valid,
            }),
        });
    }
    // 2. Month day, year (English).
    for c in t.month_day_year.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if !whole_word(s, m0.start(), m0.end()) || found.taken(m0.start(), m0.end()) {
            continue;
        }
        let Some(month) = month_of(&c["m"]) else {
            continue;
        };
        let Ok(day) = c["d"].parse::<u32>() else {
            continue;
        };
        if !(1..=31).contains(&day) {
            continue;
        }
        let (year, inferred) = match c.name("y").and_then(|y| y.as_str().parse::<i32>().ok()) {
            Some(y) => (Some(y), None),
            None => infer_year(m0.start()).map_or((None, None), |(y, h)| (Some(y), Some(h))),
        };
        let (value, valid) = match year {
            Some(y) => {
                let (v, ok) = day_value(y, month, day);
                (Some(v), ok)
            }
            None => (Some(format!("--{month:02}-{day:02}")), true),
        };
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind: "day",
            value,
            detail: serde_json::json!({
                "granularity": "day", "weekday": wd_of(&c).map(weekday_name),
                "year_inferred": inferred, "valid": valid,
            }),
        });
    }
    // 3. Numeric dates: day-first or month-first, ambiguity kept.
    for c in t.numeric.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if found.taken(m0.start(), m0.end()) {
            continue;
        }
        let (Ok(a), Ok(b), Ok(y)) = (
            c["a"].parse::<u32>(),
            c["b"].parse::<u32>(),
            c["y"].parse::<i32>(),
        ) else {
            continue;
        };
        let day_first = NaiveDate::from_ymd_opt(y, b, a);
        let month_first = NaiveDate::from_ymd_opt(y, a, b);
        let (value, reading) = match (day_first, month_first) {
            (Some(d), Some(m)) if d != m => (format!("{}|{}", d, m), "ambiguous"),
            (Some(d), _) => (d.to_string(), "day-first"),
            (None, Some(m)) => (m.to_string(), "month-first"),
            (None, None) => continue,
        };
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind: "day",
            value: Some(value),
            detail: serde_json::json!({"granularity": "day", "reading": reading, "weekday": wd_of(&c).map(weekday_name), "valid": true}),
        });
    }
    for c in t.iso.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if found.taken(m0.start(), m0.end()) {
            continue;
        }
        let (Ok(y), Ok(m), Ok(d)) = (
            c["y"].parse::<i32>(),
            c["m"].parse::<u32>(),
            c["d"].parse::<u32>(),
        ) else {
            continue;
        };
        if !(1..=12).contains(&m) {
            continue;
        }
        let (v, ok) = day_value(y, m, d);
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind: "day",
            value: Some(v),
            detail: serde_json::json!({"granularity": "day", "valid": ok, "weekday": wd_of(&c).map(weekday_name)}),
        });
    }
    // 4. Month year ("أبريل 2012", "شهر نونبر الماضي", "avril 2012").
    for c in t.month_year.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if !whole_word(s, m0.start(), m0.end()) || found.taken(m0.start(), m0.end()) {
            continue;
        }
        let Some(month) = c
            .name("m2")
            .or(c.name("m"))
            .and_then(|m| month_of(m.as_str()))
        else {
            continue;
        };
        let (kind, value) = match (c.name("y"), c.name("past")) {
            (Some(y), _) => ("month", Some(format!("{}-{month:02}", y.as_str()))),
            (None, Some(p)) => {
                let future = matches!(
                    p.as_str().trim(),
                    "prochain" | "prochaine" | "المقبل" | "القادم"
                );
                let v = page_date.map(|pd| {
                    let y = if future {
                        if month > pd.month() {
                            pd.year()
                        } else {
                            pd.year() + 1
                        }
                    } else {
                        last_occurrence(pd, month, None)
                    };
                    format!("{y}-{month:02}")
                });
                ("relative", v)
            }
            _ => continue,
        };
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind,
            value,
            detail: serde_json::json!({"granularity": "month"}),
        });
    }
    // 5. Relative expressions.
    for c in t.relative.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if !whole_word(s, m0.start(), m0.end()) || found.taken(m0.start(), m0.end()) {
            continue;
        }
        let (value, granularity) = match page_date {
            None => (None, "unknown"),
            Some(p) => {
                if c.name("last_year").is_some() {
                    (Some((p.year() - 1).to_string()), "year")
                } else if c.name("this_year").is_some() {
                    (Some(p.year().to_string()), "year")
                } else if c.name("next_year").is_some() {
                    (Some((p.year() + 1).to_string()), "year")
                } else if c.name("last_month").is_some() {
                    let d = p.with_day(1).and_then(|d| d.pred_opt()).unwrap_or(p);
                    (Some(format!("{}-{:02}", d.year(), d.month())), "month")
                } else if c.name("next_month").is_some() {
                    let d = p.with_day(28).map(|d| d + Duration::days(7)).unwrap_or(p);
                    (Some(format!("{}-{:02}", d.year(), d.month())), "month")
                } else if c.name("yesterday").is_some() {
                    (Some((p - Duration::days(1)).to_string()), "day")
                } else if c.name("tomorrow").is_some() {
                    (Some((p + Duration::days(1)).to_string()), "day")
                } else if let Some(m) = c.name("lm").and_then(|m| month_of(m.as_str())) {
                    (
                        Some(format!("{}-{m:02}", last_occurrence(p, m, None))),
                        "month",
                    )
                } else if let Some(w) = c
                    .name("wd1")
                    .or(c.name("wd2"))
                    .and_then(|w| t.weekdays.get(w.as_str()).copied())
                {
                    let mut d = p - Duration::days(1);
                    while d.weekday() != weekday_of(w) {
                        d -= Duration::days(1);
                    }
                    (Some(d.to_string()), "day")
                } else {
                    (None, "unknown")
                }
            }
        };
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind: "relative",
            value,
            detail: serde_json::json!({"granularity": granularity}),
        });
    }
    // 6. Years alone.
    for c in t.year.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if found.taken(m0.start(), m0.end()) {
            continue;
        }
        // Not a year when it is a quantity ("2000 جندي" is caught by numbers only if followed by %).
        let after = s[m0.end()..].chars().next();
        if matches!(after, Some('%' | '/' | '.' | ','))
            && s[m0.end()..]
                .chars()
                .nth(1)
                .map(|c| c.is_ascii_digit())
                .unwrap_or(false)
        {
            continue;
        }
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind: "year",
            value: Some(c["y"].to_string()),
            detail: serde_json::json!({"granularity": "year"}),
        });
    }
    // 7. Weekdays on their own (with the article, or Latin), resolved to the latest such day.
    for c in t.weekday_alone.captures_iter(s) {
        let m0 = c.get(0).expect("match");
        if !whole_word(s, m0.start(), m0.end()) || found.taken(m0.start(), m0.end()) {
            continue;
        }
        let w = t.weekdays.get(m0.as_str()).copied().unwrap_or(7);
        let value = page_date.map(|p| {
            let mut d = p;
            while d.weekday() != weekday_of(w) {
                d -= Duration::days(1);
            }
            d.to_string()
        });
        found.push(Found {
            start: m0.start(),
            end: m0.end(),
            kind: "weekday",
            value,
            detail: serde_json::json!({"weekday": weekday_name(w), "granularity": "day"}),
        });
    }
    // Times glued after a day: "03/21/2016 - 12:16", "23 أبريل 2024 , 15:44".
    for f in found.found.iter_mut().filter(|f| f.kind == "day") {
        if let Some(c) = t.time.captures(&s[f.end..]) {
            let (Ok(h), Ok(mi)) = (c["h"].parse::<u32>(), c["mi"].parse::<u32>()) else {
                continue;
            };
            if h < 24 && mi < 60 {
                f.end += c.get(0).expect("match").end();
                f.kind = "time";
                if let Some(v) = &f.value {
                    if !v.starts_with("--") {
                        let with_time: Vec<String> = v
                            .split('|')
                            .map(|d| format!("{d}T{h:02}:{mi:02}"))
                            .collect();
                        f.value = Some(with_time.join("|"));
                    }
                }
                f.detail["granularity"] = serde_json::json!("time");
            }
        }
    }
    let mut found = found.found;
    found.sort_by_key(|f| f.start);
    found
        .into_iter()
        .map(|f| {
            let (start, end) = n.bytes_to_original(f.start, f.end);
            Item {
                category: "date",
                kind: f.kind,
                start,
                end,
                value: f.value,
                detail: f.detail,
            }
        })
        .filter(|i| i.start < i.end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str, page: Option<&str>) -> Vec<(String, &'static str, Option<String>)> {
        let n = Normalized::new(text);
        let p = page.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
        let chars: Vec<char> = text.chars().collect();
        extract(&n, p)
            .into_iter()
            .map(|i| (chars[i.start..i.end].iter().collect(), i.kind, i.value))
            .collect()
    }

    #[test]
    fn arabic_month_systems_and_weekdays() {
        let d = dates(
            "كشف الموقع الخميس الماضي الموافق 17 مارس 2016، عن اتفاق",
            None,
        );
        assert_eq!(
            d[0],
            (
                "الخميس الماضي الموافق 17 مارس 2016".into(),
                "day",
                Some("2016-03-17".into())
            )
        );
        let d = dates(
            "في 19 تشرين الأول/ أكتوبر أن رؤساء الأركان",
            Some("2009-10-25"),
        );
        assert_eq!(
            d[0],
            (
                "19 تشرين الأول/ أكتوبر".into(),
                "day",
                Some("2009-10-19".into())
            )
        );
        let d = dates(
            "بعد تفجيرات الدار البيضاء في ماي 2003، وفي شهر نونبر الماضي",
            Some("2013-04-10"),
        );
        assert_eq!(d[0].2.as_deref(), Some("2003-05"));
        assert_eq!(
            d[1],
            (
                "شهر نونبر الماضي".into(),
                "relative",
                Some("2012-11".into())
            )
        );
        let d = dates("يوم ١٧ يناير ٢٠١٣ وصلت رسالة", None);
        assert_eq!(d[0].2.as_deref(), Some("2013-01-17"));
    }

    #[test]
    fn numeric_and_datelines() {
        let d = dates("اثنين, 03/21/2016 - 12:16", None);
        assert_eq!(
            d[0],
            (
                "اثنين, 03/21/2016 - 12:16".into(),
                "time",
                Some("2016-03-21T12:16".into())
            )
        );
        let d = dates("التاريخ: 25/10/2009 DECL: 10/20/2029 et 03/04/2012", None);
        let v: Vec<_> = d.iter().map(|x| x.2.clone().unwrap()).collect();
        assert_eq!(v, ["2009-10-25", "2029-10-20", "2012-04-03|2012-03-04"]);
        let d = dates("23 أبريل 2024 , 15:44", None);
        assert_eq!(d[0].2.as_deref(), Some("2024-04-23T15:44"));
    }

    #[test]
    fn relative_dates_resolve_against_the_page() {
        let d = dates(
            "الهجوم على القنصلية يوم 11 سبتمبر الماضي، ونهاية العام الماضي",
            Some("2024-04-23"),
        );
        assert_eq!(
            d[0],
            (
                "11 سبتمبر الماضي".into(),
                "relative",
                Some("2023-09-11".into())
            )
        );
        assert_eq!(d[1].2.as_deref(), Some("2023"));
        let d = dates(
            "Le 29 février dernier, puis last September and last year.",
            Some("2013-03-10"),
        );
        assert_eq!(d[0].2.as_deref(), Some("2013-02-29"));
        assert_eq!(d[1].2.as_deref(), Some("2012-09"));
        assert_eq!(d[2].2.as_deref(), Some("2012"));
        let d = dates(
            "Quelques temps plus tôt, le 12 avril 2012, et en janvier 2013, dès 2010.",
            None,
        );
        let v: Vec<_> = d.iter().map(|x| x.2.clone().unwrap()).collect();
        assert_eq!(v, ["2012-04-12", "2013-01", "2010"]);
    }

    #[test]
    fn a_date_without_year_takes_the_documents_own_year() {
        let d = dates(
            "التاريخ: 25/10/2009 DECL: 10/20/2029 ... في 19 تشرين الأول/ أكتوبر",
            None,
        );
        assert_eq!(d[2].2.as_deref(), Some("2009-10-19"));
    }

    #[test]
    fn weekday_with_date_but_no_year_takes_the_page_year() {
        let d = dates(
            "وكان الموقع قد نشر الأربعاء 17 مارس محتوى",
            Some("2016-03-21"),
        );
        assert_eq!(d[0].0, "الأربعاء 17 مارس");
        assert_eq!(d[0].2.as_deref(), Some("2016-03-17"));
    }
}
