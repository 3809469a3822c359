//! Numbers: digits in any script (the normaliser makes them ASCII) with grouping ("30 322",
//! "50,000", "50.000") and decimals ("2.3", "2,3"), scale words ("2.3 مليون", "3 millions"),
//! number words ("ثلاثين ألف", "trente mille", "twenty-five") and the Arabic dual ("عامان" = 2
//! years), each with its unit or counted noun when one follows.
//!
//! Value: the number as a plain decimal string. Type: `percent`, `money`, `measure` (from
//! `data/text/number_units.tsv`) or `count`. Digits glued to letters (km2, G5, Covid-19, hashes)
//! and "5+5" are not numbers of the story; the text layer drops numbers inside dates and ids.

use super::Item;
use crate::text::normalize::{normalize, Normalized};
use crate::text::FastChar;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

struct Tables {
    words: HashMap<String, (f64, &'static str)>,
    units: Vec<(String, &'static str)>,
    duals: HashMap<String, String>,
    digits: Regex,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let rows = |data: &'static str| {
            data.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|l| l.split('\t').map(str::trim).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let words = rows(include_str!("../../../data/text/number_words.tsv"))
            .into_iter()
            .filter_map(|f| {
                let role = match *f.get(2)? {
                    "hundred" => "hundred",
                    "scale" => "scale",
                    _ => "unit",
                };
                Some((normalize(f.first()?), (f.get(1)?.parse().ok()?, role)))
            })
            .collect();
        let mut units: Vec<(String, &'static str)> =
            rows(include_str!("../../../data/text/number_units.tsv"))
                .into_iter()
                .filter_map(|f| {
                    let kind = match *f.first()? {
                        "percent" => "percent",
                        "money" => "money",
                        _ => "measure",
                    };
                    Some((normalize(f.get(1)?), kind))
                })
                .collect();
        units.sort_by_key(|(u, _)| std::cmp::Reverse(u.len()));
        let duals = rows(include_str!("../../../data/text/dual_nouns.tsv"))
            .into_iter()
            .filter_map(|f| Some((normalize(f.first()?), f.get(1)?.to_string())))
            .collect();
        Tables {
            words,
            units,
            duals,
            digits: Regex::new(
                r"[0-9]{1,3}(?:(?: |,|\.)[0-9]{3})+(?:[.,][0-9]+)?|[0-9]+(?:[.,][0-9]+)?",
            )
            .expect("number regex"),
        }
    })
}

/// The value of a digit string: "50,000" and "50.000" and "30 322" are grouped thousands; "2.3"
/// and "2,3" are decimals.
fn digit_value(s: &str) -> Option<f64> {
    let groups: Vec<&str> = s.split([' ', ',', '.']).collect();
    let seps: Vec<char> = s.chars().filter(|c| matches!(c, ' ' | ',' | '.')).collect();
    if groups.len() == 1 {
        return s.parse().ok();
    }
    let last = groups.last()?;
    // One separator followed by other than three digits, or a different last separator: decimal.
    let decimal_last = last.len() != 3 || (seps.len() > 1 && seps[seps.len() - 1] != seps[0]);
    if decimal_last && *seps.last()? != ' ' {
        let int: String = groups[..groups.len() - 1].concat();
        return format!("{int}.{last}").parse().ok();
    }
    groups.concat().parse().ok()
}

fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Splits a normalised word of its Arabic conjunction ("وعشرين" -> "عشرين").
fn strip_waw(w: &str) -> &str {
    if w.starts_with('و') && w.chars().count() > 3 {
        &w['و'.len_utf8()..]
    } else {
        w
    }
}

/// The words of `s` as (byte start, byte end, word), hyphens splitting "vingt-cinq".
fn words(s: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let w = c.is_word() || c == '%' || c == '$' || c == '€';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len(), &s[st..]));
    }
    out
}

/// The first word of `s` (byte span and text), scanning no further than it.
fn first_word(s: &str) -> Option<(usize, usize, &str)> {
    let mut start = None;
    for (i, c) in s.char_indices() {
        let w = c.is_word() || c == '%' || c == '$' || c == '€';
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => return Some((st, i, &s[st..i])),
            (false, None) if i > 64 => return None,
            _ => {}
        }
    }
    start.map(|st| (st, s.len(), &s[st..]))
}

/// Combines a run of number words and scale words into one value.
fn combine(values: &[(f64, &str)]) -> f64 {
    let (mut total, mut current) = (0.0, 0.0);
    for &(v, role) in values {
        match role {
            "hundred" => current = if current == 0.0 { v } else { current * v },
            "scale" => {
                total += if current == 0.0 { 1.0 } else { current } * v;
                current = 0.0;
            }
            _ => current += v,
        }
    }
    total + current
}

/// The unit after a number (byte position `end`), as (unit text end, unit, type).
fn unit_after(s: &str, end: usize) -> (usize, Option<String>, &'static str) {
    let t = tables();
    let rest = &s[end..];
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    for (u, kind) in &t.units {
        if trimmed.starts_with(u.as_str()) {
            let after = trimmed[u.len()..].chars().next();
            if !after.map(char::is_word).unwrap_or(false) || u == "%" {
                return (end + skipped + u.len(), Some(u.clone()), kind);
            }
        }
    }
    // Otherwise the counted noun: the next word, when it is not a function word.
    let next = first_word(trimmed);
    let noun = next.and_then(|(a, b, w)| {
        let stop = crate::text::tokens::stopwords("ar").contains(w)
            || crate::text::tokens::stopwords("fr").contains(w)
            || crate::text::tokens::stopwords("en").contains(w)
            || w.chars().all(|c| c.is_ascii_digit());
        (a == 0 && !stop && b > 0).then(|| w.to_string())
    });
    (end, noun, "count")
}

/// Extracts the numbers of a normalised text.
/// The value of a number word below a hundred (`deux`, `ثلاثة`, `ten`), normalised first; `None`
/// for other words. "un/une/one" are not in the table (they are articles far more often).
pub fn unit_word_value(word: &str) -> Option<f64> {
    match tables().words.get(&normalize(word))? {
        (v, "unit") => Some(*v),
        _ => None,
    }
}

pub fn extract(n: &Normalized) -> Vec<Item> {
    let t = tables();
    let s = n.text.as_str();
    let mut out: Vec<(usize, usize, f64, Option<String>, &'static str)> = Vec::new();
    // Digits, with an optional scale word after them.
    for m in t.digits.find_iter(s) {
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        if before
            .map(|c| c.is_word() || c == '+' || c == '_')
            .unwrap_or(false)
            || after
                .map(|c| {
                    c.is_letter() && !crate::text::tokens::is_arabic_letter(c)
                        || c == '+'
                        || c == '_'
                })
                .unwrap_or(false)
            || (before == Some('-')
                && s[..m.start() - 1]
                    .chars()
                    .next_back()
                    .map(char::is_word)
                    .unwrap_or(false))
        {
            continue;
        }
        let Some(mut v) = digit_value(m.as_str()) else {
            continue;
        };
        let mut end = m.end();
        if let Some((a, b, w)) = first_word(&s[end..]) {
            if let Some(&(scale, "scale")) = t.words.get(w) {
                if s[end..end + a].trim().is_empty() {
                    v *= scale;
                    end += b;
                }
            }
        }
        let (uend, unit, kind) = unit_after(s, end);
        let end = if kind == "percent"
            || kind == "money" && unit.as_deref().map(|u| u.len() <= 3).unwrap_or(false)
        {
            uend
        } else {
            end
        };
        out.push((m.start(), end, v, unit, kind));
    }
    // Runs of number words ("ثلاثين ألف", "trente mille", "twenty-five").
    let ws = words(s);
    let mut i = 0;
    while i < ws.len() {
        let mut j = i;
        let mut vals = Vec::new();
        while j < ws.len() {
            let w = ws[j].2;
            let hit = t.words.get(w).or_else(|| {
                if j > i {
                    t.words.get(strip_waw(w))
                } else {
                    None
                }
            });
            match hit {
                Some(&(v, role)) => vals.push((v, role)),
                None if j > i && matches!(w, "et" | "and") => {}
                None => break,
            }
            j += 1;
        }
        // Trailing "et"/"and" is not part of the number.
        while j > i && matches!(ws[j - 1].2, "et" | "and") {
            j -= 1;
        }
        if vals.is_empty() || j == i {
            i += 1;
            continue;
        }
        // A scale word alone ("millions de", "آلاف") is a quantity word, not a number.
        let lone_scale = vals.len() == 1 && vals[0].1 != "unit";
        let (start, end) = (ws[i].0, ws[j - 1].1);
        if !lone_scale && !out.iter().any(|o| start < o.1 && o.0 < end) {
            let v = combine(&vals);
            let (_, unit, kind) = unit_after(s, end);
            out.push((start, end, v, unit, kind));
        }
        i = j.max(i + 1);
    }
    // Arabic duals.
    for (a, b, w) in ws {
        let w0 = if let Some(noun) = t.duals.get(w) {
            Some(noun)
        } else {
            t.duals.get(strip_waw(w))
        };
        if let Some(noun) = w0 {
            if !out.iter().any(|o| a < o.1 && o.0 < b) {
                out.push((a, b, 2.0, Some(noun.clone()), "count"));
            }
        }
    }
    out.sort_by_key(|o| o.0);
    out.into_iter()
        .map(|(a, b, v, unit, kind)| {
            let (start, end) = n.bytes_to_original(a, b);
            Item {
                category: "number",
                kind,
                start,
                end,
                value: Some(plain(v)),
                detail: serde_json::json!({"unit": unit}),
            }
        })
        .filter(|i| i.start < i.end)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str) -> Vec<(String, String, &'static str)> {
        let n = Normalized::new(text);
        let chars: Vec<char> = text.chars().collect();
        extract(&n)
            .into_iter()
            .map(|i| {
                (
                    chars[i.start..i.end].iter().collect(),
                    i.value.unwrap(),
                    i.kind,
                )
            })
            .collect()
    }

    #[test]
    fn digits_grouping_decimals_scales() {
        let v = nums("تبلغ مساحتها 2.3 مليون كلم2 وعدد سكانها 34 مليون نسمة، وكل مهمة ستكلف حوالى 50,000 دولار");
        let values: Vec<&str> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(values, ["2300000", "34000000", "50000"], "{v:?}");
        assert_eq!(v[2].2, "money");
        let v = nums("Il y a 30 322 électeurs, soit 2,5 % et 1.500 euros.");
        assert_eq!(v[0].1, "30322");
        assert_eq!((v[1].1.as_str(), v[1].2), ("2.5", "percent"));
        assert_eq!((v[2].1.as_str(), v[2].2), ("1500", "money"));
    }

    #[test]
    fn number_words_and_duals() {
        let v = nums(
            "أكثر من ثلاثين ألف رسالة، والحرب التي استمرت عشرين عاماً، والاتفاق الذي مضى عليه عامان",
        );
        let values: Vec<&str> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(values, ["30000", "20", "2"], "{v:?}");
        let v = nums("trente mille manifestants et vingt-cinq blessés; twenty-five people");
        let values: Vec<&str> = v.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(values, ["30000", "25", "25"], "{v:?}");
    }

    #[test]
    fn glued_digits_are_not_numbers() {
        assert!(nums("le G5 Sahel, la Covid-19, le groupe 5+5 et le hash 3f6cd99").is_empty());
        assert_eq!(nums("800 salariés")[0].1, "800");
    }
}
