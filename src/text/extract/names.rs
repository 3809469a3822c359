//! Names of people, places and organisations, and a cross-script key to match them later.
//!
//! Latin script: runs of capitalised words joined by particles (de, al-, ben, of...), with titles
//! (président, Minister...) cut off and counted as evidence of a person, a sentence's first word
//! dropped when it is a common word, acronyms taken as organisations. Arabic script (no capitals):
//! a gazetteer of places (`data/text/places.tsv`, with clitics ب ل و ف ك stripped), titles that
//! announce a person (الرئيس، السفير، اللواء..., past the adjectives that follow them), heads that
//! announce an organisation (تنظيم، صحيفة، وزارة...) and their ال-words, given names followed by a
//! surname (غسان سلامة، عبد المجيد تبون; `data/text/given_names_ar.txt`, without the names that are
//! also common words), and surnames already found elsewhere on the page. Word lists:
//! `data/text/name_cues.tsv`.
//!
//! [`name_key`] maps a name in either script to a consonant skeleton (بلمختار and Belmokhtar ->
//! `blmktr`; قنايزية and Guenaizia -> `kns`), used with a string similarity as support for
//! alignment, never as proof on its own (Morocco and أمريكا both give `mrk`).

use super::Item;
use crate::text::normalize::{normalize, Normalized};
use crate::text::FastChar;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

struct Tables {
    demonyms: HashSet<String>,
    /// First words of the places whose names have several words ("الدار" of "الدار البيضاء").
    place_first_words: HashSet<String>,
    places: HashMap<String, String>,
    titles: HashSet<String>,
    org_heads: HashSet<String>,
    place_heads: HashSet<String>,
    /// Arabic given names that announce a person when a surname follows.
    given: HashSet<String>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut places = HashMap::new();
        for l in include_str!("../../../data/text/places.tsv").lines() {
            if l.starts_with('#') || l.trim().is_empty() {
                continue;
            }
            if let Some((key, names)) = l.split_once('\t') {
                for n in names.split('|') {
                    places.insert(normalize(n.trim()), key.to_string());
                }
            }
        }
        let mut titles = HashSet::new();
        let mut org_heads = HashSet::new();
        let mut place_heads = HashSet::new();
        for l in include_str!("../../../data/text/name_cues.tsv").lines() {
            if let Some((role, w)) = l.split_once('\t') {
                let w = normalize(w.trim());
                match role {
                    "title" => titles.insert(w),
                    "org" => org_heads.insert(w),
                    "place" => place_heads.insert(w),
                    _ => false,
                };
            }
        }
        let demonyms = include_str!("../../../data/text/demonyms.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| normalize(l.trim()))
            .collect();
        let place_first_words = places
            .keys()
            .filter_map(|k| k.split_once(' ').map(|(first, _)| first.to_string()))
            .collect();
        let given = include_str!("../../../data/text/given_names_ar.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| normalize(l.trim()))
            .collect();
        Tables {
            given,
            demonyms,
            place_first_words,
            places,
            titles,
            org_heads,
            place_heads,
        }
    })
}

/// Consonant classes shared by both scripts, so that spellings across scripts meet.
fn latin_class(c: char) -> Option<char> {
    Some(match c {
        'b' | 'p' => 'b',
        't' | 'd' => 't',
        'k' | 'q' | 'c' | 'g' | 'j' | 'x' => 'k',
        's' | 'z' => 's',
        'f' | 'v' => 'f',
        'l' => 'l',
        'm' => 'm',
        'n' => 'n',
        'r' => 'r',
        _ => return None,
    })
}

fn arabic_class(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'پ' => 'b',
        'ت' | 'ط' | 'د' | 'ض' | 'ث' | 'ذ' | 'ظ' => 't',
        'ك' | 'ق' | 'ج' | 'غ' | 'خ' | 'گ' | 'چ' => 'k',
        'س' | 'ص' | 'ز' | 'ش' => 's',
        'ف' | 'ڤ' => 'f',
        'ل' => 'l',
        'م' => 'm',
        'ن' => 'n',
        'ر' => 'r',
        _ => return None,
    })
}

/// A cross-script key: the consonant skeleton of a name, in classes (b t k s f l m n r), vowels,
/// h, w, y and the Arabic article dropped, doubled letters merged. `Belmokhtar` and `بلمختار` give
/// `blmktr`; `Blumenthal`, `Blumental` and `بلومانتال` give `blmntl`.
pub fn name_key(name: &str) -> String {
    let norm = normalize(name);
    let mut out = String::new();
    for word in norm.split(|c: char| !c.is_word()) {
        let word = word
            .strip_prefix("ال")
            .filter(|w| w.chars().count() >= 2)
            .unwrap_or(word);
        let lower = word
            .replace("kh", "k")
            .replace("gh", "k")
            .replace("ch", "s")
            .replace("sh", "s")
            .replace("th", "t")
            .replace("dh", "t")
            .replace("ph", "f")
            .replace("ou", "w");
        for c in lower.chars() {
            let k = if c.is_ascii() {
                latin_class(c)
            } else {
                arabic_class(c)
            };
            if let Some(k) = k {
                if !out.ends_with(k) {
                    out.push(k);
                }
            }
        }
    }
    out
}

fn is_cap(w: &str) -> bool {
    w.chars().next().map(char::is_uppercase).unwrap_or(false)
}

fn is_acronym(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_letter()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// Words of the original text with char spans: letters, digits, inner apostrophes and hyphens.
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_word() {
            i += 1;
            continue;
        }
        let s = i;
        while i < chars.len()
            && (chars[i].is_word()
                || (matches!(chars[i], '-' | '\'' | '’')
                    && i + 1 < chars.len()
                    && chars[i + 1].is_word()))
        {
            i += 1;
            // French elision: "d’Algérie" splits after the apostrophe.
            if i < chars.len() && matches!(chars[i - 1], '\'' | '’') && i - s <= 3 {
                break;
            }
        }
        out.push((s, i, chars[s..i].iter().collect()));
    }
    out
}

fn sentence_initial(chars: &[char], start: usize) -> bool {
    let prev = chars[..start]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace() && !matches!(c, '«' | '"' | '“' | '(' | '‘'));
    prev.map(|c| matches!(c, '.' | '!' | '?' | ':' | '\n' | '>'))
        .unwrap_or(true)
        || chars[..start]
            .iter()
            .rev()
            .take_while(|c| **c != '\n')
            .all(|c| c.is_whitespace())
}

struct Found {
    start: usize,
    end: usize,
    kind: &'static str,
    text: String,
}

fn latin_names(text: &str, lang: &str, found: &mut Vec<Found>) {
    let t = tables();
    let chars: Vec<char> = text.chars().collect();
    let ws = words(text);
    // Only Latin-script words matter here; an Arabic page has no capitals to look at.
    let ws: Vec<(usize, usize, String)> = ws
        .into_iter()
        .filter(|(_, _, w)| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_ascii() || ('\u{00C0}'..'\u{0250}').contains(&c))
        })
        .collect();
    let lower_seen: HashSet<String> = ws
        .iter()
        .filter(|(_, _, w)| !is_cap(w))
        .map(|(_, _, w)| w.to_lowercase())
        .collect();
    let mid_sentence_caps: HashSet<String> = ws
        .iter()
        .filter(|(s, _, w)| is_cap(w) && !sentence_initial(&chars, *s))
        .map(|(_, _, w)| w.clone())
        .collect();
    let stop = |w: &str| {
        let l = normalize(w);
        crate::text::tokens::stopwords(if lang == "fr" { "fr" } else { "en" }).contains(&l)
            || crate::text::tokens::stopwords("fr").contains(&l)
            || crate::text::tokens::stopwords("en").contains(&l)
    };
    let mut i = 0;
    while i < ws.len() {
        let (_, _, w) = &ws[i];
        if !is_cap(w)
            || w.chars().any(crate::text::tokens::is_arabic_letter)
            || w.chars().all(|c| c.is_ascii_digit())
        {
            i += 1;
            continue;
        }
        // Extend over capitalised words and particles followed by a capitalised word.
        let mut j = i + 1;
        loop {
            if j < ws.len()
                && is_cap(&ws[j].2)
                && ws[j].0 == ws[j - 1].1 + 1
                && !chars[ws[j - 1].1..ws[j].0]
                    .iter()
                    .any(|c| matches!(c, ',' | '.' | ';' | ':'))
            {
                j += 1;
                continue;
            }
            let mut k = j;
            while k < ws.len()
                && crate::text::lists::list("name_particles")
                    .contains(&ws[k].2.to_lowercase().trim_end_matches(['\'', '’']))
                && k - j < 2
            {
                k += 1;
            }
            if k > j && k < ws.len() && is_cap(&ws[k].2) && ws[k].0 - ws[k - 1].1 <= 1 {
                j = k + 1;
                continue;
            }
            break;
        }
        let mut s = i;
        let mut person_by_title = false;
        // Titles before the name.
        while s < j && t.titles.contains(&normalize(&ws[s].2)) {
            s += 1;
            person_by_title = true;
        }
        // A sentence's first word that is a common word is not part of a name.
        while s < j
            && (stop(&ws[s].2)
                || (sentence_initial(&chars, ws[s].0)
                    && lower_seen.contains(&ws[s].2.to_lowercase())
                    && !is_acronym(&ws[s].2)))
        {
            s += 1;
        }
        // A title written in lower case just before ("le président Bouteflika").
        if s == i && i > 0 && t.titles.contains(&normalize(&ws[i - 1].2)) {
            person_by_title = true;
        }
        if s < j {
            let (start, end) = (ws[s].0, ws[j - 1].1);
            let name: String = chars[start..end].iter().collect();
            let norm = normalize(&name);
            let single = j - s == 1;
            let kind = if t.places.contains_key(&norm) {
                "place"
            } else if is_acronym(&name) || norm.split_whitespace().any(|w| t.org_heads.contains(w))
            {
                "org"
            } else if person_by_title || !single {
                "person"
            } else if sentence_initial(&chars, start) && !mid_sentence_caps.contains(&name) {
                // One capitalised word opening a sentence, never capitalised elsewhere: a common word.
                ""
            } else {
                "person"
            };
            let calendar = single && super::dates::is_calendar_word(&norm);
            let demonym = single && t.demonyms.contains(&norm);
            let tiny = name.chars().filter(|c| c.is_letter()).count() < 2;
            let rejected =
                kind.is_empty() || calendar || demonym || tiny || (single && stop(&name));
            if !rejected {
                found.push(Found {
                    start,
                    end,
                    kind,
                    text: name,
                });
            }
        }
        i = j;
    }
}

/// Strips the clitics ب ل و ف ك (and "لل" -> "ال") in front of an Arabic word.
fn arabic_variants(w: &str) -> Vec<Cow<'_, str>> {
    let mut out = vec![Cow::Borrowed(w)];
    let mut cur = w;
    for _ in 0..2 {
        let mut chars = cur.chars();
        match chars.next() {
            Some('و' | 'ف' | 'ب' | 'ك') if cur.chars().count() > 3 => {
                cur = chars.as_str();
                out.push(Cow::Borrowed(cur));
            }
            Some('ل') if cur.starts_with("لل") && cur.chars().count() > 3 => {
                let rest = &cur['ل'.len_utf8() * 2..];
                out.push(Cow::Owned(format!("ال{rest}")));
                cur = chars.as_str();
            }
            Some('ل') if cur.chars().count() > 3 => {
                cur = chars.as_str();
                out.push(Cow::Borrowed(cur));
            }
            _ => break,
        }
    }
    out
}

fn is_nisba(w: &str) -> bool {
    w.starts_with("ال") && (w.ends_with('ي') || w.ends_with("يه")) && w.chars().count() >= 5
}

fn arabic_names(n: &Normalized, found: &mut Vec<Found>) {
    let t = tables();
    let s = n.text.as_str();
    // Normalised words with byte spans; punctuation between words breaks a name.
    let mut ws: Vec<(usize, usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let w = c.is_word();
        match (w, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                ws.push((st, i, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        ws.push((st, s.len(), &s[st..]));
    }
    let arabic = |w: &str| w.chars().any(crate::text::tokens::is_arabic_letter);
    let gap_ok = |a: usize, b: usize| s[a..b].chars().all(|c| c == ' ' || c == '"');
    let stop = |w: &str| crate::text::tokens::stopwords("ar").contains(w);
    let mut push = |a: usize, b: usize, kind: &'static str| {
        let (os, oe) = n.bytes_to_original(a, b);
        found.push(Found {
            start: os,
            end: oe,
            kind,
            text: s[a..b].to_string(),
        });
    };
    // People named after a title: their surnames are names wherever they recur.
    let mut titled: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let (a, b, w) = ws[i];
        if !arabic(w) {
            i += 1;
            continue;
        }
        let vars = arabic_variants(w);
        // Places: two-word entries first.
        if i + 1 < ws.len()
            && gap_ok(b, ws[i + 1].0)
            && vars
                .iter()
                .any(|v| t.place_first_words.contains(v.as_ref()))
        {
            let two = vars
                .iter()
                .map(|v| format!("{v} {}", ws[i + 1].2))
                .find(|p| t.places.contains_key(p));
            if two.is_some() {
                let skip = w.chars().count()
                    - vars
                        .iter()
                        .find(|v| two.as_ref().unwrap().starts_with(v.as_ref()))
                        .map(|v| v.chars().count())
                        .unwrap_or(0);
                let a2 = a + w.chars().take(skip).map(char::len_utf8).sum::<usize>();
                push(a2, ws[i + 1].1, "place");
                i += 2;
                continue;
            }
        }
        if let Some(v) = vars.iter().find(|v| t.places.contains_key(v.as_ref())) {
            let skip = w.chars().count().saturating_sub(v.chars().count());
            let a2 = a + w.chars().take(skip).map(char::len_utf8).sum::<usize>();
            let a2 = if v.starts_with("ال") && w.starts_with("لل") {
                a + 'ل'.len_utf8()
            } else {
                a2
            };
            push(a2.min(b), b, "place");
            i += 1;
            continue;
        }
        // Organisations: a head word and the ال-words (or a quoted name) that follow it.
        if vars.iter().any(|v| {
            t.org_heads.contains(v.as_ref())
                || v.strip_prefix("ال")
                    .map(|x| t.org_heads.contains(x))
                    .unwrap_or(false)
        }) {
            let mut j = i + 1;
            let mut last = i;
            while j < ws.len() && j - i <= 6 && gap_ok(ws[j - 1].1, ws[j].0) {
                let x = ws[j].2;
                let quoted = s[..ws[j].0].ends_with('"');
                if t.titles.contains(x) {
                    break;
                }
                if (x.starts_with("ال") && !stop(x)) || quoted {
                    last = j;
                    j += 1;
                    continue;
                }
                // "في بلاد المغرب": connectors inside a name, when an ال-word follows them.
                let mut k = j;
                while k < ws.len() && k - j < 2 && matches!(ws[k].2, "في" | "بلاد" | "ل") {
                    k += 1;
                }
                if k > j && k < ws.len() && ws[k].2.starts_with("ال") && !stop(ws[k].2) {
                    j = k;
                } else {
                    break;
                }
            }
            if last > i {
                let skip = w.chars().count()
                    - vars
                        .iter()
                        .rev()
                        .find(|v| {
                            t.org_heads.contains(v.as_ref())
                                || v.strip_prefix("ال")
                                    .map(|x| t.org_heads.contains(x))
                                    .unwrap_or(false)
                        })
                        .map(|v| v.chars().count())
                        .unwrap_or(w.chars().count());
                let a2 = a + w.chars().take(skip).map(char::len_utf8).sum::<usize>();
                let mut end = ws[last].1;
                if s[end..].starts_with('"') {
                    end += 1;
                }
                push(a2, end, "org");
                i = last + 1;
                continue;
            }
        }
        // Places announced by their kind: "مدينة أبوجا", "منطقة تيغنتورين".
        if vars.iter().any(|v| t.place_heads.contains(v.as_ref()))
            && i + 1 < ws.len()
            && gap_ok(b, ws[i + 1].0)
            && arabic(ws[i + 1].2)
            && !stop(ws[i + 1].2)
            && !is_nisba(ws[i + 1].2)
        {
            push(ws[i + 1].0, ws[i + 1].1, "place");
            i += 2;
            continue;
        }
        // People: after a title, past the adjectives that follow it (nisba, السابق), 1-3 name words.
        // (A nisba alone is not enough: "الأمنية باشرت أجهزة" would be a person.)
        let title = vars.iter().any(|v| t.titles.contains(v.as_ref()));
        // Or a given name followed by a surname: "غسان سلامة", "عبد المجيد تبون" (a clitic
        // glued to the given name is left out of the name).
        let given = !title
            && i + 1 < ws.len()
            && gap_ok(b, ws[i + 1].0)
            && vars.iter().any(|v| t.given.contains(v.as_ref()));
        if title || given {
            let mut j = i + 1;
            while title
                && j < ws.len()
                && j - i <= 4
                && gap_ok(ws[j - 1].1, ws[j].0)
                && (is_nisba(ws[j].2)
                    || matches!(
                        ws[j].2,
                        "السابق" | "السابقه" | "الاسبق" | "المنتدب" | "العام" | "الاول"
                    ))
            {
                j += 1;
            }
            let first = if given { i } else { j };
            let given_start = if given {
                let v = vars
                    .iter()
                    .find(|v| t.given.contains(v.as_ref()))
                    .map(|v| v.chars().count())
                    .unwrap_or(w.chars().count());
                let skip = w.chars().count().saturating_sub(v);
                a + w.chars().take(skip).map(char::len_utf8).sum::<usize>()
            } else {
                0
            };
            // A given name takes at most two more words (عبد المجيد تبون): past them, the words
            // are as likely the sentence going on.
            let most = if given { 3 } else { 4 };
            while j < ws.len() && j - first < most && gap_ok(ws[j - 1].1, ws[j].0) {
                let x = ws[j].2;
                let joins = matches!(x, "عبد" | "بن" | "ابن" | "ولد" | "ابو" | "بو" | "ام");
                let name_word = arabic(x)
                    && x.chars().all(char::is_letter)
                    && !super::dates::is_calendar_word(x)
                    && !stop(x)
                    && (!x.starts_with("ال")
                        || (j > first && matches!(ws[j - 1].2, "عبد" | "ابو"))
                        || (given && j == first + 1));
                // Other kinds of words end a name: a title, an organisation or place head, a
                // known place, a conjunct ("وأحد"), a noun with a preposition glued ("بمدينة").
                let other_kind = arabic_variants(x).iter().any(|v| {
                    t.titles.contains(v.as_ref())
                        || t.org_heads.contains(v.as_ref())
                        || t.place_heads.contains(v.as_ref())
                        || t.places.contains_key(v.as_ref())
                });
                let conjunct = j > first && x.starts_with('و');
                if !(name_word || joins) || other_kind || conjunct || is_nisba(x) && j > first {
                    break;
                }
                j += 1;
            }
            if given {
                // The given name and at least one more name word.
                if j - first >= 2
                    && !(j - first == 2 && matches!(ws[first + 1].2, "بن" | "ابو" | "ولد"))
                {
                    push(given_start, ws[j - 1].1, "person");
                    i = j;
                    continue;
                }
            } else if j > first && !(j - first == 1 && matches!(ws[first].2, "عبد" | "بن" | "ابو"))
            {
                // A single word after a nisba alone is too weak unless it appears as a surname elsewhere.
                if title || j - first >= 2 {
                    let (os, oe) = n.bytes_to_original(ws[first].0, ws[j - 1].1);
                    if title {
                        titled.push((os, oe));
                    }
                    push(ws[first].0, ws[j - 1].1, "person");
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    // Surnames of people found above, met again on their own.
    let surnames: HashSet<String> = found
        .iter()
        .filter(|f| f.kind == "person" && titled.contains(&(f.start, f.end)))
        .filter_map(|f| f.text.split_whitespace().last().map(str::to_string))
        .filter(|w| w.chars().count() >= 4 && arabic(w))
        .collect();
    for &(a, b, w) in &ws {
        if let Some(v) = arabic_variants(w)
            .into_iter()
            .find(|v| surnames.contains(v.as_ref()))
        {
            let skip = w.chars().count() - v.chars().count();
            let a2 = a + w.chars().take(skip).map(char::len_utf8).sum::<usize>();
            let (os, oe) = n.bytes_to_original(a2, b);
            if !found.iter().any(|f| os < f.end && f.start < oe) {
                found.push(Found {
                    start: os,
                    end: oe,
                    kind: "person",
                    text: v.into_owned(),
                });
            }
        }
    }
}

/// Extracts the names of a text.
pub fn extract(original: &str, n: &Normalized, lang: &str) -> Vec<Item> {
    let mut found = Vec::new();
    arabic_names(n, &mut found);
    let mut latin = Vec::new();
    latin_names(original, lang, &mut latin);
    found.extend(
        latin
            .into_iter()
            .filter(|l| !l.text.chars().any(crate::text::tokens::is_arabic_letter)),
    );
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<Item> = Vec::new();
    let chars: Vec<char> = original.chars().collect();
    for f in found {
        if out.last().map(|l| f.start < l.end).unwrap_or(false) {
            continue;
        }
        let written = super::slice_chars(&chars, f.start, f.end);
        let key = tables().places.get(&normalize(&written)).cloned();
        out.push(Item {
            category: "name",
            kind: f.kind,
            start: f.start,
            end: f.end,
            value: Some(written.clone()),
            detail: serde_json::json!({"key": name_key(&written), "place": key}),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, lang: &str) -> Vec<(String, &'static str)> {
        let n = Normalized::new(text);
        extract(text, &n, lang)
            .into_iter()
            .map(|i| (i.value.unwrap(), i.kind))
            .collect()
    }

    #[test]
    fn cross_script_keys_meet() {
        assert_eq!(name_key("بلمختار"), name_key("Belmokhtar"));
        assert_eq!(name_key("بلومانتال"), name_key("Blumenthal"));
        assert_eq!(name_key("Blumental"), name_key("Blumenthal"));
        assert_eq!(name_key("تيغنتورين"), name_key("Tiguentourine"));
        assert_eq!(name_key("قنايزية"), name_key("Guenaizia"));
    }

    #[test]
    fn french_and_english_names() {
        let v = names("Quelques temps plus tôt, Belmokhtar enlevait le Consul d’Algérie à Gao, au Mali. Le président Abdelaziz Bouteflika et Ban Ki-moon, Secrétaire Général des Nations-Unies.", "fr");
        assert!(v.contains(&("Belmokhtar".into(), "person")), "{v:?}");
        assert!(v.contains(&("Gao".into(), "place")));
        assert!(v.contains(&("Mali".into(), "place")));
        assert!(v.contains(&("Abdelaziz Bouteflika".into(), "person")));
        assert!(v.contains(&("Ban Ki-moon".into(), "person")));
        assert!(!v.iter().any(|(n, _)| n == "Quelques" || n == "Le"));
        let v = names("According to officials, AQIM leader Mokhtar Belmokhtar attacked the gas site near In Amenas.", "en");
        assert!(v.contains(&("AQIM".into(), "org")), "{v:?}");
        assert!(v.contains(&("Mokhtar Belmokhtar".into(), "person")));
    }

    #[test]
    fn arabic_names() {
        let v = names("استدعى المغرب سفيره بالجزائر عبد الله بلقزاز احتجاجا على خطاب للرئيس الجزائري عبد العزيز بوتفليقة في مدينة أبوجا النيجيرية، وقالت صحيفة \"الخبر\" إن تنظيم القاعدة في بلاد المغرب الإسلامي", "ar");
        assert!(v.contains(&("المغرب".into(), "place")), "{v:?}");
        assert!(v.contains(&("الجزائر".into(), "place")), "{v:?}");
        assert!(
            v.contains(&("عبد العزيز بوتفليقة".into(), "person")),
            "{v:?}"
        );
        assert!(v.contains(&("صحيفة \"الخبر\"".into(), "org")), "{v:?}");
        assert!(
            v.contains(&("تنظيم القاعدة في بلاد المغرب الإسلامي".into(), "org")),
            "{v:?}"
        );
    }

    #[test]
    fn arabic_given_names_announce_people() {
        let v = names(
            "التقى غسان سلامة وخليفة حفتر في بنغازي، ثم استقبل عبد المجيد تبون الوفد.",
            "ar",
        );
        for p in ["غسان سلامة", "خليفة حفتر", "عبد المجيد تبون"] {
            assert!(v.contains(&(p.into(), "person")), "{p}: {v:?}");
        }
        // The preposition على is not the name علي; a given name alone is not a person.
        let v = names("وافق المجلس على إعادة فتح الحدود مع محمد.", "ar");
        assert!(v.iter().all(|(_, k)| *k != "person"), "{v:?}");
    }
}
