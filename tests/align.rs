//! Alignment and divergences end to end: the seeds' figures, the labelled sets' floors, the
//! story gate on a corpus with an unrelated page, and the `align` / `diverge` commands.

mod common;

use claimtrail::eval::labelled::{align_eval, diverge_eval, read_jsonl, AlignCase, DivergeCase};
use common::{eval_json, samples, Env};
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[test]
fn seeds_alignment_and_divergence_figures_hold() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let v = eval_json(&env, &samples().join("seeds.gold.jsonl"));
    let k = &v["kinds"];
    let al = &k["alignment"]["core"];
    // Alignment v3 finds 3 of the 4 core pairs (v2: 4): the one missed is a clause of a long
    // Arabic sentence whose French counterpart the one-to-one assignment gives to another sentence
    // (reported on issue 16).
    assert!(al["recall"].as_f64().unwrap() >= 0.75, "{al}");
    assert_eq!(al["fp"], 0, "{al}");
    assert_eq!(k["no_alignment"]["core"]["fp"], 0, "{}", k["no_alignment"]);
    // Divergences (diverge v3): the seeds' labelled ones are found and stored, but their rules
    // (hedging, date precision, attribution) were judged too often wrong on real dev pages to be
    // shown by default; `diverge --all` lists them. Reported on issue 17.
    let all = env
        .cmd(&["diverge", "--all", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let found = v["divergences"].as_array().unwrap();
    let has = |ty: &str, needle: &str| {
        found.iter().any(|d| {
            d["type"] == ty
                && (d["a"]["text"].as_str().unwrap_or("").contains(needle)
                    || d["b"]["text"].as_str().unwrap_or("").contains(needle))
        })
    };
    assert!(has("hedging", "serait"), "{v}");
    assert!(has("date", "12 avril 2012"), "{v}");
    assert_eq!(v["hidden"], 0, "--all hides nothing");
    for d in found {
        assert!((0.0..=1.0).contains(&d["confidence"].as_f64().unwrap()));
        assert!(!d["rule"].as_str().unwrap().is_empty());
    }
    // The default listing shows only those at or above the shown confidence, and says how many
    // it leaves out.
    let shown = env.cmd(&["diverge", "--format", "json"]).output().unwrap();
    let s: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let rows = s["divergences"].as_array().unwrap();
    assert!(rows
        .iter()
        .all(|d| d["confidence"].as_f64().unwrap() >= claimtrail::diverge::SHOW_CONFIDENCE));
    assert_eq!(
        rows.len() + s["hidden"].as_u64().unwrap() as usize,
        found.len()
    );
    assert_eq!(k["no_inconsistency"]["core"]["fp"], 0);
}

#[test]
fn align_labelled_set_floors() {
    let cases: Vec<AlignCase> = read_jsonl(&data("align_labelled.jsonl")).unwrap();
    assert!(cases.len() >= 200);
    let per = align_eval(&cases, &claimtrail::align::Params::default());
    for (pair, prf) in &per {
        // Measured at the defaults (alignment v3): P 0.95-0.96 and R 0.83-0.95 per cross-language
        // pair; same-language P 0.88 R 0.50 (v2: P 0.86 R 0.86: the calibration, fitted on real
        // pages, asks more of same-language pairs than these written paraphrases give; a known
        // regression on this written set, reported on issue 16). The floors leave a margin.
        assert!(prf.precision() >= 0.8, "{pair}: {prf:?}");
        let floor = if pair == "same-language" { 0.45 } else { 0.75 };
        assert!(prf.recall() >= floor, "{pair}: {prf:?}");
    }
    assert!(per["all"].f1() >= 0.88, "{:?}", per["all"]);
}

#[test]
fn diverge_labelled_set_floors() {
    let cases: Vec<DivergeCase> = read_jsonl(&data("diverge_labelled.jsonl")).unwrap();
    assert!(cases.len() >= 80);
    // Every stored divergence (shown and hidden): the written set checks the rules, not what is
    // shown. Measured (diverge v3): P 0.902 R 0.539 overall (v2: P 0.906 R 0.755; the same-slot
    // and explicit-credit rules, made for real pages, miss more of these written pairs); 1 of 32
    // unchanged pairs flagged.
    let (per, unchanged, flagged) = diverge_eval(&cases, 0.0);
    let all = per["all"];
    assert!(all.precision() >= 0.85, "{all:?}");
    assert!(all.recall() >= 0.5, "{all:?}");
    assert!(unchanged >= 30);
    assert!(
        flagged * 3 <= unchanged,
        "{flagged} of {unchanged} unchanged pairs flagged"
    );
    for (t, floor) in [("date", 0.6), ("number", 0.7), ("omission", 0.7)] {
        assert!(per[t].recall() >= floor, "{t}: {:?}", per[t]);
    }
}

#[test]
fn unrelated_page_gets_no_alignment() {
    let env = Env::new();
    let corpus = data("chains/sahel_force");
    env.cmd(&["run", corpus.to_str().unwrap()])
        .assert()
        .success();
    let v = eval_json(&env, &corpus.join("gold.jsonl"));
    assert_eq!(v["kinds"]["no_alignment"]["all"]["fp"], 0, "{}", v["kinds"]);
    assert!(v["kinds"]["alignment"]["all"]["recall"].as_f64().unwrap() >= 0.75);
}

#[test]
fn align_and_diverge_commands_explain_the_blumenthal_pair() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let docs = env.docs_json();
    let id_of = |needle: &str| {
        docs["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().contains(needle))
            .unwrap()["id"]
            .as_i64()
            .unwrap()
            .to_string()
    };
    let (ar, fr) = (id_of("blumenthal"), id_of("zamane"));
    let out = env
        .cmd(&["align", &ar, &fr, "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "claimtrail/1");
    let pairs = v["alignments"].as_array().unwrap();
    assert!(pairs.len() >= 3, "{v}");
    for p in pairs {
        let why = &p["why"];
        assert!(why["score"].as_f64().unwrap() >= why["threshold"].as_f64().unwrap());
        assert!(!why["word_pairs"].as_array().unwrap().is_empty());
    }
    // Every reported pair is between the two pages asked for.
    let ids: Vec<String> = pairs
        .iter()
        .flat_map(|p| [p["a"]["doc"].to_string(), p["b"]["doc"].to_string()])
        .collect();
    assert!(ids.iter().all(|d| *d == ar || *d == fr));
    let out = env
        .cmd(&[
            "diverge", &ar, &fr, "--type", "hedging", "--all", "--format", "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["divergences"].as_array().unwrap();
    assert!(d.iter().all(|x| x["type"] == "hedging"));
    assert!(
        d.iter()
            .any(|x| x["b"]["text"].as_str().unwrap_or("").contains("serait")),
        "{v}"
    );
    let table = env.cmd(&["diverge", &ar, &fr, "--all"]).output().unwrap();
    let t = String::from_utf8_lossy(&table.stdout);
    assert!(t.contains("hedging") && t.contains("date"), "{t}");
    // Unknown document ids are an error naming the id.
    env.cmd(&["align", "999"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("999"));
}

#[test]
fn a_verbatim_copy_aligns_and_differs_in_nothing() {
    let env = Env::new();
    let page = std::fs::read_to_string(samples().join("blumenthal_email_ar.txt")).unwrap();
    env.write("pages/original.txt", &page);
    // The copy differs only in its trailing white space (another file, another hash).
    env.write("pages/copy.txt", format!("{page}\n\n"));
    let out = env
        .cmd(&["run", env.path("pages").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    // The progress line counts claim pairs scored out of all cross-document pairs, never more.
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("cross-document pairs scored"))
        .unwrap_or_else(|| panic!("{err}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    let (claims, scored, all) = (nums[0], nums[1], nums[2]);
    assert!(claims > 0 && scored <= all, "{line}");
    let out = env.cmd(&["align", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["alignments"].as_array().unwrap().len() >= 5, "{v}");
    let out = env.cmd(&["diverge", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["divergences"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn every_divergence_lies_inside_its_aligned_claims() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT d.a_start, d.a_end, d.b_start, d.b_end, a.a_start, a.a_end, a.b_start, a.b_end, \
             a.detail FROM divergences d JOIN alignments a ON a.id = d.alignment_id",
        )
        .unwrap();
    let rows: Vec<(Vec<i64>, String)> = stmt
        .query_map([], |r| {
            Ok((
                (0..8).map(|k| r.get::<_, i64>(k).unwrap()).collect(),
                r.get::<_, String>(8)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!rows.is_empty());
    for (v, detail) in rows {
        // A merged side (1-2 alignment) spans both halves: widen that side to them.
        let d: serde_json::Value = serde_json::from_str(&detail).unwrap();
        let merged = !d["merged"].is_null();
        let inside = |s: i64, e: i64, cs: i64, ce: i64| e <= s || (cs <= s && e <= ce) || merged;
        assert!(inside(v[0], v[1], v[4], v[5]), "{v:?}");
        assert!(inside(v[2], v[3], v[6], v[7]), "{v:?}");
    }
}
