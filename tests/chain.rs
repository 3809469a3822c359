//! The sourcing chain end to end: the seeds' edges, three small corpora with known chains, and
//! the chain command's formats (tree, JSON, PROV-JSON, DOT).

mod common;

use common::{eval_json, samples, Env};
use std::path::PathBuf;

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/chains")
        .join(name)
}

fn run_and_eval(env: &Env, dir: &std::path::Path, gold: &std::path::Path) -> serde_json::Value {
    env.cmd(&["run", dir.to_str().unwrap()]).assert().success();
    eval_json(env, gold)
}

#[test]
fn seeds_edges_hold() {
    let env = Env::new();
    let v = run_and_eval(&env, &samples(), &samples().join("seeds.gold.jsonl"));
    let k = &v["kinds"];
    assert!(
        k["edge"]["core"]["recall"].as_f64().unwrap() >= 0.85,
        "{}",
        k["edge"]
    );
    assert_eq!(k["no_edge"]["core"]["fp"], 0, "{}", k["no_edge"]);
}

#[test]
fn three_corpora_with_known_chains() {
    for name in ["sahel_force", "rabat_cable", "oran_desal"] {
        let env = Env::new();
        let dir = corpus(name);
        let v = run_and_eval(&env, &dir, &dir.join("gold.jsonl"));
        let k = &v["kinds"];
        assert!(
            k["edge"]["core"]["recall"].as_f64().unwrap() >= 0.85,
            "{name}: {}",
            k["edge"]
        );
        assert_eq!(k["no_edge"]["all"]["fp"], 0, "{name}: {}", k["no_edge"]);
    }
}

#[test]
fn chain_formats_on_the_samples() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    // Tree: the cable -> translation hop with its evidence.
    let out = env.cmd(&["chain"]).output().unwrap();
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("cable 09ALGIERS948"), "{tree}");
    assert!(tree.contains("translation"), "{tree}");
    assert!(tree.contains("zamane.ma"), "{tree}");
    // JSON: versioned, every edge with evidence and a confidence in [0, 1].
    let out = env.cmd(&["chain", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "claimtrail/1");
    let edges = v["edges"].as_array().unwrap();
    assert!(edges.len() >= 5);
    for e in edges {
        let c = e["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
        assert!(!e["evidence"].as_array().unwrap().is_empty());
    }
    // An undirected shared source says it has no direction.
    let shared: Vec<&serde_json::Value> = edges
        .iter()
        .filter(|e| e["relation"] == "shared_source")
        .collect();
    assert!(!shared.is_empty());
    assert!(shared.iter().all(|e| e["directed"] == false));
    // PROV-JSON: entities declared, derivations point at declared entities, prov:type typed.
    let out = env.cmd(&["chain", "--format", "prov"]).output().unwrap();
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entities = p["entity"].as_object().unwrap();
    let derived = p["wasDerivedFrom"].as_object().unwrap();
    assert!(p["prefix"]["claimtrail"].is_string());
    assert!(!derived.is_empty());
    for (id, d) in derived {
        assert!(id.starts_with("_:"));
        for k in ["prov:generatedEntity", "prov:usedEntity"] {
            let e = d[k].as_str().unwrap();
            assert!(entities.contains_key(e), "{k} {e} not declared");
        }
        let t = d["prov:type"]["$"].as_str().unwrap();
        assert!(["prov:Quotation", "prov:Revision", "prov:PrimarySource"].contains(&t));
        assert_eq!(d["prov:type"]["type"], "prov:QUALIFIED_NAME");
    }
    // And against a JSON Schema of PROV-JSON transcribed from the W3C submission.
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/prov-json.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&p)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut broken = p.clone();
    let first = broken["wasDerivedFrom"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    broken["wasDerivedFrom"][&first]
        .as_object_mut()
        .unwrap()
        .remove("prov:usedEntity");
    assert!(
        !validator.is_valid(&broken),
        "the schema must require prov:usedEntity"
    );
    // DOT.
    let out = env.cmd(&["chain", "--format", "dot"]).output().unwrap();
    let dot = String::from_utf8_lossy(&out.stdout);
    assert!(dot.starts_with("digraph claimtrail {") && dot.trim_end().ends_with('}'));
    // A claim's chain lists its versions; an unknown id is an error.
    let claims = env.cmd(&["align", "--format", "json"]).output().unwrap();
    let a: serde_json::Value = serde_json::from_slice(&claims.stdout).unwrap();
    let claim = a["alignments"][0]["a"]["claim"]
        .as_str()
        .unwrap()
        .to_string();
    let out = env.cmd(&["chain", &claim]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("in document"));
    env.cmd(&["chain", "ffffffffffffffff"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("ffffffffffffffff"));
}

/// Issue 18: `chain --format parents` lists, per page, where it took from, one line each.
#[test]
fn chain_lists_each_pages_parents_with_their_evidence() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let out = env
        .cmd(&["--width", "160", "chain", "--format", "parents"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // The cable's translation: its page, then one line naming the cable and the evidence.
    let at = lines
        .iter()
        .position(|l| l.starts_with("#4 "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        lines[at + 1].contains("← translation (0.95) from cable 09ALGIERS948: cable_id"),
        "{text}"
    );
    // The forum page's reposted source, and the link without a direction listed on both pages.
    let forum = &lines[lines.iter().position(|l| l.starts_with("#5 ")).unwrap()..];
    assert!(
        forum
            .iter()
            .any(|l| l.contains("← repost") && l.contains("zamane.ma")),
        "{text}"
    );
    assert_eq!(text.matches("↔ shared_source").count(), 2, "{text}");
}

/// A credit naming a person by the surname alone resolves to the full name the corpus gives in
/// the same spelling; a surname the corpus never gives in full is nobody.
#[test]
fn a_surname_alone_resolves_to_the_full_name_the_corpus_gives() {
    let a =
        "Tunis, 26 juillet 2021. Le président Kais Saied a suspendu le Parlement dimanche soir \
             et limogé le chef du gouvernement, selon un communiqué de la présidence.\n";
    let b = "Tunis, 27 juillet 2021. « Nous ne laisserons personne menacer l’Etat », a déclaré \
             Saied lundi devant les chefs de l’armée.\n";
    let quoted = |files: &[(&str, &str)]| -> Vec<(String, i64)> {
        let env = Env::new();
        let paths: Vec<String> = files
            .iter()
            .map(|(n, t)| env.write(n, t).to_str().unwrap().to_string())
            .collect();
        let mut args = vec!["run"];
        args.extend(paths.iter().map(String::as_str));
        env.cmd(&args).assert().success();
        let out = env.cmd(&["chain", "--format", "json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["relation"] == "quotation" && e["from"]["kind"] == "person")
            .map(|e| {
                (
                    e["from"]["label"].as_str().unwrap().to_string(),
                    e["to"]["doc"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        quoted(&[("a.txt", a), ("b.txt", b)]),
        vec![("Kais Saied".to_string(), 2)]
    );
    assert!(quoted(&[("b.txt", b)]).is_empty());
}
