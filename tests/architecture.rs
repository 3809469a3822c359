//! The module structure: data flows one way. Every top-level module of the library is a node, each
//! `crate::NAME` it mentions an arrow; the test fails on a cycle (naming it) and on a stage that
//! reaches a layer above it. See ARCHITECTURE.md for the layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Module -> the modules its code names as `crate::NAME` (or inside `crate::{...}`).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let modules: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect();
    let single = regex::Regex::new(r"crate::([a-z_]+)").expect("regex");
    let group = regex::Regex::new(r"crate::\{([^}]*)\}").expect("regex");
    let mut g = BTreeMap::new();
    for m in &modules {
        let mut fs = Vec::new();
        let dir = src.join(m);
        if dir.is_dir() {
            files(&dir, &mut fs);
        } else {
            fs.push(src.join(format!("{m}.rs")));
        }
        let mut deps = BTreeSet::new();
        for f in fs {
            let text = std::fs::read_to_string(&f).expect("source file");
            // Code only: tests inside a module may reach anywhere.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for c in single.captures_iter(code) {
                deps.insert(c[1].to_string());
            }
            for c in group.captures_iter(code) {
                for name in c[1].split(',') {
                    let name = name.trim().split("::").next().unwrap_or("").trim();
                    deps.insert(name.to_string());
                }
            }
        }
        deps.retain(|d| d != m && modules.contains(d));
        g.insert(m.clone(), deps);
    }
    g
}

fn find_cycle(g: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for d in g.get(n).into_iter().flatten() {
            match state.get(d.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = path.iter().position(|p| p == d).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(d, g, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, g, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn no_cycle_between_top_level_modules() {
    let g = graph();
    assert!(g.len() >= 10, "{g:?}");
    if let Some(c) = find_cycle(&g) {
        panic!("module cycle: {}", c.join(" -> "));
    }
}

#[test]
fn stages_never_reach_the_layers_above_them() {
    let g = graph();
    let above = ["store", "report", "pipeline", "eval", "ingest"];
    for stage in [
        "model", "text", "align", "dedup", "check", "diverge", "chain",
    ] {
        let deps = g.get(stage).unwrap_or_else(|| panic!("no module {stage}"));
        for a in above {
            assert!(!deps.contains(a), "{stage} uses {a}: {deps:?}");
        }
    }
    assert!(g["model"].is_empty(), "model imports {:?}", g["model"]);
    // The store persists model types: of the stages it knows only the text layer (whose
    // analysis it stores), never the others'.
    for stage in [
        "align", "dedup", "check", "diverge", "chain", "report", "pipeline",
    ] {
        assert!(
            !g["store"].contains(stage),
            "store uses {stage}: {:?}",
            g["store"]
        );
    }
    // The printers read the store and the model, never a stage.
    for stage in [
        "align", "dedup", "check", "diverge", "chain", "pipeline", "text",
    ] {
        assert!(
            !g["report"].contains(stage),
            "report uses {stage}: {:?}",
            g["report"]
        );
    }
}

#[test]
fn a_cycle_is_found_when_there_is_one() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), ["a".to_string()].into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
}

/// The JSON Schema and the SQL schema list the same names as the kinds' one list in the code.
#[test]
fn schemas_name_the_kinds_of_the_code() {
    use claimtrail::model::{DivergenceKind, EdgeRelation, InconsistencyKind, ItemCategory};
    use std::collections::BTreeSet;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("schema/claimtrail-1.schema.json")).expect("schema"),
    )
    .expect("json");
    let enum_of = |def: &str, prop: &str| -> BTreeSet<String> {
        schema["$defs"][def]["properties"][prop]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("no enum at {def}.{prop}"))
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let names =
        |list: &[&str]| -> BTreeSet<String> { list.iter().map(|s| s.to_string()).collect() };
    assert_eq!(enum_of("divergence", "type"), names(DivergenceKind::NAMES));
    assert_eq!(
        enum_of("inconsistency", "type"),
        names(InconsistencyKind::NAMES)
    );
    assert_eq!(enum_of("edge", "relation"), names(EdgeRelation::NAMES));
    // schema.sql's CHECK constraints name the same values.
    let sql = std::fs::read_to_string(root.join("schema.sql")).expect("schema.sql");
    for (column, list) in [
        (
            "category  TEXT    NOT NULL CHECK (category IN (",
            ItemCategory::NAMES,
        ),
        (
            "type         TEXT    NOT NULL CHECK (type IN (",
            DivergenceKind::NAMES,
        ),
        (
            "type        TEXT    NOT NULL CHECK (type IN (",
            InconsistencyKind::NAMES,
        ),
        (
            "relation    TEXT    NOT NULL CHECK (relation IN (",
            EdgeRelation::NAMES,
        ),
    ] {
        let at = sql
            .find(column)
            .unwrap_or_else(|| panic!("{column} not in schema.sql"));
        let rest = &sql[at + column.len()..];
        let inside = &rest[..rest.find("))").expect("closing")];
        let got: BTreeSet<String> = inside
            .split(',')
            .map(|v| v.trim().trim_matches('\'').to_string())
            .collect();
        assert_eq!(got, names(list), "{column}");
    }
}
