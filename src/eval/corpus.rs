//! The real-page corpus: a committed *recipe* (where each page came from and the SHA-256 of the
//! text saved from it) and a scratch folder outside the repository that holds the texts.
//!
//! Third-party page text never enters the repository. What is committed is `eval/real/recipe.jsonl`
//! (one [`RecipePage`] per line), gold files whose places are character spans with a hash, and
//! judged verdicts. This module checks a scratch folder against the recipe, writes a manifest for
//! `claimtrail run`, and turns quote-based gold (kept in the scratch folder, as labellers write it)
//! into span+hash gold that holds no page text.
//!
//! Invariants: a page is used only when the SHA-256 of its saved bytes equals the recipe's; a quote
//! is resolved exactly as `eval` resolves it (white space folded, nothing else), so the span+hash
//! gold scores the same as the quote gold it came from.

use super::text::{fold_whitespace, Folded};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One page of the real-page corpus, as the recipe records it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecipePage {
    /// Short id, unique in the corpus (`derna_fr_dhnet`).
    pub slug: String,
    /// The story the page tells (`derna`).
    pub story: String,
    /// `dev` (tune on it) or `test` (report on it, never tune on it).
    pub split: String,
    /// Path of the saved text under the scratch folder's `pages/`.
    pub file: String,
    /// The page's URL.
    pub url: String,
    /// The outlet, as a reader would name it.
    pub outlet: String,
    /// `ar`, `fr` or `en` (the labeller's reading; not given to claimtrail).
    pub language: String,
    /// The page's date when the page or its URL states it.
    #[serde(default)]
    pub published: Option<String>,
    /// The labeller's reading of what the page is (not given to claimtrail).
    pub kind: String,
    /// The `search` query (corpus `pages`) whose result holds the page.
    pub query: String,
    /// The search corpus (`pages`).
    pub corpus: String,
    /// The page's rank in that result list.
    #[serde(default)]
    pub rank: Option<u32>,
    /// SHA-256 (hex) of the saved text's bytes.
    pub sha256: String,
    /// One line on what the page is.
    #[serde(default)]
    pub note: Option<String>,
}

/// Reads a recipe file (JSON Lines); every error names the file and line.
pub fn read_recipe(path: &Path) -> Result<Vec<RecipePage>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, format!("cannot read the recipe: {e}")))?;
    let mut pages: Vec<RecipePage> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let page: RecipePage = serde_json::from_str(line)
            .map_err(|e| Error::input_line(path, i + 1, format!("not a recipe line: {e}")))?;
        if pages.iter().any(|p| p.slug == page.slug) {
            return Err(Error::input_line(
                path,
                i + 1,
                format!("slug {} appears twice", page.slug),
            ));
        }
        if !matches!(page.split.as_str(), "dev" | "test") {
            return Err(Error::input_line(
                path,
                i + 1,
                format!("split must be dev or test, not {}", page.split),
            ));
        }
        pages.push(page);
    }
    Ok(pages)
}

pub use crate::model::sha256_hex;

/// What is wrong with one page of the scratch folder.
#[derive(Debug, Clone, PartialEq)]
pub enum PageProblem {
    /// No file at the expected path.
    Missing(PathBuf),
    /// The file's SHA-256 differs from the recipe's.
    Changed { path: PathBuf, got: String },
}

impl std::fmt::Display for PageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageProblem::Missing(p) => write!(f, "{}: missing; save it from the recipe's query", p.display()),
            PageProblem::Changed { path, got } => write!(
                f,
                "{}: its SHA-256 is {got}, not the recipe's; save the excerpt again exactly as the search tool returns it",
                path.display()
            ),
        }
    }
}

/// The path of a recipe page in the scratch folder.
pub fn page_path(scratch: &Path, page: &RecipePage) -> PathBuf {
    scratch.join("pages").join(&page.file)
}

/// Checks every page of `pages` in the scratch folder: present, and with the recipe's SHA-256.
pub fn check_scratch(scratch: &Path, pages: &[RecipePage]) -> Vec<(String, PageProblem)> {
    let mut problems = Vec::new();
    for page in pages {
        let path = page_path(scratch, page);
        match std::fs::read(&path) {
            Err(_) => problems.push((page.slug.clone(), PageProblem::Missing(path))),
            Ok(bytes) => {
                let got = sha256_hex(&bytes);
                if got != page.sha256 {
                    problems.push((page.slug.clone(), PageProblem::Changed { path, got }));
                }
            }
        }
    }
    problems
}

/// Writes a `claimtrail` manifest (CSV) for `pages`: file (absolute), outlet, URL and date, which
/// a user would know; not the language or the kind, which are the labeller's reading and which
/// claimtrail must find itself.
pub fn write_manifest(scratch: &Path, pages: &[RecipePage], out: &Path) -> Result<()> {
    let mut w = csv::Writer::from_path(out)
        .map_err(|e| Error::input(out, format!("cannot write the manifest: {e}")))?;
    let scratch = std::fs::canonicalize(scratch)
        .map_err(|e| Error::input(scratch, format!("cannot open the scratch folder: {e}")))?;
    let header = crate::ingest::manifest::COLUMNS;
    let mut rows = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for p in pages {
        rows.push(vec![
            page_path(&scratch, p).display().to_string(),
            p.outlet.clone(),
            p.url.clone(),
            p.published.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for row in rows {
        w.write_record(&row)
            .map_err(|e| Error::input(out, format!("cannot write the manifest: {e}")))?;
    }
    w.flush()
        .map_err(|e| Error::input(out, format!("cannot write the manifest: {e}")))
}

/// Turns quote-based gold lines (no header; places `{"doc", "quote"[, "occurrence"]}` naming
/// recipe slugs) into a span+hash gold file for the documents of `pages`: the header (slug ->
/// SHA-256 and file) and every item with each quote replaced by `{"doc", "span", "sha256"}`.
/// Items that name a document outside `pages` are left out; the count is returned beside the text.
///
/// Fails, naming the quote file and line, on a line that is not JSON, a quote that does not occur
/// (or occurs more than once without `occurrence`), and `"occurrence": "any"` (a span is one
/// place; write one item per occurrence).
pub fn quotes_to_spans(
    quote_file: &Path,
    lines: &str,
    scratch: &Path,
    pages: &[RecipePage],
) -> Result<(String, usize, usize)> {
    let mut texts: HashMap<&str, (Folded, Vec<char>)> = HashMap::new();
    for p in pages {
        let path = page_path(scratch, p);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Error::input(&path, format!("cannot read: {e}")))?;
        texts.insert(
            p.slug.as_str(),
            (Folded::new(&text), text.chars().collect()),
        );
    }
    let mut docs = BTreeMap::new();
    for p in pages {
        docs.insert(
            p.slug.clone(),
            serde_json::json!({"sha256": p.sha256, "file": p.file}),
        );
    }
    let mut out = serde_json::json!({"gold": super::GOLD_FORMAT, "docs": docs}).to_string();
    out.push('\n');
    let (mut kept, mut skipped) = (0, 0);
    for (i, line) in lines.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |problem: String| Error::input_line(quote_file, i + 1, problem);
        let mut item: Value =
            serde_json::from_str(line).map_err(|e| at(format!("not JSON: {e}")))?;
        if !names_only(&item, &texts) {
            skipped += 1;
            continue;
        }
        convert_places(&mut item, &texts).map_err(at)?;
        // Notes are the labellers' own words but may echo page wording: they stay in the scratch
        // gold.
        if let Some(obj) = item.as_object_mut() {
            obj.remove("note");
        }
        out.push_str(&item.to_string());
        out.push('\n');
        kept += 1;
    }
    Ok((out, kept, skipped))
}

/// True when every document the item names (places, edge ends, pairs, docs) is in `texts`.
fn names_only(item: &Value, texts: &HashMap<&str, (Folded, Vec<char>)>) -> bool {
    let known = |v: &Value| v.as_str().is_none_or(|s| texts.contains_key(s));
    let Some(obj) = item.as_object() else {
        return true;
    };
    for (key, v) in obj {
        let ok = match (key.as_str(), v) {
            (_, Value::Object(place)) if place.contains_key("doc") => {
                place.get("doc").is_none_or(known)
            }
            ("from" | "to", Value::String(_)) => known(v),
            ("docs", Value::Array(list)) => list.iter().all(known),
            ("pairs", Value::Array(list)) => list
                .iter()
                .all(|p| p.as_array().is_none_or(|p| p.iter().all(known))),
            _ => true,
        };
        if !ok {
            return false;
        }
    }
    true
}

fn convert_places(
    item: &mut Value,
    texts: &HashMap<&str, (Folded, Vec<char>)>,
) -> std::result::Result<(), String> {
    let Some(obj) = item.as_object_mut() else {
        return Err("not a JSON object".into());
    };
    for (key, v) in obj.iter_mut() {
        let Value::Object(place) = v else { continue };
        if !place.contains_key("quote") {
            continue;
        }
        *v = Value::Object(span_place(key, place, texts)?);
    }
    Ok(())
}

fn span_place(
    field: &str,
    place: &Map<String, Value>,
    texts: &HashMap<&str, (Folded, Vec<char>)>,
) -> std::result::Result<Map<String, Value>, String> {
    let doc = place
        .get("doc")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("field \"{field}.doc\" must be a string"))?;
    let quote = place
        .get("quote")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("field \"{field}.quote\" must be a string"))?;
    let (folded, chars) = texts
        .get(doc)
        .ok_or_else(|| format!("document {doc} is not in the recipe"))?;
    let all = folded.occurrences(&fold_whitespace(quote));
    let shown: String = quote.chars().take(50).collect();
    let span = match place.get("occurrence") {
        _ if all.is_empty() => {
            return Err(format!(
                "quote \"{shown}\" (field \"{field}\") does not occur in {doc}"
            ))
        }
        None | Some(Value::Null) if all.len() == 1 => all[0],
        None | Some(Value::Null) => {
            return Err(format!(
                "quote \"{shown}\" (field \"{field}\") occurs {} times in {doc}; give \"occurrence\"",
                all.len()
            ))
        }
        Some(Value::Number(n)) => {
            let n = n.as_u64().unwrap_or(0) as usize;
            *all.get(n.wrapping_sub(1)).ok_or_else(|| {
                format!(
                    "field \"{field}.occurrence\" is {n}, but the quote occurs {} times in {doc}",
                    all.len()
                )
            })?
        }
        Some(_) => {
            return Err(format!(
                "field \"{field}.occurrence\": only a number can become a span (write one item per occurrence)"
            ))
        }
    };
    let slice: String = chars[span.start as usize..span.end as usize]
        .iter()
        .collect();
    let mut out = Map::new();
    out.insert("doc".into(), Value::String(doc.to_string()));
    out.insert("span".into(), serde_json::json!([span.start, span.end]));
    out.insert("sha256".into(), Value::String(sha256_hex(slice.as_bytes())));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(slug: &str, file: &str, sha: &str) -> RecipePage {
        RecipePage {
            slug: slug.into(),
            story: "s".into(),
            split: "dev".into(),
            file: file.into(),
            url: format!("https://example.org/{slug}"),
            outlet: "Example".into(),
            language: "en".into(),
            published: Some("2023-09-12".into()),
            kind: "outlet".into(),
            query: "q".into(),
            corpus: "pages".into(),
            rank: Some(1),
            sha256: sha.into(),
            note: None,
        }
    }

    #[test]
    fn quotes_become_spans_with_hashes_and_no_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pages/s")).unwrap();
        let a = "The toll rose to 5,300.\nIt   rose again: 5,300 dead.";
        let b = "ارتفعت الحصيلة إلى 5300 قتيل.";
        std::fs::write(dir.path().join("pages/s/a.txt"), a).unwrap();
        std::fs::write(dir.path().join("pages/s/b.txt"), b).unwrap();
        let pages = vec![
            page("a", "s/a.txt", &sha256_hex(a.as_bytes())),
            page("b", "s/b.txt", &sha256_hex(b.as_bytes())),
        ];
        assert!(check_scratch(dir.path(), &pages).is_empty());
        let quotes = concat!(
            r#"{"kind":"alignment","level":"core","a":{"doc":"a","quote":"It rose again: 5,300 dead."},"b":{"doc":"b","quote":"ارتفعت الحصيلة إلى 5300 قتيل."},"note":"same toll"}"#,
            "\n",
            r#"{"kind":"divergence","type":"number","level":"core","a":{"doc":"a","quote":"5,300","occurrence":2},"b":{"doc":"c","quote":"x"}}"#,
            "\n",
            r#"{"kind":"exhaustive","of":"alignment","level":"core","pairs":[["a","b"]]}"#,
            "\n"
        );
        let (gold, kept, skipped) =
            quotes_to_spans(Path::new("q.jsonl"), quotes, dir.path(), &pages).unwrap();
        assert_eq!((kept, skipped), (2, 1), "the item naming c is left out");
        assert!(!gold.contains("rose"), "no page text in span gold: {gold}");
        assert!(
            !gold.contains("الحصيلة"),
            "no page text in span gold: {gold}"
        );
        let lines: Vec<Value> = gold
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["docs"]["a"]["sha256"], sha256_hex(a.as_bytes()));
        // "It   rose again: 5,300 dead." starts at character 24 and keeps its original spaces.
        let span = &lines[1]["a"]["span"];
        assert_eq!(span, &serde_json::json!([24, 52]));
        let original: String = a.chars().skip(24).take(28).collect();
        assert_eq!(lines[1]["a"]["sha256"], sha256_hex(original.as_bytes()));
        assert!(
            lines[1].get("note").is_none(),
            "notes stay in the scratch gold"
        );

        // Errors name the file and line.
        let err = quotes_to_spans(
            Path::new("q.jsonl"),
            r#"{"kind":"cue","type":"quote","level":"core","at":{"doc":"a","quote":"5,300"}}"#,
            dir.path(),
            &pages,
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("q.jsonl:1: "), "{err}");
        assert!(err.contains("occurs 2 times"), "{err}");
    }

    #[test]
    fn changed_or_missing_pages_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pages/s")).unwrap();
        std::fs::write(dir.path().join("pages/s/a.txt"), "edited").unwrap();
        let pages = vec![
            page("a", "s/a.txt", &sha256_hex(b"original")),
            page("b", "s/b.txt", &sha256_hex(b"x")),
        ];
        let problems = check_scratch(dir.path(), &pages);
        assert_eq!(problems.len(), 2);
        assert!(matches!(problems[0].1, PageProblem::Changed { .. }));
        assert!(matches!(problems[1].1, PageProblem::Missing(_)));
        assert!(problems[1].1.to_string().contains("missing"));
    }
}
