//! Duplicate passages end to end: the seeds' figures, copies across pages with edits and
//! reordering, a page that repeats itself, stock phrases, and incremental runs.

mod common;

use common::{eval_json, samples, Env};

fn dupes_json(env: &Env) -> serde_json::Value {
    let out = env.cmd(&["dupes", "--format", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn seeds_duplicate_figures_hold() {
    let env = Env::new();
    env.cmd(&["run", samples().to_str().unwrap()])
        .assert()
        .success();
    let v = eval_json(&env, &samples().join("seeds.gold.jsonl"));
    assert_eq!(
        v["kinds"]["duplicate"]["core"]["recall"], 1.0,
        "{}",
        v["kinds"]["duplicate"]
    );
    assert_eq!(v["kinds"]["duplicate"]["core"]["fp"], 0);
    assert_eq!(v["kinds"]["no_duplicate"]["core"]["fp"], 0);
}

const P1: &str = "Le gouvernement algérien serait parvenu à un accord secret avec Belmokhtar après l'enlèvement du consul à Gao, selon des sources extrêmement sensibles du renseignement français révélées par Wikileaks.";
const P2: &str = "En vertu de cet accord, Belmokhtar devait concentrer ses opérations au Mali et, à l'occasion, attaquer les intérêts marocains au Sahara occidental, où les Algériens ont des revendications territoriales.";
const P3: &str = "La journaliste espagnole a publié une longue enquête sur le commerce du narcotrafic au Sahel et sur les liens entre les groupes armés et les trafiquants de la région depuis la fin de la guerre civile.";

#[test]
fn copies_reorders_and_repeats_with_exact_boundaries() {
    let env = Env::new();
    env.write(
        "c/original.txt",
        format!("Article original.\n\n{P1}\n\n{P2}\n\n{P3}\n"),
    );
    let edited = P2
        .replace("à l'occasion", "parfois")
        .replace("Sahara occidental", "Sahara");
    env.write("c/forum.txt", format!("Un lecteur écrit : voici ce que j'ai lu hier sur un site marocain.\n\n{edited}\n\n{P1}\n\nFin du message.\n"));
    env.write("c/repeat.txt", format!("{P3}\n\n{P3}\n"));
    env.cmd(&["run", env.path("c").to_str().unwrap()])
        .assert()
        .success();
    let v = dupes_json(&env);
    assert_eq!(v["schema"], "claimtrail/1");
    let d = v["duplicates"].as_array().unwrap();
    let texts = |x: &serde_json::Value| {
        (
            x["a"]["text"].as_str().unwrap().to_string(),
            x["b"]["text"].as_str().unwrap().to_string(),
        )
    };
    // P1, copied verbatim but moved: exact boundaries on both sides.
    assert!(
        d.iter().any(|x| texts(x)
            == (
                P1.trim_end_matches('.').to_string(),
                P1.trim_end_matches('.').to_string()
            )),
        "{d:#?}"
    );
    // P2, lightly edited: found, with its edits counted and shown in the diff.
    let p2 = d
        .iter()
        .find(|x| texts(x).0.starts_with("En vertu"))
        .expect("P2");
    assert!(p2["similarity"].as_f64().unwrap() < 1.0 && p2["similarity"].as_f64().unwrap() > 0.8);
    assert!(
        p2["diff"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["op"] == "replace" && (o["a"] == "parfois" || o["b"] == "parfois")),
        "{p2:#?}"
    );
    // The page that repeats P3: one in-page pair, sides not overlapping.
    let rep = d
        .iter()
        .find(|x| x["a"]["doc"] == x["b"]["doc"])
        .expect("self pair");
    assert!(rep["a"]["span"][1].as_i64().unwrap() <= rep["b"]["span"][0].as_i64().unwrap());
    // P3 of the original and the two copies of the repeat page form one family.
    let fam = |x: &serde_json::Value| x["family"].as_i64().unwrap();
    let p3_pairs: Vec<&serde_json::Value> = d
        .iter()
        .filter(|x| texts(x).0.starts_with("La journaliste"))
        .collect();
    assert!(p3_pairs.len() >= 2);
    assert!(p3_pairs.iter().all(|x| fam(x) == fam(p3_pairs[0])));
}

#[test]
fn stock_phrases_are_not_reported_and_new_documents_are_compared_incrementally() {
    let env = Env::new();
    let footer = "Tous droits réservés. Toute reproduction totale ou partielle de ce contenu est interdite sans l'autorisation écrite préalable de la rédaction, conformément aux conditions générales d'utilisation du site.";
    // Bodies of pseudo-random words (a linear congruential generator), the same footer on all.
    let mut seed: u64 = 42;
    for i in 0..60 {
        let body: Vec<String> = (0..40)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                format!("mot{}", (seed >> 33) % 5000)
            })
            .collect();
        env.write(
            &format!("s/page{i:03}.txt"),
            format!("{}.\n\n{footer}\n", body.join(" ")),
        );
    }
    env.cmd(&["run", env.path("s").to_str().unwrap()])
        .assert()
        .success();
    let v = dupes_json(&env);
    assert!(
        v["duplicates"].as_array().unwrap().is_empty(),
        "a footer on 60 pages is a stock phrase: {v:#?}"
    );

    // A new page copying one of the stored pages: only the new page is compared.
    let copied = std::fs::read_to_string(env.path("s/page007.txt")).unwrap();
    let first_line = copied.lines().next().unwrap().to_string();
    env.write(
        "t/copy.txt",
        format!("Copie d'un autre site :\n\n{first_line}\n"),
    );
    env.cmd(&["run", env.path("t").to_str().unwrap()])
        .assert()
        .success();
    let d = dupes_json(&env)["duplicates"].as_array().unwrap().clone();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["a"]["text"], first_line.trim_end_matches('.'));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let fps: i64 = conn
        .query_row("SELECT count(*) FROM fingerprints", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fps, 61);
}

#[test]
fn an_outlets_masthead_is_its_template_not_a_copy() {
    let masthead = "Le Soir de l'Ouest, quotidien régional d'information générale fondé en 1990, édition d'Oran, tous droits de reproduction réservés.";
    let env = Env::new();
    env.write(
        "m/a.txt",
        format!("{masthead}\n\n{P1}\n\nFin de l'article sur la sécurité.\n"),
    );
    env.write(
        "m/b.txt",
        format!("{masthead}\n\n{P3}\n\nFin de l'article sur le Sahel.\n"),
    );
    env.write(
        "m/manifest.csv",
        "file,outlet,url,published,language,kind,title\n\
         a.txt,Le Soir de l'Ouest,,2022-05-17,fr,outlet,A\n\
         b.txt,Le Soir de l'Ouest,,2022-05-17,fr,outlet,B\n",
    );
    env.cmd(&["run", env.path("m").to_str().unwrap()])
        .assert()
        .success();
    let v = dupes_json(&env);
    let cross = v["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["a"]["doc"] != d["b"]["doc"])
        .count();
    assert_eq!(cross, 0, "{v}");
    // The same two pages from two outlets: the shared opening is a copied passage.
    let env = Env::new();
    env.write("n/a.txt", format!("{masthead}\n\n{P1}\n"));
    env.write("n/b.txt", format!("{masthead}\n\n{P3}\n"));
    env.cmd(&["run", env.path("n").to_str().unwrap()])
        .assert()
        .success();
    let v = dupes_json(&env);
    assert!(
        v["duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["a"]["doc"] != d["b"]["doc"]),
        "{v}"
    );
}

/// An article and three reposts of it: each repost is paired with the article (not with the other
/// reposts), and all four passages are one family whose earliest version is the article's. With
/// `--all-pairs`, the reposts are paired with each other too. A source that arrives after its
/// copies joins their family.
#[test]
fn reposts_pair_with_their_source_and_share_one_family() {
    let article = format!("{P1}\n\n{P2}\n\n{P3}\n");
    let write = |env: &Env, dir: &str, with_article: bool| {
        let mut manifest = String::from("file,outlet,url,published,language,kind,title\n");
        if with_article {
            env.write(&format!("{dir}/article.txt"), &article);
            manifest.push_str("article.txt,Le Quotidien,,2022-05-17,fr,outlet,A\n");
        }
        for i in 1..=3 {
            env.write(
                &format!("{dir}/repost{i}.txt"),
                format!(
                    "{}\n\n{article}\n{}\n",
                    ["Vu ailleurs.", "Lisez ceci.", "Copie."][i - 1],
                    ["Merci.", "Bonne lecture.", "Fin."][i - 1]
                ),
            );
            manifest.push_str(&format!(
                "repost{i}.txt,Forum {i},,2022-05-{},fr,repost,R{i}\n",
                17 + i
            ));
        }
        env.write(&format!("{dir}/manifest.csv"), manifest);
    };
    let cross = |v: &serde_json::Value| -> Vec<(i64, i64, i64)> {
        v["duplicates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["a"]["doc"] != d["b"]["doc"])
            .map(|d| {
                (
                    d["a"]["doc"].as_i64().unwrap(),
                    d["b"]["doc"].as_i64().unwrap(),
                    d["family"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let env = Env::new();
    write(&env, "r", true);
    env.cmd(&["run", env.path("r").to_str().unwrap()])
        .assert()
        .success();
    let pairs = cross(&dupes_json(&env));
    let article_id = 1; // the manifest's first file is ingested first
    assert_eq!(pairs.len(), 3, "{pairs:?}");
    assert!(
        pairs.iter().all(|p| p.0 == article_id || p.1 == article_id),
        "{pairs:?}"
    );
    assert!(pairs.iter().all(|p| p.2 == pairs[0].2), "{pairs:?}");

    let env = Env::new();
    write(&env, "r", true);
    env.cmd(&["run", "--all-pairs", env.path("r").to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(cross(&dupes_json(&env)).len(), 6);

    // The copies first, the article in a later run.
    let env = Env::new();
    write(&env, "r", false);
    env.cmd(&["run", env.path("r").to_str().unwrap()])
        .assert()
        .success();
    env.write("s/article.txt", &article);
    env.write(
        "s/manifest.csv",
        "file,outlet,url,published,language,kind,title\narticle.txt,Le Quotidien,,2022-05-17,fr,outlet,A\n",
    );
    env.cmd(&["run", env.path("s").to_str().unwrap()])
        .assert()
        .success();
    let pairs = cross(&dupes_json(&env));
    assert!(pairs.iter().any(|p| p.0 == 4 || p.1 == 4), "{pairs:?}");
    assert!(pairs.iter().all(|p| p.2 == pairs[0].2), "{pairs:?}");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (docs, earliest): (i64, i64) = conn
        .query_row(
            "SELECT documents, earliest_doc FROM passage_families",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((docs, earliest), (4, 4));
}
