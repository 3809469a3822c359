//! Word lists of every stage, from `data/text/lists.tsv` (one `LIST<TAB>WORD` line each, in the
//! order the code reads them), loaded once.

use std::collections::HashMap;
use std::sync::OnceLock;

const LISTS_TSV: &str = include_str!("../../data/text/lists.tsv");
const PATTERNS_TSV: &str = include_str!("../../data/text/patterns.tsv");

fn all() -> &'static HashMap<&'static str, Vec<&'static str>> {
    static LISTS: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for line in LISTS_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some((name, word)) = line.split_once('\t') {
                map.entry(name).or_default().push(word);
            }
        }
        map
    })
}

/// The regular expression `name` of `data/text/patterns.tsv`; empty (matching everywhere) for a
/// name the file does not have (a test checks that every pattern the code names is there and
/// compiles).
pub fn pattern(name: &str) -> &'static str {
    static PATTERNS: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    PATTERNS
        .get_or_init(|| {
            PATTERNS_TSV
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter_map(|l| l.split_once('\t'))
                .collect()
        })
        .get(name)
        .copied()
        .unwrap_or("")
}

/// The words of list `name`, in file order; empty for a list the file does not have (a test
/// checks that every list the code names is there).
pub fn list(name: &str) -> &'static [&'static str] {
    all().get(name).map(Vec::as_slice).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_list_the_code_names_is_in_the_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let re = regex::Regex::new(r#"lists::list\("([a-z_]+)"\)"#).unwrap();
        let mut stack = vec![root];
        let mut names = Vec::new();
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    names.extend(re.captures_iter(&text).map(|c| c[1].to_string()));
                }
            }
        }
        assert!(names.len() >= 10, "{names:?}");
        for n in names {
            assert!(
                !super::list(&n).is_empty(),
                "list {n} is not in data/text/lists.tsv"
            );
        }
    }
}
