//! Sourcing cues: attribution (with the source phrase it attaches to), anonymous sources, hedging,
//! quotations, source URLs, cable ids (Latin and Arabic forms, normalised to `09ALGIERS948`), other
//! document ids, and "(بتصرف)" / "adapted from" credits with the outlet they name.
//!
//! Patterns live in `data/text/cues.tsv` (over the normalised text) and the cable posts in
//! `data/text/cable_posts.tsv`; URLs and Latin cable ids are found in the original text, where case
//! matters.

use super::{byte_to_char, slice_chars, Item};
use crate::text::normalize::{normalize, Normalized};
use crate::text::FastChar;
use regex::Regex;
use std::sync::OnceLock;

struct CuePattern {
    kind: &'static str,
    lang: String,
    role: String,
    re: Regex,
}

fn patterns() -> &'static Vec<CuePattern> {
    static P: OnceLock<Vec<CuePattern>> = OnceLock::new();
    P.get_or_init(|| {
        include_str!("../../../data/text/cues.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.splitn(4, '\t');
                let kind = match f.next()? {
                    "attribution" => "attribution",
                    "anonymous_source" => "anonymous_source",
                    "hedging" => "hedging",
                    _ => return None,
                };
                let lang = f.next()?.to_string();
                let role = f.next()?.to_string();
                let re = compile_edges(f.next()?)?;
                Some(CuePattern {
                    kind,
                    lang,
                    role,
                    re,
                })
            })
            .collect()
    })
}

/// True when a cue's text is an explicit credit: a preposition that introduces its source
/// ("selon", "according to", "بحسب") or an anonymous source, as opposed to a reporting verb
/// ("said", "a annoncé"), which often reports the speaker's own act.
pub fn is_explicit_credit(text: &str, lang: &str) -> bool {
    let n = format!(" {} ", normalize(text));
    patterns().iter().any(|p| {
        (p.role == "prep" || p.kind == "anonymous_source")
            && p.kind != "hedging"
            && lang_ok(&p.lang, lang)
            && p.re.is_match(&n)
    })
}

/// Compiles a data-file pattern with its word boundaries written as characters: a leading `\b`
/// becomes "start of line or a non-word character", a trailing one "end of line or a non-word
/// character", others are dropped. A Unicode `\b` sends the regex crate to its slowest engine on
/// any non-ASCII text; a character class does not. [`trim_edges`] takes the consumed characters
/// back off the match.
fn compile_edges(pat: &str) -> Option<Regex> {
    let mut body = pat.to_string();
    let lead = body.starts_with("\\b");
    if lead {
        body = body["\\b".len()..].to_string();
    }
    let trail = body.ends_with("\\b");
    if trail {
        body.truncate(body.len() - "\\b".len());
    }
    let body = body.replace("\\b", "");
    let pattern = format!(
        "(?m){}{body}{}",
        if lead { r"(?:^|[^\w])" } else { "" },
        if trail { r"(?:$|[^\w])" } else { "" }
    );
    Regex::new(&pattern).ok()
}

/// A match without the boundary characters [`compile_edges`] made it consume.
fn trim_edges(s: &str, start: usize, end: usize) -> (usize, usize) {
    let mut start = start;
    let mut end = end;
    if let Some(c) = s[start..end].chars().next() {
        if !c.is_word() {
            start += c.len_utf8();
        }
    }
    if let Some(c) = s[start..end].chars().next_back() {
        if !c.is_word() && !matches!(c, ')' | '"') {
            end -= c.len_utf8();
        }
    }
    (start, end.max(start))
}

fn cable_posts() -> &'static Vec<(String, Vec<String>)> {
    static C: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    C.get_or_init(|| {
        include_str!("../../../data/text/cable_posts.tsv")
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (latin, ar) = l.split_once('\t')?;
                Some((latin.to_string(), ar.split('|').map(normalize).collect()))
            })
            .collect()
    })
}

fn arabic_cable_re() -> &'static (Regex, Vec<(String, String)>) {
    static R: OnceLock<(Regex, Vec<(String, String)>)> = OnceLock::new();
    R.get_or_init(|| {
        let mut names: Vec<(String, String)> = cable_posts()
            .iter()
            .flat_map(|(latin, ars)| ars.iter().map(move |a| (a.clone(), latin.clone())))
            .collect();
        names.sort_by_key(|(a, _)| std::cmp::Reverse(a.chars().count()));
        let alt: Vec<String> = names.iter().map(|(a, _)| regex::escape(a)).collect();
        let re = Regex::new(&format!(
            r"(?-u:\b)([0-9]{{2}})\s+({})\s+([0-9]{{1,6}})(?-u:\b)",
            alt.join("|")
        ))
        .expect("cable regex");
        (re, names)
    })
}

/// Characters at the top of a page where a cable header is looked for.
const HEADER_CHARS: usize = 600;

/// The two-digit year of a cable from the top of its page: the first year written there, except
/// one that follows "DECL" (the declassification date, years later).
fn header_year(original: &str) -> Option<String> {
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let re = static_re(&YEAR, r"(?-u:\b)(19[5-9][0-9]|20[0-9]{2})(?-u:\b)");
    let top: String = original.chars().take(HEADER_CHARS).collect();
    re.find_iter(&top)
        .find(|m| {
            let before = &top[..m.start()];
            let tail: String = before.chars().rev().take(16).collect::<String>();
            !tail.chars().rev().collect::<String>().contains("DECL")
        })
        .map(|m| m.as_str()[2..].to_string())
}

fn static_re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// The word spans (normalised byte offsets) of `s` between `from` and `to`.
fn words(s: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s[from..to].char_indices() {
        let i = from + i;
        let word_char = c.is_word() || c == '\'' || c == '-' || c == '"';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, to));
    }
    out
}

/// How far (bytes) a clause reaches from its cue at most: a claim is at most
/// `segment::MAX_SEGMENT` characters.
const CLAUSE_REACH: usize = 2400;

/// The clause limits around a byte position: the nearest punctuation on either side.
fn clause_bounds(s: &str, at: usize, end: usize) -> (usize, usize) {
    let is_break = |c: char| {
        matches!(
            c,
            '.' | ',' | '،' | ';' | '؛' | ':' | '!' | '?' | '؟' | '(' | ')' | '\n'
        )
    };
    // A clause is looked for within CLAUSE_REACH bytes on either side: text without punctuation
    // must not make every cue read the whole page.
    let floor = {
        let mut f = at.saturating_sub(CLAUSE_REACH);
        while !s.is_char_boundary(f) {
            f -= 1;
        }
        f
    };
    let ceil = {
        let mut c = (end + CLAUSE_REACH).min(s.len());
        while !s.is_char_boundary(c) {
            c += 1;
        }
        c
    };
    let left = s[floor..at]
        .char_indices()
        .rev()
        .find(|(_, c)| is_break(*c))
        .map(|(i, c)| floor + i + c.len_utf8())
        .unwrap_or(floor);
    let right = s[end..ceil].find(is_break).map(|i| end + i).unwrap_or(ceil);
    (left, right)
}

/// The source phrase after a preposition or verb (up to 8 words, stopping at a clause start).
fn source_after(s: &str, from: usize, clause_end: usize, verb: bool) -> Option<(usize, usize)> {
    let ws = words(s, from, clause_end);
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for (i, &(a, b)) in ws.iter().enumerate() {
        let w = &s[a..b];
        if taken.is_empty() && crate::text::lists::list("reporting_adverbs").contains(&w) {
            continue;
        }
        if taken.is_empty() && verb && crate::text::lists::list("source_stop").contains(&w) {
            return None;
        }
        if !taken.is_empty()
            && (crate::text::lists::list("source_stop").contains(&w) && w != "de" || i >= 8)
        {
            break;
        }
        taken.push((a, b));
    }
    Some((taken.first()?.0, taken.last()?.1))
}

/// The source phrase before a verb within its clause (up to 6 words), skipping auxiliaries.
fn source_before(s: &str, clause_start: usize, verb_start: usize) -> Option<(usize, usize)> {
    let mut ws = words(s, clause_start, verb_start);
    while ws
        .last()
        .map(|&(a, b)| crate::text::lists::list("reporting_auxiliaries").contains(&&s[a..b]))
        .unwrap_or(false)
    {
        ws.pop();
    }
    while ws
        .first()
        .map(|&(a, b)| {
            crate::text::lists::list("reporting_auxiliaries").contains(&&s[a..b]) || &s[a..b] == "و"
        })
        .unwrap_or(false)
    {
        ws.remove(0);
    }
    let ws: Vec<_> = ws.iter().rev().take(6).rev().copied().collect();
    Some((ws.first()?.0, ws.last()?.1))
}

fn lang_ok(pattern_lang: &str, lang: &str) -> bool {
    pattern_lang == "all" || pattern_lang == lang || (pattern_lang == "ar" && lang == "ar")
}

/// Extracts the cues of a text. `lang` is the document's language; Arabic patterns also run on
/// Arabic passages of other documents (they cannot match Latin text).
pub fn extract(original: &str, n: &Normalized, lang: &str) -> Vec<Item> {
    let s = n.text.as_str();
    let ochars: Vec<char> = original.chars().collect();
    let mut out = Vec::new();
    let mut push = |kind: &'static str,
                    bs: usize,
                    be: usize,
                    value: Option<String>,
                    detail: serde_json::Value| {
        let (os, oe) = n.bytes_to_original(bs, be);
        if os < oe {
            out.push(Item {
                category: "cue",
                kind,
                start: os,
                end: oe,
                value,
                detail,
            });
        }
    };
    for p in patterns() {
        if !(lang_ok(&p.lang, lang) || p.lang == "ar") {
            continue;
        }
        for m in p.re.find_iter(s) {
            let (ms, me) = trim_edges(s, m.start(), m.end());
            if ms >= me {
                continue;
            }
            match (p.kind, p.role.as_str()) {
                ("attribution", "prep") | ("attribution", "verb") => {
                    let (cs, ce) = clause_bounds(s, ms, me);
                    let verb = p.role == "verb";
                    let after = source_after(s, me, ce, verb);
                    let before = if verb && after.is_none() {
                        source_before(s, cs, ms)
                    } else {
                        None
                    };
                    let Some((ss, se)) = after.or(before) else {
                        // A reporting verb with no source in its clause is not an attribution.
                        if verb {
                            continue;
                        }
                        push(
                            p.kind,
                            ms,
                            me,
                            None,
                            serde_json::json!({"trigger": &s[ms..me]}),
                        );
                        continue;
                    };
                    let (os, oe) = n.bytes_to_original(ss, se);
                    let source = slice_chars(&ochars, os, oe);
                    push(
                        p.kind,
                        ms.min(ss),
                        me.max(se),
                        Some(source.clone()),
                        serde_json::json!({"trigger": &s[ms..me], "source": source}),
                    );
                }
                ("attribution", _) => {
                    let (os, oe) = n.bytes_to_original(ms, me);
                    let agency = slice_chars(&ochars, os, oe);
                    let agency = agency
                        .trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
                        .to_string();
                    push(
                        p.kind,
                        ms,
                        me,
                        Some(agency.clone()),
                        serde_json::json!({"agency": agency}),
                    );
                }
                (kind, _) => {
                    // A bare "مصدر"/"sources" needs at least one qualifier to be an anonymous source.
                    if kind == "anonymous_source" && !s[ms..me].trim().contains(' ') {
                        continue;
                    }
                    // Accent folding makes the imperfect "espérait" look like a conditional.
                    if kind == "hedging" && p.lang == "fr" {
                        let (os, oe) = n.bytes_to_original(ms, me);
                        let first: String = slice_chars(&ochars, os, oe)
                            .to_lowercase()
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_string();
                        if first.ends_with("érait") || first.ends_with("éraient") {
                            continue;
                        }
                    }
                    push(
                        kind,
                        ms,
                        me,
                        None,
                        serde_json::json!({"trigger": s[ms..me].trim()}),
                    );
                }
            }
        }
    }

    // Quotations of three words or more (shorter quoted strings are names or scare quotes). The
    // normaliser turns every quotation mark into `"`; marks pair up left to right within a line.
    for (qs, qe) in quotation_spans(s) {
        if s[qs + 1..qe - 1].split_whitespace().count() >= 3 {
            push("quote", qs, qe, None, serde_json::json!({}));
        }
    }

    // Source URLs and "source:" lines, in the original text (case matters in URLs).
    static URL: OnceLock<Regex> = OnceLock::new();
    let ure = static_re(&URL, r#"(?i)(?-u:\b)(?:https?://|www\.)[^\s<>"«»“”]+"#);
    for m in ure.find_iter(original) {
        let url = m.as_str().trim_end_matches(|c: char| {
            matches!(c, '.' | ',' | ';' | ':' | ')' | ']' | '!' | '?' | '،')
        });
        let os = byte_to_char(original, m.start());
        let span = (os, os + url.chars().count());
        out.push(cue(
            "source_url",
            span,
            Some(url.to_string()),
            serde_json::json!({"host": host(url)}),
        ));
    }

    // Cable ids: 09ALGIERS948 (Latin, original text) and "09 الجزائر 948" (Arabic, normalised).
    // ASCII word boundaries: a Unicode \b would make the regex engine crawl over Arabic text.
    static CABLE: OnceLock<Regex> = OnceLock::new();
    let cre = static_re(
        &CABLE,
        r"(?-u:\b)([0-9]{2}) ?([A-Z]{4,}|[A-Z]{3,} ?[A-Z]{3,}) ?([0-9]{1,6})(?-u:\b)",
    );
    let posts = cable_posts();
    for c in cre.captures_iter(original) {
        let post: String = c[2].chars().filter(|c| !c.is_whitespace()).collect();
        if !posts.iter().any(|(p, _)| *p == post) {
            continue;
        }
        let m = c.get(0).expect("match");
        let value = format!("{}{}{}", &c[1], post, c[3].trim_start_matches('0'));
        let os = byte_to_char(original, m.start());
        let span = (os, os + m.as_str().chars().count());
        out.push(cue("cable_id", span, Some(value), serde_json::json!({})));
    }
    let (are, names) = arabic_cable_re();
    for c in are.captures_iter(s) {
        let Some((_, latin)) = names.iter().find(|(a, _)| *a == c[2]) else {
            continue;
        };
        let m = c.get(0).expect("match");
        let value = format!("{}{}{}", &c[1], latin, c[3].trim_start_matches('0'));
        let span = n.bytes_to_original(m.start(), m.end());
        out.push(cue(
            "cable_id",
            span,
            Some(value),
            serde_json::json!({"form": "arabic"}),
        ));
    }

    // A cable's own header names its post and number without the year ("ALGIERS 000948",
    // "الجزائر 000000948"): the year is the first one the top of the page states, a
    // declassification date ("DECL: 10/20/2029") aside.
    if let Some(yy) = header_year(original) {
        static HEADER: OnceLock<Regex> = OnceLock::new();
        let hre = static_re(&HEADER, r"(?-u:\b)([A-Z]{4,}) (0{2,}[0-9]{1,6})(?-u:\b)");
        for c in hre.captures_iter(original) {
            let m = c.get(0).expect("match");
            if m.start() > HEADER_CHARS || !posts.iter().any(|(p, _)| *p == c[1]) {
                continue;
            }
            let value = format!("{yy}{}{}", &c[1], c[2].trim_start_matches('0'));
            let os = byte_to_char(original, m.start());
            let span = (os, os + m.as_str().chars().count());
            out.push(cue(
                "cable_id",
                span,
                Some(value),
                serde_json::json!({"form": "header"}),
            ));
        }
        for (ar, latin) in names {
            let pat = format!("{ar} 00");
            let mut from = 0;
            while let Some(i) = s[from..].find(&pat) {
                let at = from + i;
                from = at + pat.len();
                let digits: String = s[at + ar.len() + 1..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                if at > HEADER_CHARS * 2 || digits.len() > 9 {
                    continue;
                }
                let end = at + ar.len() + 1 + digits.len();
                let span = n.bytes_to_original(at, end);
                out.push(cue(
                    "cable_id",
                    span,
                    Some(format!("{yy}{latin}{}", digits.trim_start_matches('0'))),
                    serde_json::json!({"form": "header"}),
                ));
            }
        }
    }

    // Other document ids: UN documents, resolutions, executive orders.
    static DOC: OnceLock<Regex> = OnceLock::new();
    let dre = static_re(
        &DOC,
        r"(?i)(?:(?-u:\b)s/[0-9]{4}/[0-9]+|(?:(?-u:\b)resolution|القرار(?: رقم)?|قرار مجلس الامن(?: رقم)?)\s+[0-9]{3,4}|(?-u:\b)e\.o\.\s?[0-9]{5})(?-u:\b)",
    );
    for m in dre.find_iter(s) {
        let span = n.bytes_to_original(m.start(), m.end());
        let written = slice_chars(&ochars, span.0, span.1);
        // A Security Council resolution has one id whatever the language: S/RES/2085.
        let value = if m.as_str().starts_with('r') || m.as_str().contains("قرار") {
            let number: String = m.as_str().chars().filter(char::is_ascii_digit).collect();
            format!("S/RES/{number}")
        } else {
            written.to_uppercase()
        };
        out.push(cue(
            "document_id",
            span,
            Some(value),
            serde_json::json!({"written": written}),
        ));
    }

    // Adapted-from credits: "المحور(بتصرف)" (the outlet is what precedes the marker on its line),
    // "بتصرف عن X", "adapted from X", "adapté de X".
    static ADAPT_MARK: OnceLock<Regex> = OnceLock::new();
    let mark = static_re(&ADAPT_MARK, r"\(\s*بتصرف\s*\)");
    for m in mark.find_iter(s) {
        let line_start = s[..m.start()]
            .rfind(['\n', '.', '،', ':'])
            .map(|i| i + s[i..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let before = &s[line_start..m.start()];
        let lead = before.len() - before.trim_start().len();
        let outlet_span = (line_start + lead, line_start + before.trim_end().len());
        let outlet = (outlet_span.0 < outlet_span.1 && before.split_whitespace().count() <= 4)
            .then(|| {
                let (os, oe) = n.bytes_to_original(outlet_span.0, outlet_span.1);
                slice_chars(&ochars, os, oe).trim().to_string()
            });
        let start = if outlet.is_some() {
            outlet_span.0
        } else {
            m.start()
        };
        let span = n.bytes_to_original(start, m.end());
        out.push(cue(
            "adapted_from",
            span,
            outlet.clone(),
            serde_json::json!({"outlet": outlet}),
        ));
    }
    static ADAPT_TEXT: OnceLock<Regex> = OnceLock::new();
    let adapt = static_re(
        &ADAPT_TEXT,
        r"بتصرف\s+عن\s+([^\s.,،\n]+(?:\s+[^\s.,،\n]+){0,2})|(?-u:\b)(?:adapted from|adaptee? (?:de|d'apres))\s+([^.,;\n]{2,60})",
    );
    for c in adapt.captures_iter(s) {
        let m = c.get(0).expect("match");
        let g = c.get(1).or(c.get(2)).expect("group");
        let (gs, ge) = n.bytes_to_original(g.start(), g.end());
        let outlet = slice_chars(&ochars, gs, ge).trim().to_string();
        let span = n.bytes_to_original(m.start(), m.end());
        out.push(cue(
            "adapted_from",
            span,
            Some(outlet.clone()),
            serde_json::json!({"outlet": outlet}),
        ));
    }
    // Words inside a URL are not cues ("...-aurait-encourage-..." in a link).
    let urls: Vec<(usize, usize)> = out
        .iter()
        .filter(|i| i.kind == "source_url")
        .map(|i| (i.start, i.end))
        .collect();
    out.retain(|i| i.kind == "source_url" || !urls.iter().any(|&(s, e)| i.start < e && s < i.end));
    out.sort_by_key(|i| (i.start, i.end));
    out.dedup_by(|a, b| a.kind == b.kind && a.start == b.start && a.end == b.end);
    out
}

/// A cue item over an original span.
fn cue(
    kind: &'static str,
    (start, end): (usize, usize),
    value: Option<String>,
    detail: serde_json::Value,
) -> Item {
    Item {
        category: "cue",
        kind,
        start,
        end,
        value,
        detail,
    }
}

/// Byte spans (quotation marks included) of quotations in a normalised text: `"` marks paired left
/// to right within each line; an unpaired last mark is ignored.
fn quotation_spans(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match c {
            '\n' => open = None,
            '"' => match open.take() {
                Some(o) if i - o <= 2400 => out.push((o, i + 1)),
                _ => open = Some(i),
            },
            _ => {}
        }
    }
    out
}

/// The host of a URL, without `www.`.
pub fn host(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(rest)
        .to_lowercase();
    host.trim_start_matches("www.").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str, lang: &str) -> Vec<(String, String, Option<String>)> {
        let n = Normalized::new(text);
        let chars: Vec<char> = text.chars().collect();
        extract(text, &n, lang)
            .into_iter()
            .map(|i| {
                (
                    i.kind.to_string(),
                    slice_chars(&chars, i.start, i.end),
                    i.value,
                )
            })
            .collect()
    }

    #[test]
    fn arabic_attribution_and_anonymous_source() {
        let c = cues("قال مصدر أمني جزائري مطلع إن التنسيق متواصل.", "ar");
        assert!(
            c.contains(&(
                "attribution".into(),
                "قال مصدر أمني جزائري مطلع".into(),
                Some("مصدر أمني جزائري مطلع".into())
            )),
            "{c:?}"
        );
        assert!(
            c.iter()
                .any(|(k, t, _)| k == "anonymous_source" && t == "مصدر أمني جزائري مطلع"),
            "{c:?}"
        );
        let c = cues(
            "وكانت صحيفة \"الخبر\" الجزائرية قد ذكرت في تقرير سابق لها أن العلاقات لم تتأثر.",
            "ar",
        );
        assert!(
            c.iter().any(|(k, t, v)| k == "attribution"
                && t.contains("صحيفة \"الخبر\" الجزائرية قد ذكرت")
                && v.as_deref() == Some("صحيفة \"الخبر\" الجزائرية")),
            "{c:?}"
        );
    }

    #[test]
    fn french_hedging_attribution_url() {
        let c = cues("L’Algérie aurait encouragé AQMI, selon des sources extrêmement sensibles du renseignement français. La relation est, semble-t-il, ancienne. source >>>> http://zamane.ma/fr/x-y/", "fr");
        assert!(
            c.iter()
                .any(|(k, t, _)| k == "hedging" && t == "aurait encouragé"),
            "{c:?}"
        );
        assert!(c
            .iter()
            .any(|(k, t, _)| k == "hedging" && t == "semble-t-il"));
        assert!(
            c.iter().any(|(k, _, v)| k == "attribution"
                && v.as_deref()
                    == Some("des sources extrêmement sensibles du renseignement français")),
            "{c:?}"
        );
        assert!(c.iter().any(|(k, _, _)| k == "anonymous_source"));
        assert!(c.contains(&(
            "source_url".into(),
            "http://zamane.ma/fr/x-y/".into(),
            Some("http://zamane.ma/fr/x-y/".into())
        )));
        let c = cues("D’autres rapports affirment également que X. Lien : http://a.ma/l-algerie-aurait-encourage/", "fr");
        assert!(
            c.iter()
                .any(|(k, _, v)| k == "attribution" && v.as_deref() == Some("D’autres rapports")),
            "{c:?}"
        );
        assert!(!c.iter().any(|(k, _, _)| k == "hedging"), "{c:?}");
        // Imperfect tense is not a hedge.
        assert!(!cues("Il déclarait et espérait la paix.", "fr")
            .iter()
            .any(|(k, _, _)| k == "hedging"));
    }

    #[test]
    fn cable_ids_and_adaptation() {
        let c = cues("رقم البرقية: 09 الجزائر 948 التاريخ", "ar");
        assert!(
            c.contains(&(
                "cable_id".into(),
                "09 الجزائر 948".into(),
                Some("09ALGIERS948".into())
            )),
            "{c:?}"
        );
        let c = cues("Reference: 08RABAT123 and 09 ALGIERS 948.", "en");
        let ids: Vec<_> = c
            .iter()
            .filter(|x| x.0 == "cable_id")
            .map(|x| x.2.clone().unwrap())
            .collect();
        assert_eq!(ids, ["08RABAT123", "09ALGIERS948"]);
        // A cable's header: post and number, the year from the top of the page (not the
        // declassification date).
        let header = "C O N F I D E N T I A L ALGIERS 000948\nE.O. 12958: DECL: 09/15/2019\n\
                      SUBJECT: BAMAKO SUMMIT\n1. (C) On September 14, 2009 the ministry said so.";
        let ids: Vec<_> = cues(header, "en")
            .into_iter()
            .filter(|x| x.0 == "cable_id")
            .map(|x| (x.1, x.2.unwrap()))
            .collect();
        assert_eq!(
            ids,
            [("ALGIERS 000948".to_string(), "09ALGIERS948".to_string())]
        );
        let ar = "رقم البرقية: التاريخ: 25/10/2009 E.O. 12958: DECL: 10/20/2029 الجزائر 000000948 من 004";
        assert!(cues(ar, "ar")
            .iter()
            .any(|x| x.0 == "cable_id" && x.2.as_deref() == Some("09ALGIERS948")));
        // Without a year at the top, no id is made up.
        assert!(!cues("ALGIERS 000948\nSUBJECT: BAMAKO", "en")
            .iter()
            .any(|x| x.0 == "cable_id"));
        let c = cues("نص المقال.\nالمحور(بتصرف)\n", "ar");
        assert!(
            c.contains(&(
                "adapted_from".into(),
                "المحور(بتصرف)".into(),
                Some("المحور".into())
            )),
            "{c:?}"
        );
    }
}
