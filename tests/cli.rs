//! The README's main job on the samples, and the listing formats.

mod common;

use common::{eval_json, samples, Env};

/// `run samples/` on a fresh database, then `eval samples/seeds.gold.jsonl --format json`.
fn run_and_eval_seeds() -> serde_json::Value {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    eval_json(&env, &samples().join("seeds.gold.jsonl"))
}

#[test]
fn run_then_eval_on_a_fresh_database_prints_every_gold_kind() {
    let v = run_and_eval_seeds();
    assert_eq!(v["schema"], "claimtrail/1");
    let gold_text = std::fs::read_to_string(samples().join("seeds.gold.jsonl")).unwrap();
    for line in gold_text.lines().skip(1) {
        let item: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = item["kind"].as_str().unwrap();
        for level in ["core", "stretch", "all"] {
            assert!(
                v["kinds"][kind][level]["tp"].is_number(),
                "{kind} {level} missing"
            );
        }
    }
    // Every stage runs: core recall 28/28 and no false positive on the seeds at the time of
    // writing; the floor leaves a margin.
    assert!(
        v["overall"]["core"]["recall"].as_f64().unwrap() >= 0.9,
        "{}",
        v["overall"]
    );
    assert_eq!(v["overall"]["core"]["fp"], 0, "{}", v["overall"]);
}

#[test]
fn docs_formats() {
    let env = Env::new();
    env.cmd(&["ingest", samples().to_str().unwrap()])
        .assert()
        .success();
    let csv = env.cmd(&["docs", "--format", "csv"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,sha256,path,format,encoding,bytes,chars,language,language_source,outlet,url,canonical_url,source_url,site_name,published,published_source,kind,title,previous_version"
    );
    assert_eq!(csv.lines().count(), 6);
    let table = env.cmd(&["docs"]).output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("a40f39ec5b6d") && table.contains("2016-03-21T12:16:00"));
}

#[test]
fn docs_without_a_database_is_a_clear_error() {
    let env = Env::new();
    env.cmd(&["docs"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "does not exist; run `claimtrail ingest`",
        ));
}

#[test]
fn seeds_cue_score_holds() {
    let v = run_and_eval_seeds();
    let cue = &v["kinds"]["cue"]["core"];
    assert_eq!(cue["recall"], 1.0, "{cue}");
    assert_eq!(cue["fp"], 0, "{cue}");
}

#[test]
fn claims_listing_cuts_where_a_reader_would() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let out = env.cmd(&["claims", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let claims = v["claims"].as_array().unwrap();
    let texts: Vec<&str> = claims.iter().map(|c| c["text"].as_str().unwrap()).collect();
    // The cable's numbered paragraphs run inside one line; each starts a claim, its heading apart.
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("التقت مساعدة نائب وزير الدفاع السفير فيكي هادلستون")),
        "cable paragraph 2"
    );
    assert!(claims
        .iter()
        .any(|c| c["role"] == "heading"
            && c["text"] == "الولايات المتحدة تعترف بالدور الريادي للجزائر"));
    // A French sentence, whole; the forum's source line is a byline.
    assert!(texts.contains(&"Quelques temps plus tôt, le 12 avril 2012, Belmokhtar enlevait le Consul d’Algérie à Gao, au Mali."));
    assert!(claims.iter().any(|c| c["role"] == "byline"
        && c["text"]
            .as_str()
            .unwrap()
            .starts_with("source >>>> http://zamane.ma")));
    // The Blumenthal page's dateline is not a claim of the story.
    assert!(claims
        .iter()
        .any(|c| c["role"] == "dateline" && c["text"] == "اثنين, 03/21/2016 - 12:16"));
    // Every span is the text it says.
    for c in claims {
        let span = c["span"].as_array().unwrap();
        assert!(span[0].as_i64().unwrap() < span[1].as_i64().unwrap());
    }
}

#[test]
fn run_reports_every_stage_in_one_json_object() {
    let env = Env::new();
    let out = env
        .cmd(&["run", samples().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "claimtrail/1");
    assert_eq!(v["documents"].as_array().unwrap().len(), 5);
    assert!(v["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["a"]["doc"] == d["b"]["doc"] && d["similarity"] == 1.0));
    assert!(v["inconsistencies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["type"] == "weekday"));
    // Progress and notes go to stderr, never into the data.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("claimtrail:"));
}
