//! HTML: the page's main text and its metadata, with a real parser (html5ever through scraper)
//! and a readability-style extractor.
//!
//! Input: decoded HTML. Output: [`HtmlPage`], whose `text` is what claimtrail stores and what every
//! span points into; the raw bytes are stored beside it. The extractor drops script, style,
//! navigation, forms, comment boxes and other boilerplate; scores the remaining blocks by their text
//! (length, commas, link density, class and id hints) as Mozilla's Readability does; keeps the best
//! container and the siblings that score close to it; and writes one paragraph per block, separated
//! by blank lines. The page's `<h1>` headline is put first when the container does not hold it.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

/// The extracted main text and metadata of a page.
#[derive(Debug, Clone, Default)]
pub struct HtmlPage {
    pub text: String,
    pub title: Option<String>,
    pub canonical_url: Option<String>,
    pub site_name: Option<String>,
    /// The raw publication date string from the page's metadata.
    pub published: Option<String>,
    pub parse_errors: usize,
    /// Opening tags dropped because they nested deeper than [`MAX_DEPTH`] (their text is kept).
    pub flattened: usize,
}

/// The deepest element nesting parsed as written; deeper tags are dropped before parsing and
/// their text kept in the element at this depth (browsers flatten at 512 too). HTML's tree builder
/// scans the stack of open elements for many tags, so 100,000 nested `<div>`s would cost minutes.
pub const MAX_DEPTH: usize = 512;

/// Elements that never contain anything.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements a page often leaves open and the parser closes at the next sibling: not counted as
/// nesting (a page of 5,000 unclosed `<p>` is not deep).
const SELF_CLOSING_BY_SIBLING: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "tbody", "thead", "tfoot",
    "colgroup", "rb", "rt", "rp",
];

/// Elements whose content is raw text up to their end tag (no tags inside).
const RAW_TEXT_TAGS: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// `html` with the opening and closing tags of elements nested deeper than `limit` removed, and
/// how many opening tags were removed; borrowed when nothing is that deep. A lexical pass (tags,
/// comments, raw-text elements, quoted attributes), linear in the input.
pub fn cap_depth(html: &str, limit: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let b = html.as_bytes();
    let lower_starts = |at: usize, word: &[u8]| {
        b.len() >= at + word.len() && b[at..at + word.len()].eq_ignore_ascii_case(word)
    };
    // The end of a tag starting at `i` ('<'): one past its '>', quotes respected.
    let tag_end = |mut i: usize| {
        let mut quote = 0u8;
        while i < b.len() {
            let c = b[i];
            if quote != 0 {
                if c == quote {
                    quote = 0;
                }
            } else if c == b'"' || c == b'\'' {
                quote = c;
            } else if c == b'>' {
                return i + 1;
            }
            i += 1;
        }
        b.len()
    };
    let mut open: Vec<(String, bool)> = Vec::new(); // counted elements: name, kept
    let mut depth = 0usize; // kept counted elements open
    let mut out: Option<String> = None;
    let mut copied = 0usize; // html[..copied] is in `out` (or needs no copy)
    let mut dropped = 0usize;
    let drop_range = |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize| {
        let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
        o.push_str(&html[*copied..from]);
        *copied = to;
    };
    let mut i = 0usize;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if lower_starts(i, b"<!--") {
            i = html[i + 4..].find("-->").map_or(b.len(), |k| i + 4 + k + 3);
            continue;
        }
        if lower_starts(i, b"<!") || lower_starts(i, b"<?") {
            i = tag_end(i);
            continue;
        }
        let closing = b.get(i + 1) == Some(&b'/');
        let name_at = if closing { i + 2 } else { i + 1 };
        let name_len = b[name_at.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let end = tag_end(i);
        let self_closed = end >= 2 && b[end - 2] == b'/';
        if !closing && RAW_TEXT_TAGS.contains(&name.as_str()) {
            // Skip to the matching end tag: nothing inside is markup.
            let close = format!("</{name}");
            let mut j = end;
            while j < b.len() && !lower_starts(j, close.as_bytes()) {
                j += 1;
            }
            i = j;
            continue;
        }
        let counted = !VOID_TAGS.contains(&name.as_str())
            && !SELF_CLOSING_BY_SIBLING.contains(&name.as_str());
        if !counted || (self_closed && !closing) {
            i = end;
            continue;
        }
        if !closing {
            let kept = depth < limit;
            if kept {
                depth += 1;
            } else {
                dropped += 1;
                drop_range(&mut out, &mut copied, i, end);
            }
            open.push((name, kept));
        } else {
            // Close the nearest open element of that name (within a short reach: misnesting
            // is local); an unknown closing tag is left to the parser.
            let reach = open.len().saturating_sub(64);
            if let Some(k) = (reach..open.len()).rev().find(|&k| open[k].0 == name) {
                let kept = open[k].1;
                for (_, was_kept) in open.drain(k..) {
                    if was_kept {
                        depth -= 1;
                    }
                }
                if !kept {
                    drop_range(&mut out, &mut copied, i, end);
                }
            }
        }
        i = end;
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[copied..]);
            (std::borrow::Cow::Owned(o), dropped)
        }
        None => (std::borrow::Cow::Borrowed(html), 0),
    }
}

const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "form",
    "button", "select", "input", "textarea", "nav", "aside", "footer", "canvas", "head", "menu",
    "dialog", "video", "audio", "map",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "hr",
    "body",
    "center",
];

const UNLIKELY: &[&str] = &[
    "comment",
    "disqus",
    "sidebar",
    "widget",
    "nav",
    "menu",
    "footer",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "advert",
    "sponsor",
    "promo",
    "cookie",
    "banner",
    "breadcrumb",
    "popup",
    "modal",
    "subscribe",
    "newsletter",
    "masthead",
    "skip",
    "login",
    "signup",
    "pagination",
    "pager",
    "tags",
    "author-box",
    "byline-box",
    "most-read",
    "trending",
];

const LIKELY: &[&str] = &[
    "article", "content", "entry", "main", "post", "story", "text", "body", "blog", "column",
];

fn class_id(el: &scraper::node::Element) -> String {
    let mut s = String::new();
    if let Some(c) = el.attr("class") {
        s.push_str(c);
    }
    s.push(' ');
    if let Some(i) = el.attr("id") {
        s.push_str(i);
    }
    s.to_lowercase()
}

fn is_unlikely(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if matches!(name, "html" | "body" | "article" | "main") {
        return false;
    }
    let ci = class_id(el);
    if ci.trim().is_empty() {
        return false;
    }
    let word_hit = |w: &str| {
        ci.split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|tok| {
                tok == w
                    || tok.starts_with(&format!("{w}-"))
                    || tok.ends_with(&format!("-{w}"))
                    || tok.starts_with(w) && tok.len() <= w.len() + 1
            })
    };
    UNLIKELY.iter().any(|w| word_hit(w)) && !LIKELY.iter().any(|w| ci.contains(w))
        || ci
            .split_whitespace()
            .any(|t| t == "ad" || t == "ads" || t.starts_with("ad-"))
}

fn is_dropped(node: &NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Element(el) => {
            DROP_TAGS.contains(&el.name())
                || is_unlikely(el)
                || el.attr("hidden").is_some()
                || el
                    .attr("style")
                    .map(|s| s.replace(' ', "").contains("display:none"))
                    .unwrap_or(false)
                || el.attr("aria-hidden") == Some("true")
                || matches!(
                    el.attr("role"),
                    Some("navigation" | "complementary" | "banner" | "contentinfo")
                )
        }
        Node::Comment(_) => true,
        _ => false,
    }
}

/// Text length, linked-text length and commas of a subtree, skipping dropped parts.
type Stats = (usize, usize, usize);

/// The [`Stats`] of every element's subtree, computed bottom-up in one pass (a deep tree costs
/// its size, not its size times its depth, and no recursion): an element's stats are the sum over
/// its kept children, where a text counts its trimmed characters and commas, and a link child
/// counts all its text as linked.
fn subtree_stats(doc: &Html) -> HashMap<ego_tree::NodeId, Stats> {
    let mut stats: HashMap<ego_tree::NodeId, Stats> = HashMap::new();
    // Post-order without recursion: a node is finished after all its children.
    let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(doc.tree.root(), false)];
    while let Some((node, done)) = stack.pop() {
        if !done {
            stack.push((node, true));
            for child in node.children() {
                if matches!(child.value(), Node::Element(_)) && !is_dropped(&child) {
                    stack.push((child, false));
                }
            }
            continue;
        }
        let mut acc: Stats = (0, 0, 0);
        for child in node.children() {
            if is_dropped(&child) {
                continue;
            }
            match child.value() {
                Node::Text(t) => {
                    acc.0 += t.trim().chars().count();
                    acc.2 += t.chars().filter(|c| matches!(c, ',' | '،' | '，')).count();
                }
                Node::Element(el) => {
                    let c = stats.get(&child.id()).copied().unwrap_or_default();
                    acc.0 += c.0;
                    acc.1 += if el.name() == "a" { c.0 } else { c.1 };
                    acc.2 += c.2;
                }
                _ => {}
            }
        }
        stats.insert(node.id(), acc);
    }
    stats
}

fn has_block_child(node: NodeRef<'_, Node>) -> bool {
    node.children().any(|c| match c.value() {
        Node::Element(el) => BLOCK_TAGS.contains(&el.name()) && el.name() != "center",
        _ => false,
    })
}

fn tag_weight(el: &scraper::node::Element) -> f64 {
    let base = match el.name() {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    let ci = class_id(el);
    let mut w = base;
    if LIKELY.iter().any(|k| ci.contains(k)) {
        w += 25.0;
    }
    if el.attr("itemprop") == Some("articleBody") {
        w += 50.0;
    }
    w
}

/// Parses `html` and extracts its main text and metadata.
pub fn extract(html: &str) -> Result<HtmlPage, String> {
    let (html, flattened) = cap_depth(html, MAX_DEPTH);
    let doc = Html::parse_document(&html);
    let mut page = HtmlPage {
        parse_errors: doc.errors.len(),
        flattened,
        ..Default::default()
    };
    read_meta(&doc, &mut page);

    let body = first(&doc, "body").unwrap_or_else(|| doc.root_element());

    let stats = subtree_stats(&doc);
    let stats_of = |n: NodeRef<'_, Node>| stats.get(&n.id()).copied().unwrap_or_default();
    // Score paragraph-like blocks into their parent and grandparent (Readability's scheme).
    let mut scores: HashMap<ego_tree::NodeId, f64> = HashMap::new();
    let mut stack = vec![*body];
    while let Some(node) = stack.pop() {
        for child in node.children() {
            if is_dropped(&child) {
                continue;
            }
            if let Node::Element(el) = child.value() {
                let name = el.name();
                let paragraph_like = matches!(name, "p" | "pre" | "blockquote" | "td")
                    || (matches!(name, "div" | "section" | "article" | "span")
                        && !has_block_child(child));
                if paragraph_like {
                    let st = stats_of(child);
                    if st.0 >= 25 {
                        let score = 1.0 + st.2 as f64 + (st.0 as f64 / 100.0).min(3.0);
                        if let Some(parent) = child.parent() {
                            *scores.entry(parent.id()).or_insert_with(|| initial(parent)) += score;
                            if let Some(gp) = parent.parent() {
                                *scores.entry(gp.id()).or_insert_with(|| initial(gp)) +=
                                    score / 2.0;
                            }
                        }
                    }
                }
                stack.push(child);
            }
        }
    }
    let mut best: Option<(ego_tree::NodeId, f64)> = None;
    for (&id, &score) in &scores {
        let Some(node) = doc.tree.get(id) else {
            continue;
        };
        let st = stats_of(node);
        let link_density = if st.0 == 0 {
            1.0
        } else {
            st.1 as f64 / st.0 as f64
        };
        let final_score = score * (1.0 - link_density);
        if best.map(|(_, b)| final_score > b).unwrap_or(true) {
            best = Some((id, final_score));
        }
    }

    let mut blocks: Vec<String> = Vec::new();
    let chosen: Vec<NodeRef<'_, Node>> = match best
        .and_then(|(id, s)| doc.tree.get(id).map(|n| (n, s)))
    {
        Some((top, top_score)) => {
            let mut nodes = Vec::new();
            match top.parent() {
                Some(parent) if !matches!(top.value(), Node::Element(e) if e.name() == "body") => {
                    let threshold = (top_score * 0.2).max(10.0);
                    for sib in parent.children() {
                        if sib.id() == top.id() {
                            nodes.push(sib);
                            continue;
                        }
                        if is_dropped(&sib) {
                            continue;
                        }
                        let sib_score = scores.get(&sib.id()).copied().unwrap_or(0.0);
                        let st = stats_of(sib);
                        let ld = if st.0 == 0 {
                            1.0
                        } else {
                            st.1 as f64 / st.0 as f64
                        };
                        let is_p = matches!(sib.value(), Node::Element(e) if e.name() == "p");
                        if sib_score * (1.0 - ld) >= threshold || (is_p && st.0 > 80 && ld < 0.25) {
                            nodes.push(sib);
                        }
                    }
                }
                _ => nodes.push(top),
            }
            nodes
        }
        None => vec![*body],
    };
    let mut current = String::new();
    for node in &chosen {
        render(*node, &mut blocks, &mut current);
    }
    flush(&mut blocks, &mut current);

    // The headline often sits outside the article container.
    if let Some(h1) = first(&doc, "h1") {
        let headline = collapse(&h1.text().collect::<String>());
        if !headline.is_empty() && !blocks.iter().any(|b| b.contains(&headline)) {
            blocks.insert(0, headline);
        }
    }
    page.text = blocks.join("\n\n");
    if !page.text.chars().any(char::is_alphanumeric) {
        return Err(if page.parse_errors > 0 {
            format!(
                "malformed HTML ({} parse errors) with no main text to extract",
                page.parse_errors
            )
        } else {
            "HTML with no main text to extract".into()
        });
    }
    Ok(page)
}

fn initial(node: NodeRef<'_, Node>) -> f64 {
    match node.value() {
        Node::Element(el) => tag_weight(el),
        _ => 0.0,
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn flush(blocks: &mut Vec<String>, current: &mut String) {
    let para: Vec<String> = current
        .split('\n')
        .map(collapse)
        .filter(|l| !l.is_empty())
        .collect();
    if !para.is_empty() {
        blocks.push(para.join("\n"));
    }
    current.clear();
}

/// Appends the text of `root`'s subtree to `current`, closing a block at each block element's
/// start and end; walks the tree with its own stack (no recursion: a page of 100,000 nested
/// elements must not overflow the thread's stack).
fn render(root: NodeRef<'_, Node>, blocks: &mut Vec<String>, current: &mut String) {
    // (node, true) marks the end of a block element, after its children.
    let mut stack: Vec<(NodeRef<'_, Node>, bool)> = vec![(root, false)];
    while let Some((node, end)) = stack.pop() {
        if end {
            flush(blocks, current);
            continue;
        }
        if is_dropped(&node) {
            continue;
        }
        match node.value() {
            Node::Text(t) => current.push_str(&t.replace(['\n', '\r', '\t'], " ")),
            Node::Element(el) => {
                let name = el.name();
                if name == "br" {
                    current.push('\n');
                    continue;
                }
                let block = BLOCK_TAGS.contains(&name);
                if block {
                    flush(blocks, current);
                    stack.push((node, true));
                }
                if name == "td" || name == "th" {
                    current.push(' ');
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
            Node::Document | Node::Fragment => {
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|c| (c, false)));
            }
            _ => {}
        }
    }
}

fn first<'a>(doc: &'a Html, sel: &str) -> Option<ElementRef<'a>> {
    let s = Selector::parse(sel).ok()?;
    doc.select(&s).next()
}

fn meta(doc: &Html, attr: &str, names: &[&str]) -> Option<String> {
    let s = Selector::parse("meta").ok()?;
    for name in names {
        for el in doc.select(&s) {
            if el
                .value()
                .attr(attr)
                .map(|v| v.eq_ignore_ascii_case(name))
                .unwrap_or(false)
            {
                if let Some(c) = el.value().attr("content") {
                    let c = collapse(c);
                    if !c.is_empty() {
                        return Some(c);
                    }
                }
            }
        }
    }
    None
}

fn read_meta(doc: &Html, page: &mut HtmlPage) {
    page.title = meta(doc, "property", &["og:title"])
        .or_else(|| meta(doc, "name", &["twitter:title", "title"]))
        .or_else(|| first(doc, "title").map(|t| collapse(&t.text().collect::<String>())))
        .or_else(|| first(doc, "h1").map(|t| collapse(&t.text().collect::<String>())))
        .filter(|t| !t.is_empty());
    page.canonical_url = Selector::parse("link[rel]")
        .ok()
        .and_then(|s| {
            doc.select(&s)
                .find(|l| {
                    l.value()
                        .attr("rel")
                        .map(|r| {
                            r.split_whitespace()
                                .any(|t| t.eq_ignore_ascii_case("canonical"))
                        })
                        .unwrap_or(false)
                })
                .and_then(|l| l.value().attr("href").map(|h| h.trim().to_string()))
        })
        .filter(|h| !h.is_empty())
        .or_else(|| meta(doc, "property", &["og:url"]));
    page.site_name = meta(doc, "property", &["og:site_name"])
        .or_else(|| meta(doc, "name", &["application-name", "publisher"]));
    page.published = meta(
        doc,
        "property",
        &[
            "article:published_time",
            "og:published_time",
            "og:article:published_time",
        ],
    )
    .or_else(|| {
        meta(
            doc,
            "name",
            &[
                "article:published_time",
                "pubdate",
                "publishdate",
                "publish-date",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
            ],
        )
    })
    .or_else(|| meta(doc, "itemprop", &["datePublished"]))
    .or_else(|| json_ld_date(doc))
    .or_else(|| {
        Selector::parse("time[datetime]").ok().and_then(|s| {
            doc.select(&s)
                .next()
                .and_then(|t| t.value().attr("datetime").map(str::to_string))
        })
    });
}

fn json_ld_date(doc: &Html) -> Option<String> {
    let s = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    for el in doc.select(&s) {
        let text: String = el.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            if let Some(d) = find_key(&v, "datePublished") {
                return Some(d);
            }
        }
    }
    None
}

fn find_key(v: &serde_json::Value, key: &str) -> Option<String> {
    match v {
        serde_json::Value::Object(m) => {
            if let Some(serde_json::Value::String(s)) = m.get(key) {
                return Some(s.clone());
            }
            m.values().find_map(|x| find_key(x, key))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

/// The charset an HTML page declares in its first bytes (`<meta charset>` or `http-equiv`).
pub fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let pos = lower.windows(8).position(|w| w == b"charset=")?;
    let rest = &lower[pos + 8..];
    let rest: &[u8] = match rest.first() {
        Some(b'"' | b'\'') => &rest[1..],
        _ => rest,
    };
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
        .unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!doctype html><html><head><title>Le titre - Site</title>
<meta property="og:title" content="Wikileaks : l'Algérie aurait encouragé AQMI">
<meta property="og:site_name" content="Zamane">
<link rel="canonical" href="http://zamane.ma/fr/wikileaks/">
<meta property="article:published_time" content="2016-03-22T10:00:00+00:00">
<script>var x = "ne pas garder";</script><style>p{}</style></head>
<body><nav><a href="/">Accueil</a> <a href="/a">Politique</a></nav>
<header class="masthead">Zamane, le magazine</header>
<h1>Wikileaks : l'Algérie aurait encouragé AQMI</h1>
<div class="article-content">
<p>La crise sur le « dossier Sahara » bat son plein, entre le Maroc et Ban Ki-moon, Secrétaire Général des Nations-Unies.</p>
<p>Quelques temps plus tôt, le 12 avril 2012, Belmokhtar enlevait le Consul d'Algérie à Gao, au Mali.</p>
<div class="share-buttons"><a href="#">Partager</a></div>
</div>
<div id="comments"><p>Premier commentaire, très long, qui ne doit pas apparaître dans le texte principal du tout.</p></div>
<footer>© Zamane 2016</footer></body></html>"##;

    #[test]
    fn main_text_and_meta() {
        let p = extract(PAGE).unwrap();
        assert_eq!(
            p.title.as_deref(),
            Some("Wikileaks : l'Algérie aurait encouragé AQMI")
        );
        assert_eq!(
            p.canonical_url.as_deref(),
            Some("http://zamane.ma/fr/wikileaks/")
        );
        assert_eq!(p.site_name.as_deref(), Some("Zamane"));
        assert_eq!(p.published.as_deref(), Some("2016-03-22T10:00:00+00:00"));
        assert!(
            p.text
                .starts_with("Wikileaks : l'Algérie aurait encouragé AQMI\n\nLa crise"),
            "{}",
            p.text
        );
        assert!(p.text.contains("le 12 avril 2012, Belmokhtar"));
        for junk in [
            "ne pas garder",
            "Accueil",
            "Partager",
            "commentaire",
            "©",
            "magazine",
        ] {
            assert!(!p.text.contains(junk), "{junk} in {}", p.text);
        }
    }

    #[test]
    fn malformed_is_tolerated_and_counted() {
        let p =
            extract("<html><body><p>Texte <b>important sans fin <p>Deuxième paragraphe").unwrap();
        assert!(p.text.contains("Texte important sans fin"));
        assert!(p.text.contains("Deuxième paragraphe"));
        assert!(extract("<html><script>x</script></html>").is_err());
    }

    #[test]
    fn charset_declaration() {
        assert_eq!(
            declared_charset(br#"<meta charset="windows-1256">"#),
            Some(encoding_rs::WINDOWS_1256)
        );
        assert_eq!(
            declared_charset(
                br#"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">"#
            ),
            Some(encoding_rs::ISO_8859_6)
        );
    }
}
