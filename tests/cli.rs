//! The README's main job on the samples, and the listing formats.

mod common;

use common::{eval_json, samples, Env};
use predicates::prelude::PredicateBooleanExt;

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
    // Every stage runs: core recall 22/28 and no false positive on the seeds with alignment v3
    // and diverge v3 (v2: 28/28; one alignment of a long sentence is missed, and none of the five
    // labelled divergences is shown by default: two are found but hidden, their rules judged too
    // often wrong on real dev pages, see tests/align.rs; the others are not found); the floor
    // leaves a margin.
    assert!(
        v["overall"]["core"]["recall"].as_f64().unwrap() >= 0.75,
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
    // Every span is the text it says: the listed text is exactly the stored text at the span.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    for c in claims {
        let span = c["span"].as_array().unwrap();
        let (start, end) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
        assert!(start < end);
        let text: String = conn
            .query_row(
                "SELECT text FROM documents WHERE id = ?1",
                [c["doc_id"].as_i64().unwrap()],
                |r| r.get(0),
            )
            .unwrap();
        let at: String = text
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect();
        assert_eq!(c["text"].as_str().unwrap(), at, "claim {}", c["id"]);
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

/// Every stored finding, as text, in id order (what a later read shows).
fn stored_findings(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT id || ' ' || claim_a || ' ' || claim_b || ' ' || score || ' ' || coalesce(detail, '') FROM alignments ORDER BY id",
        "SELECT id || ' ' || alignment_id || ' ' || type || ' ' || explanation || ' ' || coalesce(value_a, '') || ' ' || coalesce(value_b, '') FROM divergences ORDER BY id",
        "SELECT id || ' ' || relation || ' ' || coalesce(from_doc, '') || ' ' || coalesce(from_source, '') || ' ' || to_doc || ' ' || confidence || ' ' || evidence FROM edges ORDER BY id",
        "SELECT id || ' ' || key || ' ' || label FROM external_sources ORDER BY id",
        "SELECT id || ' ' || type || ' ' || explanation FROM inconsistencies ORDER BY id",
        "SELECT id || ' ' || doc_a || ' ' || a_start || ' ' || doc_b || ' ' || b_start || ' ' || similarity FROM duplicate_pairs ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn full_changes_no_stored_byte() {
    let plain = Env::new();
    plain
        .cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let full = Env::new();
    full.cmd(&["--full", "run", samples().to_str().unwrap()])
        .assert()
        .success();
    let (a, b) = (stored_findings(&plain.db), stored_findings(&full.db));
    assert!(a.len() > 30, "{} findings", a.len());
    assert_eq!(a, b);
    // And a display flag on a read command rewrites nothing.
    full.cmd(&["--full", "chain"]).assert().success();
    assert_eq!(stored_findings(&full.db), b);
}

#[test]
fn read_commands_show_what_the_run_stored_with_its_parameters() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap(), "--min-score", "0.5"])
        .assert()
        .success();
    let after_run = stored_findings(&env.db);
    for cmd in ["chain", "align", "diverge", "check", "dupes"] {
        env.cmd(&[cmd])
            .assert()
            .success()
            .stderr(predicates::str::contains("recomputed").not());
        assert_eq!(stored_findings(&env.db), after_run, "after {cmd}");
    }
    env.cmd(&["chain"])
        .assert()
        .success()
        .stderr(predicates::str::contains("made with min-score 0.5"));
    // Asking for other parameters recomputes, and says so.
    env.cmd(&["align", "--min-score", "0.3"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "recomputed (the parameters changed), with the parameters given (min-score 0.3",
        ));
    assert_ne!(stored_findings(&env.db), after_run);
    // A new document: the next read recomputes with the stored parameters (0.3 now).
    let extra = env.write(
        "extra.txt",
        "Le ministre a rencontré l'envoyé à Alger le 12 avril 2012, selon l'agence officielle.",
    );
    env.cmd(&["ingest", extra.to_str().unwrap()])
        .assert()
        .success();
    env.cmd(&["diverge"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "recomputed (the documents changed since the last run), with the stored parameters (min-score 0.3",
        ));
}

#[test]
fn dedup_parameters_are_kept_and_a_change_redoes_every_page() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap(), "--min-chars", "200"])
        .assert()
        .success();
    let pairs = |env: &Env| -> i64 {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.query_row(
            "SELECT count(*) FROM duplicate_pairs WHERE a_end - a_start < 200",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(
        pairs(&env),
        0,
        "no passage under 200 characters at --min-chars 200"
    );
    // A read command keeps them.
    env.cmd(&["dupes"]).assert().success();
    assert_eq!(pairs(&env), 0);
    // `run` with the default redoes every page and says why.
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "duplicate passages compared again on every page (the parameters changed)",
        ));
}

#[test]
fn a_database_from_the_previous_release_is_upgraded_and_its_findings_redone() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    // What the previous release left: schema 3 (no stored parameters) and an align signature of
    // its own format and version.
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch(
            "ALTER TABLE stage_state DROP COLUMN params;
             ALTER TABLE divergences DROP COLUMN rule;
             ALTER TABLE divergences DROP COLUMN confidence;
             ALTER TABLE documents DROP COLUMN outlet_source;
             ALTER TABLE documents DROP COLUMN replaced_bytes;
             UPDATE stage_state SET signature = 'align v1 {\"min_score\":0.27} | 5:old' WHERE stage = 'align';
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    env.cmd(&["chain"])
        .assert()
        .success()
        .stderr(predicates::str::contains("upgraded"))
        .stderr(predicates::str::contains(
            "recomputed (this claimtrail's version of the stage differs from the stored one), with the default parameters",
        ));
}

/// Issue 21: `run` without a path says what it needs (the usage no longer shows the paths as
/// optional), and fails without touching the database.
#[test]
fn run_without_a_path_says_it_needs_one() {
    let env = Env::new();
    env.cmd(&["run"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("<PATHS>..."));
    assert!(!env.db.exists());
    let help = env.cmd(&["run", "--help"]).output().unwrap();
    let usage = String::from_utf8_lossy(&help.stdout);
    assert!(
        usage.contains("claimtrail run [OPTIONS] <PATHS>..."),
        "{usage}"
    );
    assert!(usage.contains("--manifest <MANIFEST>"), "{usage}");
}
