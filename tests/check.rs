//! In-page inconsistencies end to end: the seeds' weekday, no false alarm on the cable, and the
//! same checks on pages in French and English.

mod common;

use common::{samples, Env};

fn check_json(env: &Env) -> Vec<serde_json::Value> {
    let out = env.cmd(&["check", "--format", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "claimtrail/1");
    v["inconsistencies"].as_array().unwrap().clone()
}

#[test]
fn seeds_weekday_is_found_and_the_cable_is_clean() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let found = check_json(&env);
    assert!(
        found
            .iter()
            .any(|i| i["type"] == "weekday" && i["text"] == "الأربعاء 17 مارس"),
        "{found:#?}"
    );
    let gold = samples().join("seeds.gold.jsonl");
    let out = env
        .cmd(&["eval", gold.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kinds"]["inconsistency"]["core"]["recall"], 1.0);
    assert_eq!(v["kinds"]["no_inconsistency"]["core"]["fp"], 0);
}

#[test]
fn weekdays_and_impossible_dates_in_french_and_english() {
    let env = Env::new();
    env.write(
        "p/fr.txt",
        "Le sommet s'est ouvert le mardi 12 avril 2016 à Bamako. La réunion du jeudi 14 avril 2016 a été reportée au 29 février 2013.",
    );
    env.write(
        "p/en.txt",
        "The attack began on Wednesday, January 16, 2013, and ended on Saturday, January 19, 2013, officials said.",
    );
    env.write(
        "p/wrong.txt",
        "Le ministre est arrivé le lundi 14 avril 2016 à Alger, selon l'agence officielle.",
    );
    env.cmd(&["run", env.path("p").to_str().unwrap()])
        .assert()
        .success();
    let found = check_json(&env);
    let kinds: Vec<(&str, &str)> = found
        .iter()
        .map(|i| (i["type"].as_str().unwrap(), i["text"].as_str().unwrap()))
        .collect();
    // 12 April 2016 was a Tuesday and 14 April a Thursday: fine. 29 February 2013 does not exist.
    // 16 January 2013 was a Wednesday and 19 January a Saturday: fine.
    // 14 April 2016 was a Thursday, not a Monday.
    assert_eq!(
        kinds,
        [
            ("invalid_date", "29 février 2013"),
            ("weekday", "lundi 14 avril 2016")
        ],
        "{found:#?}"
    );
}
