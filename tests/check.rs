//! Inconsistencies end to end: the seeds' weekday and duration, no false alarm on the cable, the
//! same checks on pages in French and English, and the cross-page stale date and date order.

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
    // The Blumenthal page: a deal made after April 2012 is "two years old" in January 2013.
    assert!(
        found
            .iter()
            .any(|i| i["type"] == "duration" && i["text"] == "مضى عليه عامان"),
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

const WIRE: &str = "Gunmen attack US consulate in Benghazi\n\nGunmen attacked the United States consulate in Benghazi on 11 September 2012 and killed four Americans, including ambassador Christopher Stevens.\n\nThe State Department said the attackers set fire to the main building of the consulate.\n\nLibyan officials condemned the attack and promised to find those responsible.\n\nAt least 30 gunmen took part in the assault, witnesses said.\n";
const LATER_FR: &str = "Retour sur l'attaque de Benghazi\n\nDes hommes armés ont attaqué le consulat des États-Unis à Benghazi le 11 septembre dernier et ont tué quatre Américains, dont l'ambassadeur Christopher Stevens.\n\nLe département d'État a indiqué que les assaillants ont mis le feu au bâtiment principal du consulat.\n\nLes responsables libyens ont condamné l'attaque et promis de retrouver les responsables.\n\nAu moins 30 hommes armés ont participé à l'assaut, selon des témoins.\n";
const EARLY_EN: &str = "Consulate attack in Libya\n\nGunmen attacked the United States consulate in Benghazi and killed four Americans, including ambassador Christopher Stevens.\n\nThe attackers set fire to the main building of the consulate, the State Department said.\n\nLibyan officials condemned the attack and promised to find those responsible.\n";

/// A French page dated 2024 retells "le 11 septembre dernier" what a 2012 wire dates 11 September
/// 2012: a stale date. A blog dated June 2012 tells the attack as past: the wire dates it after the
/// blog's date. With the French page dated January 2013, "dernier" is right and nothing is said.
#[test]
fn stale_relative_dates_and_date_order_across_pages() {
    let run = |french_date: &str| {
        let env = Env::new();
        env.write("x/wire_en.txt", WIRE);
        env.write("x/later_fr.txt", LATER_FR);
        env.write("x/early_en.txt", EARLY_EN);
        env.write(
            "x/manifest.csv",
            format!(
                "file,outlet,url,published,language,kind,title\n\
                 wire_en.txt,Wire,,2012-09-12,en,outlet,A\n\
                 later_fr.txt,Revue,,{french_date},fr,repost,B\n\
                 early_en.txt,Blog,,2012-06-01,en,repost,C\n"
            ),
        );
        env.cmd(&["run", env.path("x").to_str().unwrap()])
            .assert()
            .success();
        check_json(&env)
    };
    let found = run("2024-04-23");
    let stale: Vec<_> = found.iter().filter(|i| i["type"] == "stale_date").collect();
    assert_eq!(stale.len(), 1, "{found:#?}");
    assert_eq!(stale[0]["text"], "11 septembre dernier");
    assert!(stale[0]["value"].as_str().unwrap().contains("2012-09-11"));
    let order: Vec<_> = found.iter().filter(|i| i["type"] == "date_order").collect();
    assert_eq!(order.len(), 1, "{found:#?}");
    assert!(order[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Gunmen attacked the United States consulate in Benghazi and killed"));

    let found = run("2013-01-10");
    assert!(
        found.iter().all(|i| i["type"] != "stale_date"),
        "{found:#?}"
    );
}
