//! Sourcing chain: typed edges between pages and the sources they derive from, each with its
//! evidence and a confidence.
//!
//! Nodes are the stored documents and external sources the pages name but the corpus does not
//! hold: a cable (by its id), an email (by its sender), an outlet (by its name), a URL (by its host).
//!
//! Explicit evidence, from the text layer's cues and the manifest:
//! - a cable id in a page's header (the first [`HEADER_CHARS`] characters) makes the page the
//!   cable's text: `translation` when the page is not in English, else `repost`; a cable id in the
//!   body is a `quotation`;
//! - a source URL (a "Source: URL" line, or the manifest's `source_url`): `repost` from that page
//!   when the corpus holds it (by URL), else from the URL's host;
//! - "(بتصرف)" or "adapté de" after an outlet: `adaptation`;
//! - an attribution naming an outlet ("صحيفة "الخبر"", "l'agence Meridian", "Bawabat al-Gharb
//!   reported"): `quotation` from that outlet, or from the stored page of that outlet when the
//!   corpus holds one dated no later;
//! - an email or message word next to a person's name ("رسالة ... من سيندي بلومانتال", "le mail de
//!   Sidney Blumenthal"): `quotation` from that person's email.
//!
//! Inferred evidence, between two stored pages: shared passages (dedup) and aligned claims
//! (align). Same language with a shared passage covering at least [`REPOST_COVERAGE`] of the
//! smaller page: `repost`. Other languages with at least [`TRANSLATION_SHARE`] of the later page's
//! claims aligned, mostly in order: `translation`. Otherwise aligned claims ([`MIN_SHARED_CLAIMS`]
//! or more) with no copy and no credit between them: `shared_source`, undirected.
//! An explicit credit between two stored pages keeps its relation and gains the inferred evidence.
//!
//! Direction: page dates (earlier -> later), else explicit cues, else the page kind (a forum or a
//! repost is the copy), else containment (the page whose text the shared passages cover more is the
//! copy); when none applies the edge is stored undirected and says so.
//!
//! Confidence: each evidence item has a weight (cable id in the header 0.95, source URL 0.9,
//! adaptation credit 0.9, cable id in the body 0.85, outlet credit 0.8, email with its sender 0.75;
//! shared passages 0.4 + 0.5 x coverage / 0.5 capped at 0.9; aligned claims 0.2 + 0.6 x share x mean
//! score), combined by noisy-OR (1 - product of (1 - w)), capped at 0.99; where the dev split of the
//! real-page corpus measured edges of that relation and first cue, their judged precision replaces
//! it (`data/chain/confidence.tsv`: an inferred repost 0.48, an outlet credit 0.89). An inferred
//! edge that a path of other edges already explains (a copy of a copy) is dropped.

pub use crate::model::results::{Edge, External, From, Graph};
use crate::model::EdgeRelation;
pub use crate::text::origin::{host, outlet_key};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Characters at the top of a page that count as its header.
pub const HEADER_CHARS: usize = 300;
/// The version of the rules: a change of it redoes the sourcing graph of a stored corpus.
pub const CHAIN_VERSION: i64 = 5;
/// Share of the smaller page a shared passage must cover for an inferred repost.
pub const REPOST_COVERAGE: f64 = 0.2;
/// Share of the later page's characters in passages shared with an earlier page above which the
/// later page is a copy of it (not a sibling copy of a third source).
pub const CONTAINED_COVERAGE: f64 = 0.8;
/// Share of the later page's claims aligned for an inferred translation.
pub const TRANSLATION_SHARE: f64 = 0.5;
/// Aligned claims two pages need for an inferred shared source.
pub const MIN_SHARED_CLAIMS: usize = 2;

/// A stored page as the chain stage sees it.
#[derive(Debug, Clone)]
pub struct DocInfo {
    pub id: i64,
    pub lang: String,
    pub chars: usize,
    pub claims: usize,
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub source_url: Option<String>,
    pub outlet: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub path: String,
}

/// A cue or name item of a page.
#[derive(Debug, Clone)]
pub struct CueInfo {
    pub doc: i64,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
    pub text: String,
    pub claim: Option<String>,
}

/// What two stored pages share: passages (characters covered on each side) and aligned claims.
#[derive(Debug, Clone, Default)]
pub struct PairInfo {
    pub shared_chars_a: usize,
    pub shared_chars_b: usize,
    pub passages: usize,
    pub aligned: usize,
    /// Distinct claims aligned on each side.
    pub aligned_claims_a: usize,
    pub aligned_claims_b: usize,
    pub mean_score: f64,
    /// Distinct claims aligned on each side counting also the loosely retold pairs (below the
    /// close cosine): evidence enough when both pages credit one common source.
    pub loose_claims_a: usize,
    pub loose_claims_b: usize,
    /// Share of consecutive aligned pairs (in a's order) whose b positions also increase.
    pub in_order: f64,
}

fn noisy_or(ws: &[f64]) -> f64 {
    let p: f64 = ws.iter().map(|w| 1.0 - w.clamp(0.0, 1.0)).product();
    ((1.0 - p) * 1000.0).round().min(990.0) / 1000.0
}

/// The cues and the person names of every page, as the chain reads them.
pub fn cue_infos(inputs: &[crate::align::DocInput]) -> (Vec<CueInfo>, Vec<CueInfo>) {
    let mut cues = Vec::new();
    let mut names = Vec::new();
    for d in inputs {
        for it in &d.items {
            let c = CueInfo {
                doc: d.id,
                kind: it.kind.clone(),
                start: it.start,
                end: it.end,
                value: it.value.clone(),
                text: it.text.clone(),
                claim: it.claim_id.clone(),
            };
            match it.category.as_str() {
                "cue" => cues.push(c),
                "name" => names.push(c),
                _ => {}
            }
        }
    }
    (cues, names)
}

/// Cosine of two aligned claims' sentence vectors from which their alignment counts as evidence
/// that one page comes from the other or both from one source (chosen on the dev split).
pub const CLOSE_COSINE: f64 = 0.7;
/// The same across languages (a translation's vectors are further apart than a copy's).
pub const CLOSE_COSINE_CROSS: f64 = 0.6;

/// What each pair of pages shares: duplicate passages (`(doc_a, a_start, a_end, doc_b, b_start,
/// b_end)`, pairs inside one page ignored) and aligned claims (how many, on how many claims of each
/// side, their mean score, and how far they keep the same order on both sides). Keys are
/// `(smaller id, larger id)`.
pub fn pair_infos(
    passages: impl IntoIterator<Item = (i64, i64, i64, i64, i64, i64)>,
    alignments: &[crate::align::Alignment],
) -> HashMap<(i64, i64), PairInfo> {
    let mut pairs: HashMap<(i64, i64), PairInfo> = HashMap::new();
    let key = |a: i64, b: i64| if a <= b { (a, b) } else { (b, a) };
    for (da, a_s, a_e, db, b_s, b_e) in passages {
        if da == db {
            continue;
        }
        let k = key(da, db);
        let p = pairs.entry(k).or_default();
        p.passages += 1;
        let (la, lb) = ((a_e - a_s) as usize, (b_e - b_s) as usize);
        if da == k.0 {
            p.shared_chars_a += la;
            p.shared_chars_b += lb;
        } else {
            p.shared_chars_a += lb;
            p.shared_chars_b += la;
        }
    }
    type Aligned<'a> = (usize, usize, &'a str, &'a str, f64);
    let mut per: HashMap<(i64, i64), Vec<Aligned>> = HashMap::new();
    // Claims aligned on each side, close and loose pairs together.
    type Claims<'a> = (HashSet<&'a str>, HashSet<&'a str>);
    let mut any: HashMap<(i64, i64), Claims> = HashMap::new();
    for a in alignments {
        // Two pages that tell the same facts in their own words are two reports, not a copy: only
        // pairs retold closely (vectors' cosine at least CLOSE_COSINE) are evidence of sourcing.
        let close = if a.detail.cross_language {
            CLOSE_COSINE_CROSS
        } else {
            CLOSE_COSINE
        };
        let k = key(a.doc_a, a.doc_b);
        let (ca, cb) = if a.doc_a == k.0 {
            (a.claim_a.as_str(), a.claim_b.as_str())
        } else {
            (a.claim_b.as_str(), a.claim_a.as_str())
        };
        let e = any.entry(k).or_default();
        e.0.insert(ca);
        e.1.insert(cb);
        if a.detail.cosine < close {
            continue;
        }
        let row = if a.doc_a == k.0 {
            (
                a.a_start,
                a.b_start,
                a.claim_a.as_str(),
                a.claim_b.as_str(),
                a.score,
            )
        } else {
            (
                a.b_start,
                a.a_start,
                a.claim_b.as_str(),
                a.claim_a.as_str(),
                a.score,
            )
        };
        per.entry(k).or_default().push(row);
    }
    for (k, mut v) in per {
        v.sort_by_key(|x| (x.0, x.1));
        let p = pairs.entry(k).or_default();
        p.aligned = v.len();
        let ca: HashSet<&str> = v.iter().map(|x| x.2).collect();
        let cb: HashSet<&str> = v.iter().map(|x| x.3).collect();
        p.aligned_claims_a = ca.len();
        p.aligned_claims_b = cb.len();
        p.mean_score = v.iter().map(|x| x.4).sum::<f64>() / v.len() as f64;
        let steps = v.windows(2).filter(|w| w[0].0 != w[1].0).count();
        let up = v
            .windows(2)
            .filter(|w| w[0].0 != w[1].0 && w[1].1 >= w[0].1)
            .count();
        p.in_order = if steps == 0 {
            1.0
        } else {
            up as f64 / steps as f64
        };
    }
    for (k, (ca, cb)) in any {
        let p = pairs.entry(k).or_default();
        p.loose_claims_a = ca.len();
        p.loose_claims_b = cb.len();
    }
    pairs
}

fn norm_url(u: &str) -> String {
    let rest = u.split_once("://").map(|x| x.1).unwrap_or(u);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_lowercase()
}

/// The outlet an attribution names, if it names one: the quoted name after an outlet word, else
/// the words after it.
fn outlet_in(source: &str) -> Option<String> {
    let norm = crate::text::normalize(source);
    let words: Vec<&str> = norm.split_whitespace().collect();
    let head = words.iter().position(|w| {
        let w = w
            .trim_start_matches("l'")
            .trim_start_matches("ال")
            .trim_start_matches("لل");
        crate::text::lists::list("outlet_heads").iter().any(|h| {
            let h = h.trim_start_matches("ال");
            w == h || w.trim_start_matches(['و', 'ب', 'ل']) == h
        })
    })?;
    // "the same newspaper" refers back: no name here.
    if words.get(head + 1).is_some_and(|w| {
        matches!(
            *w,
            "ذاتها" | "ذاته" | "نفسها" | "نفسه" | "meme" | "same" | "precitee" | "precite"
        )
    }) {
        return None;
    }
    // A quoted name right after the outlet word wins.
    for q in ['"', '«', '“'] {
        if let Some(i) = source.find(q) {
            let before = source[..i].split_whitespace().count();
            if before > head + 2 {
                continue;
            }
            let rest = &source[i + q.len_utf8()..];
            if let Some(j) = rest.find(['"', '»', '”']) {
                let name = rest[..j].trim();
                if !name.is_empty() && name.chars().count() <= 40 {
                    return Some(name.to_string());
                }
            }
        }
    }
    let latin_source = !source.chars().any(crate::text::tokens::is_arabic_letter);
    // Arabic names are not capitalised: take one word; Latin ones: up to three capitalised words.
    let after: Vec<&str> = source
        .split_whitespace()
        .skip(head + 1)
        .take(if latin_source { 3 } else { 1 })
        .collect();
    let name: Vec<&str> = after
        .into_iter()
        .take_while(|w| {
            let n = crate::text::normalize(w);
            if latin_source && !w.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            !crate::text::tokens::stopwords("ar").contains(&n)
                && !crate::text::tokens::stopwords("fr").contains(&n)
                && !crate::text::tokens::stopwords("en").contains(&n)
        })
        .collect();
    if name.is_empty() {
        return None;
    }
    let first = name[0];
    // Latin names are capitalised; Arabic ones are not, so take them as they come.
    let latin = !first.chars().any(crate::text::tokens::is_arabic_letter);
    if latin && !first.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(name.join(" "))
}

/// True when a name the text layer marked as a person can stand as a credited speaker: in Latin
/// script two words or more (one capitalised word is too often a common word or a place: "Article",
/// "Santé"), none a stopword, and not an agency or outlet (those are outlets, not speakers); in
/// Arabic, any name but the words that only look like one after "المتحدث" (`باسم`).
fn credited_person(name: &str) -> bool {
    credited_name(name, 2)
}

/// A lone word that may stand for a person credited by surname ("Saied", "لعمامرة"): the same
/// tests as [`credited_person`], for one word.
fn credited_surname(w: &str) -> bool {
    words_of(w).len() == 1 && credited_name(w, 1)
}

/// [`credited_person`] with the fewest words a Latin-script name needs.
fn credited_name(name: &str, min_latin_words: usize) -> bool {
    let words = words_of(name);
    if words.is_empty()
        || alias_groups()
            .iter()
            .flat_map(|g| &g.names)
            .any(|a| contains_seq(&words, a))
    {
        return false;
    }
    if name.chars().any(crate::text::tokens::is_arabic_letter) {
        return !crate::text::lists::list("not_person_names_ar").contains(&words[0].as_str());
    }
    let raw: Vec<&str> = name.split_whitespace().collect();
    raw.len() >= min_latin_words
        && raw.iter().all(|w| {
            let n = crate::text::normalize(w);
            !crate::text::tokens::stopwords("en").contains(&n)
                && !crate::text::tokens::stopwords("fr").contains(&n)
        })
}

fn key_of_name(s: &str) -> String {
    // The surname carries the identity across scripts (Sidney / سيندي vary).
    let words: Vec<&str> = s.split_whitespace().collect();
    crate::text::extract::names::name_key(words.last().copied().unwrap_or(s))
}

/// (relation, from, to).
type EdgeKey = (String, String, i64);
/// (directed, evidence weights, evidence).
type EdgeAcc = (bool, Vec<f64>, Vec<serde_json::Value>);

struct Builder<'a> {
    docs: &'a [DocInfo],
    by_id: HashMap<i64, &'a DocInfo>,
    /// Each page's identities as normalised word sequences: its outlet, its site name, its URL's
    /// host and the host's first label, and their aliases (`data/text/outlet_aliases.tsv`).
    identities: HashMap<i64, Vec<Vec<String>>>,
    /// For each page, the pages (by id) that share a passage or an aligned claim with it: a
    /// credit resolves only to a page that tells the same story.
    linked: HashMap<i64, Vec<i64>>,
    externals: BTreeMap<String, External>,
    /// (relation, from, to) -> (directed, evidence weights, evidence)
    edges: BTreeMap<EdgeKey, EdgeAcc>,
}

/// The keys of the edges of `relations` between two stored pages, either way, in key order: looked
/// up, not searched for (a scan of every edge for each page pair made the stage quadratic).
fn edges_between(
    b: &Builder,
    x: i64,
    y: i64,
    relations: &[EdgeRelation],
) -> Vec<(String, String, i64)> {
    let (fx, fy) = (from_key(&From::Doc(x)), from_key(&From::Doc(y)));
    let mut keys: Vec<(String, String, i64)> = relations
        .iter()
        .flat_map(|r| {
            [
                (r.name().to_string(), fx.clone(), y),
                (r.name().to_string(), fy.clone(), x),
            ]
        })
        .filter(|k| b.edges.contains_key(k))
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn from_key(f: &From) -> String {
    match f {
        From::Doc(d) => format!("doc:{d:012}"),
        From::External(k) => format!("ext:{k}"),
    }
}

impl<'a> Builder<'a> {
    fn external(&mut self, kind: &str, key: &str, label: &str) -> From {
        let k = format!("{kind}:{key}");
        self.externals.entry(k.clone()).or_insert(External {
            kind: kind.to_string(),
            key: k.clone(),
            label: label.to_string(),
        });
        From::External(k)
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        relation: EdgeRelation,
        from: From,
        to: i64,
        directed: bool,
        weight: f64,
        evidence: serde_json::Value,
    ) {
        if from == From::Doc(to) {
            return;
        }
        let e = self
            .edges
            .entry((relation.name().to_string(), from_key(&from), to))
            .or_insert((directed, Vec::new(), Vec::new()));
        e.0 &= directed;
        // The same cue found twice (two email words before one sender) is one piece of evidence.
        if e.2.iter().any(|x| {
            x["cue"] == evidence["cue"] && !x["cue"].is_null() && x["value"] == evidence["value"]
        }) {
            return;
        }
        e.1.push(weight);
        e.2.push(evidence);
    }

    fn date(&self, d: i64) -> Option<&str> {
        self.by_id
            .get(&d)
            .and_then(|x| x.published.as_deref())
            .map(|p| p.get(..10).unwrap_or(p))
    }

    /// A stored page other than `d` that the credit's source phrase names by identity (the
    /// page's outlet, site name, URL host or an alias of them, as whole words in order), that tells
    /// the same story (a shared passage or aligned claim), dated no later, and not of the page's
    /// own outlet (that is its byline, not a credit).
    fn stored_outlet(&self, d: i64, source: &str) -> Option<i64> {
        let words = words_of(source);
        let mine = self.date(d);
        let empty = Vec::new();
        let own = self.identities.get(&d).unwrap_or(&empty);
        if own.iter().any(|i| contains_seq(&words, i)) {
            return None;
        }
        self.linked
            .get(&d)
            .into_iter()
            .flatten()
            .filter_map(|s| self.by_id.get(s).copied())
            .filter(|s| {
                self.identities
                    .get(&s.id)
                    .unwrap_or(&empty)
                    .iter()
                    .any(|i| contains_seq(&words, i))
            })
            .filter(|s| match (s.published.as_deref(), mine) {
                (Some(p), Some(m)) => p.get(..10).unwrap_or(p) <= m,
                _ => true,
            })
            .map(|s| s.id)
            .next()
    }
}

/// Normalised words of a text (letters and digits), for matching names as whole words; the
/// words that name a kind of outlet ("agence", "news", "صحيفة") are left out, so that "l'agence
/// Meridian" names "Meridian News Agency".
fn words_of(s: &str) -> Vec<String> {
    let generic = crate::text::lists::list("generic_outlet_words");
    let heads = crate::text::lists::list("outlet_heads");
    crate::text::normalize(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            let bare = w.trim_start_matches("ال");
            !generic.contains(w)
                && !heads
                    .iter()
                    .any(|h| h == w || h.trim_start_matches("ال") == bare)
        })
        .map(str::to_string)
        .collect()
}

/// True when `seq` occurs in `words` as consecutive whole words (an Arabic word may carry a
/// clitic و، ب، ل or ال before the name's first word: "لوكالة" names "وكالة").
fn contains_seq(words: &[String], seq: &[String]) -> bool {
    if seq.is_empty() || words.len() < seq.len() {
        return false;
    }
    let first_ok = |w: &str, f: &str| {
        w == f
            || crate::text::lists::list("arabic_name_clitics")
                .iter()
                .any(|p| w.strip_prefix(p) == Some(f))
    };
    words.windows(seq.len()).any(|win| {
        first_ok(&win[0], &seq[0]) && win[1..].iter().zip(&seq[1..]).all(|(a, b)| a == b)
    })
}

/// One outlet of the alias table (`data/text/outlet_aliases.tsv`): its key (the table's first
/// name, as words), a label listing its names as the table writes them, and every name as words.
struct AliasGroup {
    key: String,
    label: String,
    names: Vec<Vec<String>>,
}

/// The alias table, read once.
fn alias_groups() -> &'static [AliasGroup] {
    static GROUPS: std::sync::OnceLock<Vec<AliasGroup>> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for line in include_str!("../../data/text/outlet_aliases.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((name, alias)) = line.split_once('\t') {
                by_name.entry(name).or_default().push(alias);
            }
        }
        by_name
            .into_iter()
            .map(|(name, aliases)| {
                let mut written = vec![name];
                written.extend(aliases);
                AliasGroup {
                    key: words_of(name).join(" "),
                    label: written.join(" / "),
                    names: written.iter().map(|n| words_of(n)).collect(),
                }
            })
            .collect()
    })
}

/// The outlet of the alias table a source phrase names, if any: its key and its label.
fn known_outlet(source: &str) -> Option<(String, String)> {
    let words = words_of(source);
    alias_groups()
        .iter()
        .find(|g| g.names.iter().any(|n| contains_seq(&words, n)))
        .map(|g| (g.key.clone(), g.label.clone()))
}

/// A page's identities: its outlet and site name, its URL's host and the host's first label
/// (`khaleejtimes.com`, `khaleejtimes`), each as words, with the aliases of any of them. A name
/// of fewer than three letters in all (`ap`) counts only through an alias group's longer names.
fn identities(d: &DocInfo) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for name in [&d.outlet, &d.site_name].into_iter().flatten() {
        // "La DH (dhnet.be)": the name and the parenthesised part are two identities.
        for part in name.split(['(', ')']) {
            let w = words_of(part);
            if !w.is_empty() {
                out.push(w);
            }
        }
    }
    for url in [&d.url, &d.canonical_url].into_iter().flatten() {
        if let Some(h) = crate::text::origin::host(url) {
            let label = h.split('.').next().unwrap_or(&h).to_string();
            out.push(vec![label]);
        }
    }
    let mut with_aliases = out.clone();
    for g in alias_groups() {
        if g.names.iter().any(|n| out.contains(n)) {
            with_aliases.extend(g.names.iter().cloned());
        }
    }
    with_aliases.retain(|w| w.iter().map(|x| x.chars().count()).sum::<usize>() >= 3);
    with_aliases.sort();
    with_aliases.dedup();
    with_aliases
}

/// Builds the sourcing graph.
pub fn build(
    docs: &[DocInfo],
    texts: &HashMap<i64, Vec<char>>,
    cues: &[CueInfo],
    names: &[CueInfo],
    pairs: &HashMap<(i64, i64), PairInfo>,
) -> Graph {
    let mut b = Builder {
        docs,
        by_id: docs.iter().map(|d| (d.id, d)).collect(),
        identities: docs.iter().map(|d| (d.id, identities(d))).collect(),
        linked: {
            let mut linked: HashMap<i64, Vec<i64>> = HashMap::new();
            for (&(x, y), p) in pairs {
                if p.passages > 0 || p.aligned > 0 {
                    linked.entry(x).or_default().push(y);
                    linked.entry(y).or_default().push(x);
                }
            }
            linked.values_mut().for_each(|v| v.sort_unstable());
            linked
        },
        externals: BTreeMap::new(),
        edges: BTreeMap::new(),
    };
    let mut credited: HashSet<(i64, i64)> = HashSet::new();
    // Persons the corpus names in full, for credits that give a surname alone.
    let full_names = full_name_keys(names);
    let speakers = explicit_edges(&mut b, cues, names, &full_names, &mut credited);
    for d in docs {
        if let Some(u) = d.source_url.clone() {
            add_source_url(&mut b, d.id, &u, "manifest", None, &u, &mut credited);
        }
    }
    email_edges(&mut b, docs, texts, names);
    // Sources each page credits explicitly, for shared sources.
    let mut parents: HashMap<i64, HashSet<String>> = HashMap::new();
    // An outlet credited by two pages is not a common source of one story (many stories credit
    // one agency); a cable, an email, a URL or a stored page is.
    for (_, f, t) in b.edges.keys() {
        if !f.starts_with("ext:outlet:") {
            parents.entry(*t).or_default().insert(f.clone());
        }
    }
    speaker_edges(&mut b, speakers, &full_names);
    inferred_edges(&mut b, texts, pairs, &credited, &parents);
    finish(b)
}

/// The persons the corpus names in full (two words or more that pass [`credited_person`]), by
/// the normalised last word, shortest form first ("Kais Saied" before "President Kais Saied").
fn full_name_keys(names: &[CueInfo]) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for n in names
        .iter()
        .filter(|n| n.kind == "person" && n.text.split_whitespace().count() >= 2)
        .filter(|n| credited_person(&n.text))
    {
        let Some(last) = n.text.split_whitespace().last() else {
            continue;
        };
        let e = out
            .entry(crate::text::normalize(last))
            .or_insert_with(|| n.text.clone());
        if n.text.chars().count() < e.chars().count() {
            *e = n.text.clone();
        }
    }
    out
}

/// Credited speaker: (the attribution cue, the person's name, the quoted cue text).
type Speaker<'c> = (&'c CueInfo, &'c CueInfo, String);

/// Edges from the cues: cable ids, source URLs, "adapted from" credits, attributions (to a stored
/// page by identity, to a known or named outlet); returns the credited speakers, added later.
fn explicit_edges<'c>(
    b: &mut Builder,
    cues: &'c [CueInfo],
    names: &'c [CueInfo],
    full_names: &HashMap<String, String>,
    credited: &mut HashSet<(i64, i64)>,
) -> Vec<Speaker<'c>> {
    let mut speakers: Vec<Speaker<'c>> = Vec::new();
    // Each page's unnamed-source cues and person names, so that a credit looks only at its page's.
    let mut anonymous_of: HashMap<i64, Vec<&CueInfo>> = HashMap::new();
    for a in cues.iter().filter(|a| a.kind == "anonymous_source") {
        anonymous_of.entry(a.doc).or_default().push(a);
    }
    let mut persons_of: HashMap<i64, Vec<&'c CueInfo>> = HashMap::new();
    for n in names.iter().filter(|n| n.kind == "person") {
        persons_of.entry(n.doc).or_default().push(n);
    }
    // Surnames the corpus also gives with a first name, in the same spelling ("Kais Saied",
    // "رمطان لعمامرة"): a credit that names the person by the surname alone ("Saied said", "قال
    // لعمامرة") resolves to that person. A lone capitalised word the corpus never gives in full
    // stays nobody.
    let surname_of_known = |text: &str| -> bool {
        let mut words = text.split_whitespace();
        let (Some(w), None) = (words.next(), words.next()) else {
            return false;
        };
        let arabic = w.chars().any(crate::text::tokens::is_arabic_letter);
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        (arabic || capital)
            && credited_surname(w)
            && full_names.contains_key(&crate::text::normalize(w))
    };
    // Explicit evidence.
    for c in cues {
        let Some(doc) = b.by_id.get(&c.doc).copied() else {
            continue;
        };
        let quote = crate::model::shorten(&c.text, 80);
        match c.kind.as_str() {
            "cable_id" => {
                let Some(id) = c.value.clone() else { continue };
                let from = b.external("cable", &id, &format!("cable {id}"));
                let header = c.start < HEADER_CHARS;
                let (rel, w) = if header {
                    (
                        if doc.lang == "en" {
                            EdgeRelation::Repost
                        } else {
                            EdgeRelation::Translation
                        },
                        0.95,
                    )
                } else {
                    (EdgeRelation::Quotation, 0.85)
                };
                b.add(
                    rel,
                    from,
                    c.doc,
                    true,
                    w,
                    serde_json::json!({
                        "kind": "explicit", "cue": "cable_id", "value": id, "text": quote,
                        "span": [c.start, c.end], "in_header": header,
                    }),
                );
            }
            "source_url" => {
                let Some(url) = c.value.clone() else { continue };
                add_source_url(
                    b,
                    c.doc,
                    &url,
                    "text",
                    Some((c.start, c.end)),
                    &quote,
                    credited,
                );
            }
            "adapted_from" => {
                let Some(name) = c.value.clone() else {
                    continue;
                };
                let from = match b.stored_outlet(c.doc, &name) {
                    Some(s) => {
                        credited.insert((s, c.doc));
                        From::Doc(s)
                    }
                    None => b.external("outlet", &crate::text::normalize(&name), &name),
                };
                b.add(
                    EdgeRelation::Adaptation,
                    from,
                    c.doc,
                    true,
                    0.9,
                    serde_json::json!({
                        "kind": "explicit", "cue": "adapted_from", "value": name, "text": quote,
                        "span": [c.start, c.end],
                    }),
                );
            }
            "attribution" => {
                let source = c.value.clone().unwrap_or_default();
                // An unnamed source ("a security source", "مصادر مطلعة") is nobody in the corpus.
                let anonymous = anonymous_of
                    .get(&c.doc)
                    .into_iter()
                    .flatten()
                    .any(|a| a.start < c.end && c.start < a.end);
                if anonymous {
                    continue;
                }
                // A person named in the credit ("a déclaré Ramtane Lamamra", "قال شكري"): the
                // page quotes that person (added once the documents are known, below).
                for n in persons_of
                    .get(&c.doc)
                    .into_iter()
                    .flatten()
                    .filter(|n| n.start < c.end && c.start < n.end)
                {
                    if credited_person(&n.text) || surname_of_known(&n.text) {
                        speakers.push((c, n, quote.clone()));
                    }
                }
                // A stored page named in the credit, by its identity only.
                if let Some(s) = b.stored_outlet(c.doc, &source) {
                    credited.insert((s, c.doc));
                    b.add(EdgeRelation::Quotation, From::Doc(s), c.doc, true, 0.8, serde_json::json!({
                        "kind": "explicit", "cue": "attribution", "value": source, "text": quote,
                        "span": [c.start, c.end],
                    }));
                    continue;
                }
                // A known agency or outlet (the alias table) is one node whatever the spelling:
                // "AFP", "l'agence France-Presse" and "فرانس برس" are the same source.
                let known = known_outlet(&source);
                let named = outlet_in(&source).or_else(|| known.as_ref().map(|(k, _)| k.clone()));
                if let Some(name) = named {
                    let from = match &known {
                        Some((key, label)) => b.external("outlet", key, label),
                        None => b.external("outlet", &crate::text::normalize(&name), &name),
                    };
                    // A news agency credited by a page is the dispatch the page retells, not a
                    // speaker it quotes.
                    let agency = known.as_ref().is_some_and(|(k, _)| {
                        crate::text::lists::list("news_agencies").contains(&k.as_str())
                    });
                    let relation = if agency {
                        EdgeRelation::Adaptation
                    } else {
                        EdgeRelation::Quotation
                    };
                    b.add(
                        relation,
                        from,
                        c.doc,
                        true,
                        0.8,
                        serde_json::json!({
                            "kind": "explicit", "cue": "attribution", "value": name, "text": quote,
                            "span": [c.start, c.end],
                        }),
                    );
                }
            }
            _ => {}
        }
    }
    speakers
}

/// Emails: an email word, then a "from" word (من، من طرف، de, from, par) within a few words, then
/// the sender: the person the text layer found there, else the next one or two words that are
/// not stopwords (capitalised for Latin script).
fn email_edges(
    b: &mut Builder,
    docs: &[DocInfo],
    texts: &HashMap<i64, Vec<char>>,
    names: &[CueInfo],
) {
    for d in docs {
        let Some(chars) = texts.get(&d.id) else {
            continue;
        };
        for (_, we) in email_words_windowed(chars) {
            let tail_end = (we + 80).min(chars.len());
            let tail: String = chars[we..tail_end].iter().collect();
            let Some(sender) = sender_after(&tail) else {
                continue;
            };
            let (off, len, written) = sender;
            let start = we + off;
            // Prefer the person item the text layer found at that place.
            let written = names
                .iter()
                .find(|n| n.doc == d.id && n.kind == "person" && n.start <= start && start < n.end)
                .map(|n| n.text.clone())
                .unwrap_or(written);
            let key = key_of_name(&written);
            if key.len() < 3 {
                continue;
            }
            let from = b.external("email", &key, &format!("email from {written}"));
            b.add(
                EdgeRelation::Quotation,
                from,
                d.id,
                true,
                0.75,
                serde_json::json!({
                    "kind": "explicit", "cue": "email", "value": written,
                    "span": [start, start + len],
                }),
            );
        }
    }
}

/// The credited speakers (see [`Speaker`]) as quotation edges from person nodes.
fn speaker_edges(
    b: &mut Builder,
    speakers: Vec<Speaker<'_>>,
    full_names: &HashMap<String, String>,
) {
    // Speakers. Speech reported inside a document the page reproduces (a cable or an email it
    // translates or reposts) belongs to that document, and an email's sender is an attribute of
    // the email's node: neither becomes a quotation of the page.
    let reproduces_document: HashSet<i64> = b
        .edges
        .keys()
        .filter(|(rel, f, _)| {
            (f.starts_with("ext:cable:") || f.starts_with("ext:email:"))
                && rel != EdgeRelation::Quotation.name()
        })
        .map(|(_, _, t)| *t)
        .collect();
    for (c, n, quote) in speakers {
        let key = key_of_name(&n.text);
        // A surname alone ("Saied", "لعمامرة") stands for the full name the corpus gives; a short
        // surname skeleton ("سعيد", "Saied": s-d) is an identity only then.
        let full = (n.text.split_whitespace().count() == 1)
            .then(|| full_names.get(&crate::text::normalize(&n.text)))
            .flatten();
        if (key.chars().count() < 3 && full.is_none())
            || reproduces_document.contains(&c.doc)
            || b.externals.contains_key(&format!("email:{key}"))
        {
            continue;
        }
        let from = b.external("person", &key, full.unwrap_or(&n.text));
        b.add(
            EdgeRelation::Quotation,
            from,
            c.doc,
            true,
            0.7,
            serde_json::json!({
                "kind": "explicit", "cue": "attribution", "value": n.text, "text": quote,
                "span": [c.start, c.end],
            }),
        );
    }
}

/// Inferred evidence between stored pages: shared passages and aligned claims, with direction
/// and relation only from evidence.
fn inferred_edges(
    b: &mut Builder,
    texts: &HashMap<i64, Vec<char>>,
    pairs: &HashMap<(i64, i64), PairInfo>,
    credited: &HashSet<(i64, i64)>,
    parents: &HashMap<i64, HashSet<String>>,
) {
    let same_outlet = |x: &DocInfo, y: &DocInfo| {
        let o = |d: &DocInfo| {
            crate::text::origin::outlet_key(
                d.outlet.as_deref(),
                d.site_name.as_deref(),
                d.url.as_deref(),
            )
        };
        matches!((o(x), o(y)), (Some(a), Some(c)) if a == c)
    };
    // Inferred evidence between stored pages.
    let mut keys: Vec<&(i64, i64)> = pairs.keys().collect();
    keys.sort();
    for &(x, y) in keys {
        let (Some(dx), Some(dy)) = (b.by_id.get(&x).copied(), b.by_id.get(&y).copied()) else {
            continue;
        };
        // Two pages of one outlet share its masthead and footer: their shared passages are the
        // outlet's template, not a copy.
        let template = same_outlet(dx, dy);
        let mut pp = pairs[&(x, y)].clone();
        if template {
            pp.passages = 0;
            pp.shared_chars_a = 0;
            pp.shared_chars_b = 0;
        }
        let p = &pp;
        let cov_x = p.shared_chars_a as f64 / dx.chars.max(1) as f64;
        let cov_y = p.shared_chars_b as f64 / dy.chars.max(1) as f64;
        let share_x = p.aligned_claims_a as f64 / dx.claims.max(1) as f64;
        let share_y = p.aligned_claims_b as f64 / dy.claims.max(1) as f64;
        let mut ev = Vec::new();
        let mut ws = Vec::new();
        if template && pairs[&(x, y)].passages > 0 {
            ev.push(serde_json::json!({
                "kind": "inferred", "evidence": "same_outlet_template",
                "note": "passages shared by two pages of one outlet are its template, not a copy",
            }));
            ws.push(0.0);
        }
        if p.passages > 0 {
            ev.push(serde_json::json!({
                "kind": "inferred", "evidence": "shared_passages", "passages": p.passages,
                "shared_chars": [p.shared_chars_a, p.shared_chars_b],
                "coverage": [round3(cov_x), round3(cov_y)],
            }));
            ws.push((0.4 + 0.5 * (cov_x.max(cov_y) / 0.5).min(1.0)).min(0.9));
        }
        if p.aligned > 0 {
            ev.push(serde_json::json!({
                "kind": "inferred", "evidence": "aligned_claims", "pairs": p.aligned,
                "share": [round3(share_x), round3(share_y)], "mean_score": round3(p.mean_score),
                "in_order": round3(p.in_order),
            }));
            ws.push(0.2 + 0.6 * share_x.max(share_y).min(1.0) * p.mean_score);
        }
        ev.push(serde_json::json!({
            "kind": "inferred", "evidence": "pages",
            "languages": [dx.lang, dy.lang], "dates": [dx.published, dy.published],
        }));
        // Direction: dates, then credits, then kinds, then containment.
        let direction: Option<(i64, i64, &str)> = match (b.date(x), b.date(y)) {
            (Some(u), Some(v)) if u < v => Some((x, y, "page dates")),
            (Some(u), Some(v)) if v < u => Some((y, x, "page dates")),
            _ => {
                if credited.contains(&(x, y)) {
                    Some((x, y, "credit"))
                } else if credited.contains(&(y, x)) {
                    Some((y, x, "credit"))
                } else {
                    let copyish = |d: &DocInfo| {
                        matches!(d.kind.as_deref(), Some("forum" | "repost" | "translation"))
                    };
                    match (copyish(dx), copyish(dy)) {
                        (false, true) => Some((x, y, "page kinds")),
                        (true, false) => Some((y, x, "page kinds")),
                        _ if p.passages > 0 && (cov_x - cov_y).abs() > 0.1 => {
                            if cov_y > cov_x {
                                Some((x, y, "containment"))
                            } else {
                                Some((y, x, "containment"))
                            }
                        }
                        _ => None,
                    }
                }
            }
        };
        let same_lang = dx.lang == dy.lang;
        let later_share = match direction {
            Some((_, to, _)) if to == x => share_x,
            Some(_) => share_y,
            None => share_x.max(share_y),
        };
        let explicit = credited.contains(&(x, y)) || credited.contains(&(y, x));
        let common_parent = match (parents.get(&x), parents.get(&y)) {
            (Some(u), Some(v)) => u.intersection(v).next().is_some(),
            _ => false,
        };
        let repost = same_lang
            && p.passages > 0
            && (cov_x.min(cov_y) >= REPOST_COVERAGE || cov_x.max(cov_y) >= 2.0 * REPOST_COVERAGE);
        // A translation: most of the later page aligned, in order, and not two pages that each
        // credit one common source (those are two retellings of it).
        // A page that says it is a translation (manifest kind, or "ترجمة", "traduit",
        // "translated" in its text) needs half its claims aligned in order; one that does not
        // needs three quarters on both sides, nearly in order, and no common credited source.
        let later = direction.map(|(_, to, _)| to);
        let declared = later.is_some_and(|t| {
            b.by_id
                .get(&t)
                .is_some_and(|d| d.kind.as_deref() == Some("translation"))
                || texts.get(&t).is_some_and(|c| says_translation(c))
        });
        let translation = !same_lang
            && p.in_order >= 0.7
            && ((declared && later_share >= TRANSLATION_SHARE)
                || (share_x.min(share_y) >= 0.75 && p.in_order >= 0.9 && !common_parent));
        // Two pages that each credit one common source may retell it loosely (a translation
        // and a summary of one cable): their loosely aligned claims count too.
        let distinct = if common_parent {
            p.loose_claims_a.min(p.loose_claims_b)
        } else {
            p.aligned_claims_a.min(p.aligned_claims_b)
        };
        // Two pages sharing a text are two copies of one source unless something says one
        // copied the other: a credit or source URL between them, or a later page that says it is
        // a copy (manifest kind forum or repost). Wire copies on two sites are siblings.
        // A copy of a page that says it is a translation comes from that translation: the
        // original is in another language.
        let kind_of = |d: Option<i64>| {
            d.and_then(|d| b.by_id.get(&d))
                .and_then(|d| d.kind.as_deref())
        };
        // Containment: the later page is (almost) only the earlier page's text, which is then
        // its source; two pages that each carry text the other lacks are two copies of a third.
        let earlier = direction.map(|(from, _, _)| from);
        let cov_later = match later {
            Some(t) if t == x => cov_x,
            Some(_) => cov_y,
            None => 0.0,
        };
        let contained = cov_later >= CONTAINED_COVERAGE && !common_parent;
        let declared_copy = matches!(kind_of(later), Some("forum" | "repost"))
            || kind_of(earlier) == Some("translation")
            || contained;
        let relation: Option<EdgeRelation> = if repost && (explicit || declared_copy) {
            Some(EdgeRelation::Repost)
        } else if repost && !template {
            Some(EdgeRelation::SharedSource)
        } else if translation {
            Some(EdgeRelation::Translation)
        } else if explicit {
            None // the credit's own edge carries the inferred evidence below
        } else if distinct >= MIN_SHARED_CLAIMS
            && (common_parent || (!template && share_x.min(share_y) >= 0.5))
        {
            Some(EdgeRelation::SharedSource)
        } else {
            None
        };
        // A credit ("selon l'agence X") between two pages that the content shows to be a
        // translation or a copy becomes that relation; its evidence moves to the new edge.
        if explicit && relation.is_some() {
            let keys = edges_between(b, x, y, &[EdgeRelation::Quotation]);
            for k in keys {
                if let Some((_, w, e)) = b.edges.remove(&k) {
                    ws.extend(w);
                    ev.extend(e);
                }
            }
        }
        let note = |dir: &Option<(i64, i64, &str)>| match dir {
            Some((_, _, why)) => {
                serde_json::json!({"kind": "inferred", "evidence": "direction", "from": why})
            }
            None => serde_json::json!({"kind": "inferred", "evidence": "direction",
                "from": "none: no page date, credit, page kind or containment tells which came first"}),
        };
        match relation {
            Some(EdgeRelation::SharedSource) => {
                let (a, c) = (x.min(y), x.max(y));
                let mut e = ev.clone();
                e.push(serde_json::json!({"kind": "inferred", "evidence": "direction",
                    "from": "none: the pages share claims but neither copies nor credits the other"}));
                if common_parent {
                    e.push(serde_json::json!({"kind": "inferred", "evidence": "common_source",
                        "note": "both pages credit one source (a cable, an email, a URL or a stored page)"}));
                    ws.push(0.5);
                }
                for (k, item) in e.into_iter().enumerate() {
                    let w = if k == 0 { noisy_or(&ws) * 0.8 } else { 0.0 };
                    b.add(EdgeRelation::SharedSource, From::Doc(a), c, false, w, item);
                }
            }
            Some(rel) => {
                let (from, to, directed) = match direction {
                    Some((f, t, _)) => (f, t, true),
                    None => (x.min(y), x.max(y), false),
                };
                let mut e = ev.clone();
                e.push(note(&direction));
                for (k, item) in e.into_iter().enumerate() {
                    let w = if k < ws.len() { ws[k] } else { 0.0 };
                    b.add(rel, From::Doc(from), to, directed, w, item);
                }
            }
            None => {
                // Add the inferred evidence to the explicit credit between the two pages.
                let keys = edges_between(b, x, y, EdgeRelation::ALL);
                for k in keys {
                    if let Some(e) = b.edges.get_mut(&k) {
                        e.1.extend(ws.iter().copied());
                        e.2.extend(ev.iter().cloned());
                    }
                }
            }
        }
    }
}

fn add_source_url(
    b: &mut Builder,
    doc: i64,
    url: &str,
    origin: &str,
    span: Option<(usize, usize)>,
    quote: &str,
    credited: &mut HashSet<(i64, i64)>,
) {
    let nu = norm_url(url);
    let stored = b
        .docs
        .iter()
        .find(|s| {
            s.id != doc
                && [&s.url, &s.canonical_url]
                    .into_iter()
                    .flatten()
                    .any(|u| norm_url(u) == nu)
        })
        .map(|s| s.id);
    let from = match stored {
        Some(s) => {
            credited.insert((s, doc));
            From::Doc(s)
        }
        None => match host(url) {
            Some(h) => b.external("url", &h, url),
            None => return,
        },
    };
    b.add(
        EdgeRelation::Repost,
        from,
        doc,
        true,
        0.9,
        serde_json::json!({
            "kind": "explicit", "cue": "source_url", "value": url, "origin": origin,
            "text": quote, "span": span,
        }),
    );
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The confidence measured on the dev split for edges of this relation whose first explicit cue
/// is the one given (`inferred` without one), from `data/chain/confidence.tsv`.
fn calibrated(relation: &str, evidence: &[serde_json::Value]) -> Option<f64> {
    use std::sync::OnceLock;
    static TABLE: OnceLock<HashMap<(&'static str, &'static str), f64>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        include_str!("../../data/chain/confidence.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (r, c) = (f.next()?, f.next()?);
                Some(((r, c), f.next()?.trim().parse().ok()?))
            })
            .collect()
    });
    let cue = evidence
        .iter()
        .find(|e| e["kind"] == "explicit")
        .and_then(|e| e["cue"].as_str())
        .unwrap_or("inferred");
    table.get(&(relation, cue)).copied()
}

/// Confidence, reduction of inferred edges a path already explains, and output order.
fn finish(b: Builder) -> Graph {
    let mut edges: Vec<Edge> = b
        .edges
        .into_iter()
        .map(|((rel, from, to), (directed, ws, evidence))| {
            let from = if let Some(d) = from.strip_prefix("doc:") {
                From::Doc(d.parse().unwrap_or(0))
            } else {
                From::External(from.trim_start_matches("ext:").to_string())
            };
            let relation = EdgeRelation::from_name(&rel).unwrap_or(EdgeRelation::SharedSource);
            Edge {
                relation,
                from,
                to,
                directed,
                // The evidence's strength orders the edges below; the calibrated confidence
                // replaces it once the edges are chosen.
                confidence: noisy_or(&ws),
                evidence,
            }
        })
        .collect();
    // Explicit edges first, then inferred ones by confidence; drop an inferred page-to-page edge
    // when the target is already reachable from its source (a copy of a copy).
    let explicit = |e: &Edge| e.evidence.iter().any(|v| v["kind"] == "explicit");
    edges.sort_by(|x, y| {
        explicit(y)
            .cmp(&explicit(x))
            .then(y.confidence.total_cmp(&x.confidence))
    });
    let mut kept: Vec<Edge> = Vec::new();
    // The kept directed page-to-page edges (not shared sources), as adjacency lists: what
    // `reachable` walks (a scan of every kept edge per step made the stage quadratic).
    let mut next: HashMap<i64, Vec<i64>> = HashMap::new();
    for e in edges {
        if !explicit(&e) {
            if let From::Doc(f) = e.from {
                let reach = reachable(&next, f, e.to) || (!e.directed && reachable(&next, e.to, f));
                // Two pages that both derive (directly) from one kept source share it already
                // when the edge says only that.
                if reach && e.relation != EdgeRelation::SharedSource {
                    continue;
                }
                if e.relation == EdgeRelation::SharedSource
                    && (reachable(&next, f, e.to) || reachable(&next, e.to, f))
                {
                    continue;
                }
            }
        }
        if let From::Doc(f) = e.from {
            if e.directed && e.relation != EdgeRelation::SharedSource {
                next.entry(f).or_default().push(e.to);
            }
        }
        kept.push(e);
    }
    for e in &mut kept {
        if let Some(c) = calibrated(e.relation.name(), &e.evidence) {
            e.confidence = c;
        }
    }
    kept.sort_by(|x, y| {
        (x.to, from_key(&x.from), x.relation.name()).cmp(&(
            y.to,
            from_key(&y.from),
            y.relation.name(),
        ))
    });
    Graph {
        externals: b.externals.into_values().collect(),
        edges: kept,
    }
}

/// True when `to` can be reached from `from` along `next` (page -> pages it leads to).
fn reachable(next: &HashMap<i64, Vec<i64>>, from: i64, to: i64) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if !seen.insert(n) {
            continue;
        }
        stack.extend(next.get(&n).into_iter().flatten().copied());
    }
    false
}

/// True when a page says it is a translation.
fn says_translation(chars: &[char]) -> bool {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"(?:^|[^\p{L}])(?:ترجمه|ترجمة|مترجم|ترجمها|traduit|traduite|traduction|translated|translation)(?:[^\p{L}]|$)")
            .expect("translation pattern")
    });
    re.is_match(&crate::text::normalize(&chars.iter().collect::<String>()))
}

/// The sender after an email word: (char offset in `tail`, length, name as written).
fn sender_after(tail: &str) -> Option<(usize, usize, String)> {
    let chars: Vec<char> = tail.chars().collect();
    // Words with their char offsets, stopping at the end of the clause.
    let mut words: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if matches!(
            chars[i],
            '.' | ',' | ';' | ':' | '،' | '؛' | '\n' | '(' | ')'
        ) {
            break;
        }
        if chars[i].is_alphanumeric() {
            let s = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || matches!(chars[i], '-' | '\'' | '_'))
            {
                i += 1;
            }
            words.push((s, chars[s..i].iter().collect()));
        } else {
            i += 1;
        }
    }
    let is_from = |w: &str| {
        let n = crate::text::normalize(w);
        matches!(
            n.as_str(),
            "من" | "de" | "d'" | "from" | "par" | "by" | "du"
        )
    };
    let k = words.iter().take(5).position(|(_, w)| is_from(w))?;
    let mut rest = words[k + 1..].iter().peekable();
    if rest
        .peek()
        .is_some_and(|(_, w)| matches!(crate::text::normalize(w).as_str(), "طرف" | "قبل"))
    {
        rest.next();
    }
    let mut name: Vec<&(usize, String)> = Vec::new();
    for wd in rest.take(2) {
        let n = crate::text::normalize(&wd.1);
        let stop = ["ar", "fr", "en"]
            .iter()
            .any(|l| crate::text::tokens::stopwords(l).contains(&n));
        let latin = !wd.1.chars().any(crate::text::tokens::is_arabic_letter);
        if stop || (latin && !wd.1.chars().next().is_some_and(char::is_uppercase)) {
            break;
        }
        // A user name ("Ould_Tevragh_Zeina", "sahel75") is a forum post's author, not a sender.
        if wd.1.contains('_') || wd.1.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        name.push(wd);
    }
    let first = name.first()?;
    let last = name.last()?;
    let end = last.0 + last.1.chars().count();
    Some((first.0, end - first.0, chars[first.0..end].iter().collect()))
}

/// Email words in a normalised text: (start, end) in original characters.
/// [`email_words`] over a page's characters, read in windows of about 100,000 characters cut at
/// white space (a token never spans two), so that its normalised copy and tokens stay small on a
/// huge page.
fn email_words_windowed(chars: &[char]) -> Vec<(usize, usize)> {
    const WINDOW: usize = 100_000;
    let mut out = Vec::new();
    let mut from = 0;
    while from < chars.len() {
        let mut to = (from + WINDOW).min(chars.len());
        if to < chars.len() {
            to = (from + WINDOW / 2..to)
                .rev()
                .find(|&i| chars[i].is_whitespace())
                .unwrap_or(to);
        }
        let piece: String = chars[from..to].iter().collect();
        out.extend(
            email_words(&piece)
                .into_iter()
                .map(|(a, b)| (a + from, b + from)),
        );
        from = to;
    }
    out
}

pub fn email_words(text: &str) -> Vec<(usize, usize)> {
    let n = crate::text::normalize::Normalized::new(text);
    crate::text::tokens::tokenize(&n, "en")
        .into_iter()
        .filter(|t| {
            let w = t.norm.trim_start_matches(['و', 'ب', 'ف']);
            crate::text::lists::list("email_words").contains(&w)
                || crate::text::lists::list("email_words").contains(&t.norm.as_str())
        })
        .map(|t| (t.start, t.end))
        .collect()
}
