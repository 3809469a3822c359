//! Segmentation into claims: sentences, or self-contained clauses of long chained sentences.
//!
//! Input: a document's original text. Output: [`Segment`]s, each a span of original characters with
//! a role (body, heading, byline, dateline, boilerplate), in text order, never overlapping.
//!
//! Rules: lines are units first (a claim never crosses a line break). A line that is a date or time
//! stamp is a dateline; a line of page furniture (`data/text/boilerplate.txt`) or of one or two words
//! is boilerplate; a credit line (a URL source line, "(بتصرف)", "par X") is a byline; a short line
//! without final punctuation is a heading. Body lines are cut at numbered paragraph markers that run
//! inside a line ("1. ... 2. ...", accepted only in sequence), then into sentences at `.`, `!`, `?`,
//! `؟`, `…` (not after an abbreviation from `data/text/abbreviations.txt` or an initial, not inside a
//! quotation, which stays whole), and sentences longer than [`LONG_SENTENCE`] characters are cut
//! again after a semicolon or before a quotation a colon opens (any script), and, in Arabic, before
//! a clause that starts after "،" with a conjunction or connective ("، وأشار").

use super::normalize::normalize;
use crate::text::FastChar;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Sentences longer than this (characters) are cut into clauses.
pub const LONG_SENTENCE: usize = 280;
/// A clause cut from a long sentence has at least this many characters.
pub const MIN_CLAUSE: usize = 60;
/// The longest claim: a run of text without sentence ends longer than this (a page with no
/// punctuation, a megabyte on one line) is cut at the last space before it, else at this length,
/// so that no stage ever works on one unbounded "sentence".
pub const MAX_SEGMENT: usize = 1200;

/// The role of a segment on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading,
    Byline,
    Dateline,
    Boilerplate,
}

impl Role {
    /// The value stored in `claims.role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Heading => "heading",
            Role::Byline => "byline",
            Role::Dateline => "dateline",
            Role::Boilerplate => "boilerplate",
        }
    }
}

/// A span of original characters `[start, end)` and its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub role: Role,
}

fn list(data: &str) -> HashSet<String> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.to_lowercase())
        .collect()
}

fn abbreviations() -> &'static HashSet<String> {
    static A: OnceLock<HashSet<String>> = OnceLock::new();
    A.get_or_init(|| list(include_str!("../../data/text/abbreviations.txt")))
}

fn boilerplate() -> &'static Vec<String> {
    static B: OnceLock<Vec<String>> = OnceLock::new();
    B.get_or_init(|| {
        include_str!("../../data/text/boilerplate.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(normalize)
            .collect()
    })
}

fn is_final_punct(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…')
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

fn trim_span(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

fn word_count(chars: &[char]) -> usize {
    chars
        .split(|c| c.is_whitespace())
        .filter(|w| w.iter().any(|c| c.is_word()))
        .count()
}

fn line_role(chars: &[char]) -> Option<Role> {
    let words = word_count(chars);
    let last = chars.iter().rev().find(|c| !c.is_whitespace()).copied();
    let ends_sentence = last
        .map(|c| is_final_punct(c) || matches!(c, '»' | '"' | '”' | ')'))
        .unwrap_or(false);
    if words > 20 || (words > 8 && ends_sentence) {
        // A long line is body text: no need to look closer (nor to normalise it).
        return None;
    }
    let text: String = chars.iter().collect();
    let norm = normalize(&text);
    let letters = chars.iter().filter(|c| c.is_letter()).count();
    let digits = chars.iter().filter(|c| c.is_numeric()).count();
    if words <= 6 && digits >= 4 && (text.contains(':') || text.contains('/')) && letters < 25 {
        return Some(Role::Dateline);
    }
    if norm.contains("(بتصرف)") && words <= 4 {
        return Some(Role::Byline);
    }
    // Page furniture: the line is the phrase, or the phrase and a little more ("مدة القراءة: 3'").
    let furniture = words <= 12
        && boilerplate().iter().any(|b| {
            norm.strip_prefix(b.as_str())
                .is_some_and(|rest| !rest.chars().next().is_some_and(|c| c.is_word()))
        });
    if furniture || words <= 2 {
        return Some(if norm.contains("http") {
            Role::Byline
        } else {
            Role::Boilerplate
        });
    }
    if (norm.starts_with("source")
        || norm.starts_with("المصدر")
        || norm.starts_with("par ")
        || norm.starts_with("by ")
        || norm.starts_with("بقلم"))
        && words <= 8
    {
        return Some(Role::Byline);
    }
    if !ends_sentence && words <= 20 {
        return Some(Role::Heading);
    }
    None
}

/// Positions (char index of the digit) of numbered paragraph markers "N. " accepted in sequence.
fn numbered_markers(chars: &[char], next: &mut u32) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_start = i == 0 || chars[i - 1].is_whitespace();
        if at_start && chars[i].is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() && j - i < 3 {
                j += 1;
            }
            if j < chars.len()
                && chars[j] == '.'
                && (j + 1 == chars.len() || chars[j + 1].is_whitespace())
            {
                let n: u32 = chars[i..j].iter().collect::<String>().parse().unwrap_or(0);
                if n == *next {
                    out.push((i, j + 1));
                    *next += 1;
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

fn is_abbreviation(chars: &[char], dot: usize) -> bool {
    let mut s = dot;
    while s > 0 && !chars[s - 1].is_whitespace() && !matches!(chars[s - 1], '(' | '«' | '"' | '“')
    {
        s -= 1;
    }
    let word: String = chars[s..dot].iter().collect::<String>().to_lowercase();
    if word.is_empty() {
        return false;
    }
    // An initial ("A.") or a dotted acronym ("U.S.").
    let letters: Vec<char> = word.chars().filter(|c| c.is_letter()).collect();
    if letters.len() == 1 && chars[s].is_uppercase() {
        return true;
    }
    if word.contains('.') && letters.len() <= 4 {
        return true;
    }
    abbreviations().contains(&word)
}

/// Sentence ends inside `chars[s..e]`, as cut positions (exclusive ends).
fn sentence_cuts(chars: &[char], s: usize, e: usize) -> Vec<usize> {
    let ascii_quotes = chars[s..e].iter().filter(|&&c| c == '"').count();
    let use_ascii = ascii_quotes % 2 == 0;
    let mut depth: i32 = 0;
    let mut quote_open_at = 0;
    let mut ascii_open = false;
    let mut cuts = Vec::new();
    let mut i = s;
    while i < e {
        let c = chars[i];
        match c {
            '«' | '“' => {
                if depth == 0 {
                    quote_open_at = i;
                }
                depth += 1;
            }
            '»' | '”' => {
                depth = (depth - 1).max(0);
                if depth == 0 {
                    closed_quote(chars, s, e, i, &mut cuts);
                }
            }
            '"' if use_ascii => {
                ascii_open = !ascii_open;
                if ascii_open {
                    if depth == 0 {
                        quote_open_at = i;
                    }
                    depth += 1;
                } else {
                    depth = (depth - 1).max(0);
                    if depth == 0 {
                        closed_quote(chars, s, e, i, &mut cuts);
                    }
                }
            }
            _ => {}
        }
        // A quotation that never closes must not swallow the rest of the line.
        if depth > 0 && i - quote_open_at > 1200 {
            depth = 0;
            ascii_open = false;
        }
        if depth == 0 && is_final_punct(c) {
            let mut j = i + 1;
            while j < e && (is_final_punct(chars[j]) || matches!(chars[j], '»' | '"' | '”' | ')'))
            {
                j += 1;
            }
            let next = chars[j..e].iter().find(|c| !c.is_whitespace()).copied();
            let spaced = j == e || chars[j].is_whitespace();
            let glued_arabic = !spaced && chars[j].is_letter() && is_arabic(chars[j]) && c == '.';
            let decimal = c == '.'
                && i > s
                && chars[i - 1].is_ascii_digit()
                && j < e
                && chars[j].is_ascii_digit();
            let ok = (spaced || glued_arabic)
                && !decimal
                && !(c == '.' && is_abbreviation(chars, i))
                && !next.map(|n| n.is_lowercase()).unwrap_or(false);
            if ok && j < e {
                cuts.push(j);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    cuts
}

/// A quotation that ends a sentence inside its marks ("« ... Demain. » Les") ends it outside too.
fn closed_quote(chars: &[char], s: usize, e: usize, close: usize, cuts: &mut Vec<usize>) {
    let before = chars[s..close]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace())
        .copied();
    let next = chars[close + 1..e]
        .iter()
        .find(|c| !c.is_whitespace())
        .copied();
    if before.map(is_final_punct).unwrap_or(false)
        && close + 1 < e
        && chars[close + 1].is_whitespace()
        && next
            .map(|n| !n.is_lowercase() && !is_final_punct(n))
            .unwrap_or(false)
    {
        cuts.push(close + 1);
    }
}

fn starts_with_verb(rest: &str) -> bool {
    let word: String = rest.chars().take_while(|c| c.is_letter()).collect();
    crate::text::lists::list("clause_verbs_ar").contains(&word.as_str())
        || (word.starts_with('ي') && word.chars().count() >= 4)
}

/// Clause cuts of a long Arabic sentence: after "،" followed by a connective, outside quotations.
fn clause_cuts(chars: &[char], s: usize, e: usize, arabic: bool) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut depth = 0i32;
    let mut last = s;
    for i in s..e {
        match chars[i] {
            '«' | '“' => depth += 1,
            '»' | '”' => depth = (depth - 1).max(0),
            // A semicolon, and a colon that opens a quotation, end a clause in any script.
            ';' | '؛' | ':' if depth == 0 => {
                let mut j = i + 1;
                while j < e && chars[j].is_whitespace() {
                    j += 1;
                }
                let opens_quote = j < e && matches!(chars[j], '«' | '“' | '"');
                if (chars[i] != ':' || opens_quote) && j - last >= MIN_CLAUSE && e - j >= MIN_CLAUSE
                {
                    cuts.push(j);
                    last = j;
                }
            }
            '،' | ',' if depth == 0 && arabic => {
                let mut j = i + 1;
                while j < e && chars[j].is_whitespace() {
                    j += 1;
                }
                let rest: String = chars[j..e.min(j + 12)].iter().collect();
                let rest = normalize(&rest);
                let connective = crate::text::lists::list("clause_connectives")
                    .iter()
                    .any(|c| {
                        if *c == "و" {
                            // و glued to a verb opens a clause ("وأشار", "وقالت", "ويسعى", "وكانت");
                            // glued to a noun it only joins a list ("وجماعة أنصار بيت المقدس").
                            rest.strip_prefix('و').is_some_and(starts_with_verb)
                        } else {
                            rest.starts_with(c)
                        }
                    });
                if connective && j - last >= MIN_CLAUSE && e - j >= MIN_CLAUSE {
                    cuts.push(j);
                    last = j;
                }
            }
            _ => {}
        }
    }
    cuts
}

/// Widest line of a hard-wrapped page (an email or cable dump, a PDF export): wider lines are
/// paragraphs, not wrapped text.
pub const MAX_WRAP: usize = 110;

/// Joins the lines of hard-wrapped paragraphs into one logical line each (the spans still point
/// into the original text; the line breaks inside count as spaces). A page is hard-wrapped when at
/// least half of its lines of 20 characters or more are within 75-100% of its wrap width (the 90th
/// percentile of those lengths, at most [`MAX_WRAP`]) and at least half of its wide lines end
/// without final punctuation; then a line at least 60% of that width runs
/// on into the next non-empty line. A blank line, or a short line, ends a paragraph.
fn reflow(chars: &[char], lines: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let lens: Vec<usize> = lines
        .iter()
        .map(|&(s, e)| {
            let (s, e) = trim_span(chars, s, e);
            e.saturating_sub(s)
        })
        .collect();
    let mut long: Vec<usize> = lens.iter().copied().filter(|&l| l >= 20).collect();
    if long.len() < 4 {
        return lines;
    }
    long.sort_unstable();
    let width = long[(long.len() * 9 / 10).min(long.len() - 1)];
    let near = long.iter().filter(|&&l| l * 4 >= width * 3).count();
    // Wrapped lines end mid-sentence; the lines of a page with one paragraph a line end with one.
    let wide: Vec<&(usize, usize)> = lines
        .iter()
        .zip(&lens)
        .filter(|(_, &l)| l * 10 >= width * 6)
        .map(|(x, _)| x)
        .collect();
    let open_ended = wide
        .iter()
        .filter(|&&&(s, e)| {
            let (s, e) = trim_span(chars, s, e);
            e > s && !is_final_punct(chars[e - 1])
        })
        .count();
    if width > MAX_WRAP || near * 2 < long.len() || open_ended * 2 < wide.len() {
        return lines;
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open = false;
    for (k, &(s, e)) in lines.iter().enumerate() {
        if lens[k] == 0 {
            open = false;
            out.push((s, e));
            continue;
        }
        if open {
            if let Some(last) = out.last_mut() {
                last.1 = e;
            }
        } else {
            out.push((s, e));
        }
        open = lens[k] * 10 >= width * 6;
    }
    out
}

/// Segments `text` into claims.
pub fn segment(text: &str) -> Vec<Segment> {
    segment_counted(text).0
}

/// [`segment`], and the number of runs longer than [`MAX_SEGMENT`] it had to cut.
pub fn segment_counted(text: &str) -> (Vec<Segment>, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut next_marker = 1u32;
    let mut line_start = 0;
    let mut lines = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            lines.push((line_start, i));
            line_start = i + 1;
        }
    }
    lines.push((line_start, chars.len()));
    let lines = reflow(&chars, lines);
    for (ls, le) in lines {
        let (ls, le) = trim_span(&chars, ls, le);
        if ls >= le {
            continue;
        }
        let markers = numbered_markers(&chars[ls..le], &mut next_marker);
        if markers.is_empty() {
            if let Some(role) = line_role(&chars[ls..le]) {
                out.push(Segment {
                    start: ls,
                    end: le,
                    role,
                });
                continue;
            }
        }
        // Pieces between numbered markers (the markers themselves belong to no claim).
        let mut pieces = Vec::new();
        let mut p = ls;
        for (ms, me) in &markers {
            pieces.push((p, ls + ms, true));
            p = ls + me;
        }
        pieces.push((p, le, false));
        for (ps, pe, before_marker) in pieces {
            let (ps, pe) = trim_span(&chars, ps, pe);
            if ps >= pe {
                continue;
            }
            let mut bounds = vec![ps];
            bounds.extend(sentence_cuts(&chars, ps, pe));
            bounds.push(pe);
            let count = bounds.len() - 1;
            for k in 0..count {
                let (ss, se) = trim_span(&chars, bounds[k], bounds[k + 1]);
                if ss >= se {
                    continue;
                }
                let last_char = chars[se - 1];
                let is_last = k + 1 == count;
                if is_last
                    && before_marker
                    && !is_final_punct(last_char)
                    && word_count(&chars[ss..se]) <= 12
                {
                    out.push(Segment {
                        start: ss,
                        end: se,
                        role: Role::Heading,
                    });
                    continue;
                }
                let arabic = chars[ss..se].iter().filter(|c| is_arabic(**c)).count() * 2 > se - ss;
                let mut sub = vec![ss];
                if se - ss > LONG_SENTENCE {
                    sub.extend(clause_cuts(&chars, ss, se, arabic));
                }
                sub.push(se);
                for w in sub.windows(2) {
                    let (a, b) = trim_span(&chars, w[0], w[1]);
                    if a < b {
                        out.push(Segment {
                            start: a,
                            end: b,
                            role: Role::Body,
                        });
                    }
                }
            }
        }
    }
    cap_segments(&chars, out)
}

/// Segments longer than [`MAX_SEGMENT`] cut into pieces of at most that length, each ending at the
/// last whitespace of its window when there is one in its second half.
/// Also returns how many segments were cut.
fn cap_segments(chars: &[char], segs: Vec<Segment>) -> (Vec<Segment>, usize) {
    if segs.iter().all(|s| s.end - s.start <= MAX_SEGMENT) {
        return (segs, 0);
    }
    let mut out = Vec::with_capacity(segs.len());
    let mut cut_segments = 0;
    for seg in segs {
        let mut a = seg.start;
        if seg.end - a > MAX_SEGMENT {
            cut_segments += 1;
        }
        while seg.end - a > MAX_SEGMENT {
            let limit = a + MAX_SEGMENT;
            let cut = (a + MAX_SEGMENT / 2..limit)
                .rev()
                .find(|&i| chars[i].is_whitespace())
                .unwrap_or(limit);
            let (x, y) = trim_span(chars, a, cut);
            if x < y {
                out.push(Segment {
                    start: x,
                    end: y,
                    role: seg.role,
                });
            }
            a = cut;
        }
        let (x, y) = trim_span(chars, a, seg.end);
        if x < y {
            out.push(Segment {
                start: x,
                end: y,
                role: seg.role,
            });
        }
    }
    (out, cut_segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<(String, Role)> {
        segment(t)
            .iter()
            .map(|s| {
                (
                    t.chars().skip(s.start).take(s.end - s.start).collect(),
                    s.role,
                )
            })
            .collect()
    }

    #[test]
    fn hard_wrapped_lines_are_reflowed_into_sentences() {
        // An email dump wrapped at about 60 columns: a sentence runs over three lines.
        let t = "SUBJECT: Meeting with the minister\n\n\
The minister said on Monday that the two governments would\n\
sign the agreement in Rabat next week, after three rounds\n\
of talks held in Algiers and Paris since the spring. He\n\
added that the text was ready.\n\n\
The ambassador asked whether the border question had been\n\
settled; the minister did not answer that point directly.\n";
        let s = texts(t);
        let body: Vec<&str> = s
            .iter()
            .filter(|(_, r)| *r == Role::Body)
            .map(|(x, _)| x.as_str())
            .collect();
        assert_eq!(body.len(), 3, "{s:?}");
        assert!(body[0].starts_with("The minister said") && body[0].ends_with("since the spring."));
        assert!(
            body[0].contains("would\nsign"),
            "spans keep the original text: {body:?}"
        );
        assert_eq!(body[1], "He\nadded that the text was ready.");
        assert!(body[2].starts_with("The ambassador") && body[2].ends_with("directly."));
        assert_eq!(
            s[0],
            ("SUBJECT: Meeting with the minister".into(), Role::Heading)
        );
    }

    #[test]
    fn lines_of_a_normal_page_are_not_joined() {
        let t = "Titre court\nUne première phrase assez longue pour compter comme un paragraphe entier, qui se termine ici.\nUne deuxième phrase, elle aussi sur sa propre ligne, sans retour à la ligne forcé au milieu.\nUne troisième phrase, sur sa ligne, termine ce paragraphe de test sans rien de plus.\nEt une quatrième ligne de paragraphe, sur sa ligne aussi, pour que le test ait du poids.";
        let s = texts(t);
        assert_eq!(s.len(), 5, "{s:?}");
        assert!(s.iter().all(|(x, _)| !x.contains('\n')), "{s:?}");
        // Lines of one width that end their sentences are paragraphs, even without a heading.
        let t = "Une première phrase assez longue pour compter comme un paragraphe, qui finit\nici, et une deuxième ligne qui continue la même phrase sans la terminer du\ntout avant la ligne suivante, qui la termine enfin pour de bon ce matin.\nPuis une dernière ligne, elle aussi coupée au milieu d'une phrase longue\net terminée ici.";
        let s = texts(t);
        assert!(
            s.iter().any(|(x, _)| x.contains('\n')),
            "a wrapped page: {s:?}"
        );
    }

    #[test]
    fn long_sentences_are_cut_at_a_semicolon_or_before_a_quotation_a_colon_opens() {
        // Written for the test: a French sentence over 280 characters whose second half is the
        // quoted content; a short one keeps its colon and quotation.
        let t =
            "Or à ce moment-là, le ministère, selon des sources proches du dossier et plusieurs \
témoins de la réunion, serait parvenu à un accord discret avec le groupe armé : « En vertu de cet \
accord, le groupe devait concentrer ses opérations au nord du pays, et parfois attaquer les \
intérêts du voisin dans la région frontalière », indique la note interne. Il a dit : « Non. »";
        let s = texts(t);
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[0].0.ends_with("avec le groupe armé :"), "{s:?}");
        assert!(s[1].0.starts_with("« En vertu"), "{s:?}");
        assert_eq!(s[2].0, "Il a dit : « Non. »");
        let t = "The envoy said the two sides had agreed on a timetable for the withdrawal of the \
forces from the border area and for the return of the displaced families to their villages; the \
opposition leader, who had not been invited to the talks in the capital, rejected the timetable \
and called for a new round of negotiations under international supervision.";
        let s = texts(t);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[0].0.ends_with("villages;") && s[1].0.starts_with("the opposition"));
    }

    #[test]
    fn french_sentences_and_abbreviations() {
        let t = "Titre de l'article\nM. Dupont est arrivé à 10 h. Il a dit : « Nous partirons. Demain. » Les U.S. Marines ont 2.5 jours.";
        let s = texts(t);
        assert_eq!(s[0], ("Titre de l'article".into(), Role::Heading));
        assert_eq!(s[1].0, "M. Dupont est arrivé à 10 h.");
        assert_eq!(s[2].0, "Il a dit : « Nous partirons. Demain. »");
        assert_eq!(s[3].0, "Les U.S. Marines ont 2.5 jours.");
        assert_eq!(s.len(), 4);
    }

    #[test]
    fn numbered_paragraphs_inside_one_line() {
        let t = "مقدمة البرقية 1.\nموجز : أخبر الوزير السفير بالأمر. الولايات المتحدة تعترف بالدور 2. التقت السفيرة بالوزير. 3. شكر الوزير السفيرة.";
        let s = texts(t);
        let bodies: Vec<&str> = s.iter().map(|(x, _)| x.as_str()).collect();
        assert!(
            bodies.contains(&"موجز : أخبر الوزير السفير بالأمر."),
            "{bodies:?}"
        );
        assert!(
            s.contains(&("الولايات المتحدة تعترف بالدور".into(), Role::Heading)),
            "{s:?}"
        );
        assert!(bodies.contains(&"التقت السفيرة بالوزير."));
        assert!(bodies.contains(&"شكر الوزير السفيرة."));
    }

    #[test]
    fn long_arabic_sentence_is_cut_into_clauses() {
        let a = "قالت مصادر موثوقة إن مسؤولين من جهاز المخابرات العامة المصري قدموا إلى الجزائر في إطار مهمة للتحقيق حول شبهات وجود علاقة بين التنظيمين";
        let b = "وأشار المصدر إلى أن الاتصالات بين الجماعات السلفية الجهادية المصرية وتنظيم القاعدة بدأت أثناء الحرب الأهلية الليبية حيث شارك جهاديون";
        let c = "وقالت المصادر إن عبد المالك درودكال يسعى لإنشاء قاعدة جديدة لعملياته المسلحة في ليبيا للتواصل مع الجماعات الإرهابية في مصر وسيناء.";
        let t = format!("{a}، {b}،{c}");
        let s = texts(&t);
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[1].0.starts_with("وأشار"));
        assert!(s[2].0.starts_with("وقالت"));
    }

    #[test]
    fn datelines_bylines_boilerplate() {
        let t = "اثنين, 03/21/2016 - 12:16\nالمحور(بتصرف)\nاترك تعليقاً\nsource >>>> http://zamane.ma/fr/x/";
        let roles: Vec<Role> = segment(t).iter().map(|s| s.role).collect();
        assert_eq!(
            roles,
            [
                Role::Dateline,
                Role::Byline,
                Role::Boilerplate,
                Role::Byline
            ]
        );
    }
}
