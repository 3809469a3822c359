//! The committed recipe and gold of the real-page corpus (`eval/real/`): their shape, and the rule
//! that no third-party page text enters the repository (every gold place is a span with a hash,
//! never a quote). The pages themselves live in a scratch folder outside the repository; scoring
//! them is `claimtrail-bench real run SCRATCH` (see `eval/real/README.md`).

use claimtrail::eval::corpus::read_recipe;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn recipe_covers_four_stories_in_three_languages_with_disjoint_splits() {
    let pages = read_recipe(&root().join("eval/real/recipe.jsonl")).expect("recipe");
    assert!(pages.len() >= 60, "{} pages", pages.len());
    let mut langs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut split_of: HashMap<&str, &str> = HashMap::new();
    for p in &pages {
        langs.entry(&p.story).or_default().insert(&p.language);
        let s = split_of.entry(&p.story).or_insert(&p.split);
        assert_eq!(*s, p.split, "story {} is in both splits", p.story);
        assert_eq!(p.sha256.len(), 64, "{}", p.slug);
        assert_eq!(p.corpus, "pages", "{}", p.slug);
        assert!(
            !p.query.is_empty() && p.url.starts_with("http"),
            "{}",
            p.slug
        );
        // The stories kept for an independent check never enter this corpus.
        for banned in ["09algiers948", "blumenthal", "haouz", "amenas"] {
            assert!(
                !p.slug.contains(banned) && !p.url.to_lowercase().contains(banned),
                "{}",
                p.slug
            );
        }
    }
    assert!(langs.len() >= 4, "{langs:?}");
    for (story, l) in &langs {
        assert_eq!(l.len(), 3, "story {story} has languages {l:?}");
    }
    let splits: BTreeSet<&str> = split_of.values().copied().collect();
    assert_eq!(splits, BTreeSet::from(["dev", "test"]));
}

/// Every object with a `doc` field inside `v`.
fn places<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if map.contains_key("doc") {
                out.push(v);
            }
            map.values().for_each(|x| places(x, out));
        }
        Value::Array(list) => list.iter().for_each(|x| places(x, out)),
        _ => {}
    }
}

#[test]
fn committed_gold_holds_spans_with_hashes_and_no_page_text() {
    let pages = read_recipe(&root().join("eval/real/recipe.jsonl")).expect("recipe");
    let sha: HashMap<&str, (&str, &str)> = pages
        .iter()
        .map(|p| (p.slug.as_str(), (p.sha256.as_str(), p.split.as_str())))
        .collect();
    for split in ["dev", "test"] {
        let path = root().join(format!("eval/real/gold/{split}.gold.jsonl"));
        let text = std::fs::read_to_string(&path).expect("gold file");
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Value = serde_json::from_str(lines.next().expect("header")).expect("json");
        assert_eq!(header["gold"], "claimtrail-gold/1");
        let docs = header["docs"].as_object().expect("docs");
        for (id, d) in docs {
            let (hash, s) = sha
                .get(id.as_str())
                .unwrap_or_else(|| panic!("{id} not in the recipe"));
            assert_eq!(d["sha256"].as_str(), Some(*hash), "{id}");
            assert_eq!(*s, split, "{id} is in the other split");
        }
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for line in lines {
            let item: Value = serde_json::from_str(line).expect("json");
            *kinds
                .entry(item["kind"].as_str().unwrap_or("?").to_string())
                .or_default() += 1;
            assert!(
                item.get("note").is_none(),
                "notes stay in the scratch gold: {line}"
            );
            let mut found = Vec::new();
            places(&item, &mut found);
            for p in found {
                assert!(
                    p.get("quote").is_none(),
                    "a quote in committed gold: {line}"
                );
                let doc = p["doc"].as_str().expect("doc");
                assert!(docs.contains_key(doc), "{doc} not in the header");
                assert_eq!(p["sha256"].as_str().map(str::len), Some(64), "{line}");
                assert_eq!(p["span"].as_array().map(Vec::len), Some(2), "{line}");
            }
        }
        for kind in [
            "alignment",
            "divergence",
            "edge",
            "exhaustive",
            "duplicate",
            "cue",
        ] {
            assert!(
                kinds.contains_key(kind),
                "{split} gold has no {kind} item: {kinds:?}"
            );
        }
    }
}
