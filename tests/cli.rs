//! The README's main job on the samples, and the listing formats.

mod common;

use common::{samples, Env};

#[test]
fn run_then_eval_on_a_fresh_database_prints_every_gold_kind() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let gold = samples().join("seeds.gold.jsonl");
    let out = env
        .cmd(&["eval", gold.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "claimtrail/1");
    let gold_text = std::fs::read_to_string(&gold).unwrap();
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
    assert!(v["overall"]["core"]["fn"].as_u64().unwrap() > 0);
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
