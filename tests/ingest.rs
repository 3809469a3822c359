//! Ingest: good inputs in every supported encoding and format, and every bad input the foundation
//! issue lists, each giving one clear line that names the file and the problem.

mod common;

use common::{samples, Env};
use predicates::prelude::*;

fn p(path: &std::path::Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn samples_are_stored_with_manifest_fields() {
    let env = Env::new();
    env.cmd(&["run", p(&samples())]).assert().success();
    let v = env.docs_json();
    assert_eq!(v["schema"], "claimtrail/1");
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    let by_sha = |sha: &str| docs.iter().find(|d| d["sha256"] == sha).expect(sha).clone();
    let blum = by_sha("a40f39ec5b6db93c63127ffa0f3f365e81b0ceec6c0587a4c089a381b3426a90");
    assert_eq!(blum["language"], "ar");
    assert_eq!(blum["published"], "2016-03-21T12:16:00");
    assert_eq!(blum["published_source"], "manifest");
    assert_eq!(blum["kind"], "outlet");
    let forum = by_sha("8ace78ad60e03b89e418b41ed76a9707c8c984a5b7127a3243c884721da4c042");
    assert_eq!(forum["language"], "fr");
    assert_eq!(forum["kind"], "forum");
    assert!(forum["source_url"].as_str().unwrap().contains("zamane.ma"));
    let aqim = by_sha("12f02c1cec9745ea82576d880eeab8c50df8444deb32a96fddb5b54149fed3cf");
    assert_eq!(aqim["published"], "2024-04-23T15:44:00");
    let cable = by_sha("ee2ef0183584ae8905a06f114f9d912625a8d5fdf17cf4cad5ec268b6c4ccb6a");
    assert_eq!(cable["kind"], "translation");
    // The stored text is the file's text, verbatim.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let text: String = conn
        .query_row(
            "SELECT text FROM documents WHERE sha256 = ?1",
            [cable["sha256"].as_str().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        text,
        std::fs::read_to_string(samples().join("cable_09algiers948_ar.txt")).unwrap()
    );
}

#[test]
fn reingesting_identical_bytes_adds_nothing_and_says_so() {
    let env = Env::new();
    env.cmd(&["ingest", p(&samples())]).assert().success();
    env.cmd(&["ingest", p(&samples())])
        .assert()
        .success()
        .stderr(predicate::str::contains("0 stored, 5 already stored"));
    assert_eq!(env.doc_count(), 5);
}

#[test]
fn same_url_new_content_is_a_linked_version() {
    let env = Env::new();
    env.write("v1/page.txt", "Premier état de l'article sur le site.");
    env.write(
        "v2/page.txt",
        "Deuxième état de l'article, corrigé par la rédaction.",
    );
    for v in ["v1", "v2"] {
        env.write(
            &format!("{v}/manifest.csv"),
            "file,outlet,url,published,language,kind,title\npage.txt,Zamane,http://zamane.ma/a,2016-03-22,fr,outlet,\n",
        );
        env.cmd(&["ingest", p(&env.path(v))]).assert().success();
    }
    let docs = env.docs_json()["documents"].as_array().unwrap().clone();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["previous_version"], docs[0]["id"]);
    assert!(docs[0]["previous_version"].is_null());
}

#[test]
fn encodings_are_detected_and_recorded() {
    let env = Env::new();
    let ar = "قال مصدر أمني جزائري مطلع إن التنسيق الأمني بين الجزائر والمغرب في إطار مكافحة الإرهاب متواصل منذ أكثر من عشر سنوات، ولم يتأثر بالأزمات.";
    let fr = "La crise sur le « dossier Sahara » bat son plein, entre le Maroc et Ban Ki-moon. L'Algérie aurait encouragé AQMI à attaquer les intérêts marocains.";
    env.write("cp1256.txt", encoding_rs::WINDOWS_1256.encode(ar).0);
    env.write("iso88596.html", {
        let mut b = b"<html><head><meta charset=\"iso-8859-6\"></head><body><p>".to_vec();
        b.extend_from_slice(&encoding_rs::ISO_8859_6.encode(ar).0);
        b.extend_from_slice(b"</p></body></html>");
        b
    });
    env.write("cp1252.txt", encoding_rs::WINDOWS_1252.encode(fr).0);
    let mut u16le = vec![0xFF, 0xFE];
    ar.encode_utf16()
        .for_each(|u| u16le.extend_from_slice(&u.to_le_bytes()));
    env.write("utf16le.txt", u16le);
    let mut u16be = vec![0xFE, 0xFF];
    fr.encode_utf16()
        .for_each(|u| u16be.extend_from_slice(&u.to_be_bytes()));
    env.write("utf16be.txt", u16be);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(fr.as_bytes());
    env.write("utf8bom.md", bom);
    env.cmd(&["ingest", p(env.dir.path())]).assert().success();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let get = |name: &str| -> (String, String, String) {
        conn.query_row(
            "SELECT encoding, text, language FROM documents WHERE path LIKE ?1",
            [format!("%{name}")],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    assert_eq!(
        get("cp1256.txt"),
        ("windows-1256".into(), ar.into(), "ar".into())
    );
    assert_eq!(
        get("iso88596.html"),
        ("ISO-8859-6".into(), ar.into(), "ar".into())
    );
    assert_eq!(
        get("cp1252.txt"),
        ("windows-1252".into(), fr.into(), "fr".into())
    );
    assert_eq!(
        get("utf16le.txt"),
        ("UTF-16LE".into(), ar.into(), "ar".into())
    );
    assert_eq!(
        get("utf16be.txt"),
        ("UTF-16BE".into(), fr.into(), "fr".into())
    );
    assert_eq!(get("utf8bom.md"), ("UTF-8".into(), fr.into(), "fr".into()));
}

#[test]
fn html_main_text_meta_and_raw_are_kept() {
    let env = Env::new();
    let html = r#"<html><head><title>Titre | Le Site</title>
<meta property="og:site_name" content="Le Site"><link rel="canonical" href="https://exemple.ma/article-1">
<meta property="article:published_time" content="2016-03-22T09:30:00+01:00"></head>
<body><nav><ul><li><a href="/">Accueil</a></li></ul></nav><h1>Un accord secret</h1>
<article><p>Le gouvernement algérien, selon des sources extrêmement sensibles, serait parvenu à un accord « secret » avec Belmokhtar.</p>
<p>Belmokhtar devait concentrer ses opérations au Mali, et à l'occasion, attaquer les intérêts marocains au Sahara occidental.</p></article>
<div class="comments"><p>Un lecteur : c'est faux, tout cela est inventé par la presse, croyez-moi.</p></div>
<script>track();</script></body></html>"#;
    let path = env.write("page.html", html);
    env.cmd(&["ingest", p(&path)]).assert().success();
    let d = &env.docs_json()["documents"][0];
    assert_eq!(d["format"], "html");
    assert_eq!(d["canonical_url"], "https://exemple.ma/article-1");
    assert_eq!(d["url"], "https://exemple.ma/article-1");
    assert_eq!(d["site_name"], "Le Site");
    assert_eq!(d["published"], "2016-03-22T09:30:00+01:00");
    assert_eq!(d["published_source"], "html");
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (text, raw): (String, Vec<u8>) = conn
        .query_row("SELECT text, raw FROM documents", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(raw, html.as_bytes());
    assert!(
        text.starts_with("Un accord secret\n\nLe gouvernement algérien"),
        "{text}"
    );
    assert!(!text.contains("Accueil") && !text.contains("lecteur") && !text.contains("track"));
}

// ---- bad input: each gives one clear line naming the file and the problem ----

#[test]
fn missing_path() {
    let env = Env::new();
    let missing = env.path("nope.txt");
    env.cmd(&["ingest", p(&missing)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: no such file or folder",
            missing.display()
        )));
}

#[test]
fn folder_without_supported_files() {
    let env = Env::new();
    env.write("empty/notes.docx", "x");
    env.cmd(&["ingest", p(&env.path("empty"))])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("folder has no supported files"));
}

#[test]
fn empty_file() {
    let env = Env::new();
    let f = env.write("empty.txt", "");
    env.cmd(&["ingest", p(&f)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: empty file",
            f.display()
        )));
    assert_eq!(env.doc_count(), 0);
}

#[test]
fn binary_files() {
    let env = Env::new();
    let png = env.write("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10");
    let nul = env.write("nul.txt", b"some text\0\0\0more");
    env.cmd(&["ingest", p(&png), p(&nul)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: binary file: looks like a PNG image",
            png.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}: binary file: NUL byte at offset 9",
            nul.display()
        )));
}

#[test]
fn undecodable_bytes() {
    let env = Env::new();
    let mut b = "Le gouvernement algérien aurait négocié, à Gao, un accord"
        .as_bytes()
        .to_vec();
    b.extend_from_slice(b" \xc3\x28 secret.");
    let f = env.write("broken.txt", b);
    env.cmd(&["ingest", p(&f)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: undecodable bytes: invalid UTF-8 at byte offset",
            f.display()
        )));
}

#[test]
fn file_over_the_size_limit() {
    let env = Env::new();
    let f = env.path("huge.txt");
    // A sparse 200 MB file: the size is checked before anything is read.
    std::fs::File::create(&f)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    env.cmd(&["ingest", p(&f)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "209715200 bytes, over the limit of 52428800 bytes",
        ));
    let small = env.write(
        "small.txt",
        "Un texte court mais au-dessus de la limite choisie.",
    );
    env.cmd(&["ingest", "--max-bytes", "10", p(&small)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("over the limit of 10 bytes"));
}

#[test]
fn malformed_html() {
    let env = Env::new();
    let broken = env.write(
        "broken.html",
        "<html><body><div><p>Le consul d'Algérie a été enlevé à Gao, au Mali, le 12 avril 2012 <b>selon la presse<p>Deuxième paragraphe</div></span></html>",
    );
    let empty = env.write("nothing.html", "<html><head><script>var a = 1;</script></head><body><nav><a href=/>Accueil</a></nav><<<>>></p></body>");
    env.cmd(&["ingest", p(&broken), p(&empty)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}: malformed HTML",
            broken.display()
        )))
        .stderr(
            predicate::str::contains(format!("{}: ", empty.display()))
                .and(predicate::str::contains("no main text")),
        );
    assert_eq!(env.doc_count(), 1);
}

fn manifest_env(manifest: &str) -> Env {
    let env = Env::new();
    env.write(
        "a.txt",
        "Premier article, avec une phrase entière pour la langue française.",
    );
    env.write(
        "b.txt",
        "Second article, avec une autre phrase entière pour la langue française.",
    );
    env.write("manifest.csv", manifest);
    env
}

#[test]
fn manifest_missing_column() {
    // Only `file` is required.
    let env = manifest_env("outlet,url\nX,https://example.org/a\n");
    env.cmd(&["ingest", "--manifest", p(&env.path("manifest.csv"))])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "manifest.csv:1: manifest header lacks the column file",
        ));
    assert_eq!(env.doc_count(), 0);
}

#[test]
fn manifest_with_some_columns() {
    // A user with `file,url` (or any subset) is not refused; what is given is stored.
    let env = manifest_env("file,url\na.txt,https://example.org/a\nb.txt,\n");
    env.cmd(&["ingest", "--manifest", p(&env.path("manifest.csv"))])
        .assert()
        .code(0);
    assert_eq!(env.doc_count(), 2);
    let env = manifest_env("file,outlet,url\na.txt,Le Temps,https://example.org/a\n");
    env.cmd(&["ingest", "--manifest", p(&env.path("manifest.csv"))])
        .assert()
        .code(0);
    assert_eq!(env.doc_count(), 1);
    let out = env
        .cmd(&["docs", "--format", "csv"])
        .output()
        .expect("docs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Le Temps"), "{text}");
}

#[test]
fn manifest_unknown_kind_bad_date_missing_file_duplicate() {
    let env = manifest_env(
        "file,outlet,url,published,language,kind,title\n\
         a.txt,X,,2016-03-21,fr,blog,\n\
         b.txt,X,,21/03/2016,fr,outlet,\n\
         c.txt,X,,,fr,outlet,\n",
    );
    env.cmd(&["ingest", "--manifest", p(&env.path("manifest.csv"))])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "manifest.csv:2: unknown kind `blog` for a.txt",
        ))
        .stderr(predicate::str::contains(
            "manifest.csv:3: bad date `21/03/2016` for b.txt",
        ))
        .stderr(predicate::str::contains(
            "manifest.csv:4: file c.txt does not exist",
        ));
    // Files with bad rows are not stored with guessed metadata.
    assert_eq!(env.doc_count(), 0);

    let env = manifest_env(
        "file,outlet,url,published,language,kind,title\na.txt,X,,,fr,outlet,\nb.txt,Y,,,fr,outlet,\na.txt,Z,,,fr,repost,\n",
    );
    env.cmd(&["ingest", "--manifest", p(&env.path("manifest.csv"))])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "manifest.csv:4: file a.txt is listed twice (first on line 2)",
        ));
    assert_eq!(env.doc_count(), 1);
}

#[test]
fn json_manifest() {
    let env = Env::new();
    env.write(
        "a.txt",
        "Premier article, avec une phrase entière pour la langue française.",
    );
    env.write(
        "m.json",
        r#"[{"file": "a.txt", "outlet": "Zamane", "published": "2016-03-22", "kind": "outlet", "language": "fr"}]"#,
    );
    env.cmd(&["ingest", "--manifest", p(&env.path("m.json"))])
        .assert()
        .success();
    let d = &env.docs_json()["documents"][0];
    assert_eq!(d["outlet"], "Zamane");
    assert_eq!(d["published"], "2016-03-22");
}

#[test]
fn db_that_is_not_sqlite() {
    let env = Env::new();
    std::fs::write(
        &env.db,
        "this is a text file, not a database, and it is long enough to be read",
    )
    .unwrap();
    env.cmd(&["ingest", p(&samples())])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "database {}: is not a SQLite database",
            env.db.display()
        )));
}

#[test]
fn db_from_a_newer_claimtrail_is_refused() {
    let env = Env::new();
    env.cmd(&["ingest", p(&samples())]).assert().success();
    rusqlite::Connection::open(&env.db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    env.cmd(&["docs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "was written by a newer claimtrail (schema version 99",
        ));
}

#[test]
fn db_that_is_read_only() {
    let env = Env::new();
    env.cmd(&["ingest", p(&samples().join("blumenthal_email_ar.txt"))])
        .assert()
        .success();
    // Root ignores file modes, so prefer the immutable attribute; fall back to chmod.
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&env.db)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !immutable {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o444)).unwrap();
        if std::fs::OpenOptions::new()
            .write(true)
            .open(&env.db)
            .is_ok()
        {
            eprintln!("skipped: cannot make a file read-only here (root without chattr)");
            return;
        }
    }
    let result = env
        .cmd(&["ingest", p(&samples().join("zamane_forum_repost_fr.txt"))])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "database {}: is read-only",
            env.db.display()
        )));
    drop(result);
    // Reading still works.
    env.cmd(&["docs"]).assert().success();
    if immutable {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&env.db)
            .status();
    }
}

#[test]
fn strict_stores_nothing_unless_all_succeed() {
    let env = Env::new();
    let good = env.write(
        "good.txt",
        "Un bon article, avec une phrase entière pour la langue française.",
    );
    let bad = env.write("bad.txt", "");
    env.cmd(&["ingest", "--strict", p(&good), p(&bad)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--strict: 1 input(s) failed, nothing was stored",
        ));
    assert_eq!(env.doc_count(), 0);
    env.cmd(&["ingest", p(&good), p(&bad)]).assert().code(1);
    assert_eq!(env.doc_count(), 1);
}

#[test]
fn interrupted_run_leaves_no_half_written_document() {
    let env = Env::new();
    for i in 0..3000 {
        env.write(
            &format!("corpus/{i:05}.txt"),
            format!(
                "Article {i}: le gouvernement aurait négocié un accord secret. {}",
                "texte ".repeat(200)
            ),
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimtrail"))
        .arg("--db")
        .arg(&env.db)
        .arg("ingest")
        .arg(env.path("corpus"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some documents are in, then kill the process mid-batch.
    let start = std::time::Instant::now();
    while env.doc_count() < 50 && start.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let mut stmt = conn
        .prepare("SELECT sha256, COALESCE(raw, CAST(text AS BLOB)), text, chars FROM documents")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })
        .unwrap();
    let mut n = 0;
    for row in rows {
        let (sha, raw, text, chars) = row.unwrap();
        use sha2::Digest;
        assert_eq!(claimtrail::ingest::hex(&sha2::Sha256::digest(&raw)), sha);
        assert_eq!(text.as_bytes(), &raw[..]);
        assert_eq!(text.chars().count() as i64, chars);
        n += 1;
    }
    assert!((50..3000).contains(&n), "killed after {n} documents");
    // A rerun completes the batch.
    env.cmd(&["ingest", p(&env.path("corpus"))])
        .assert()
        .success();
    assert_eq!(env.doc_count(), 3000);
}

/// The listed document whose path ends with `end`.
fn doc_by_path(v: &serde_json::Value, end: &str) -> serde_json::Value {
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with(end))
        .unwrap_or_else(|| panic!("{end}: {v}"))
        .clone()
}

/// Issue 21: the outlet comes from the manifest, else the HTML site name, else the URL's host,
/// and the listing says which.
#[test]
fn the_outlet_is_read_from_the_site_name_or_the_url_host_when_no_manifest_names_it() {
    let env = Env::new();
    env.write(
        "o/a.txt",
        "Algeria cut its diplomatic relations with Morocco on Tuesday, the foreign minister said.",
    );
    env.write(
        "o/b.txt",
        "Le Maroc regrette la décision de l'Algérie de rompre ses relations diplomatiques.",
    );
    env.write(
        "o/c.html",
        "<html><head><title>Rupture</title><meta property=\"og:site_name\" content=\"Le Matin\"></head>\
         <body><article><p>Le Maroc regrette la décision injustifiée de l'Algérie de rompre ses relations.</p></article></body></html>",
    );
    env.write(
        "o/manifest.csv",
        "file,url,outlet\n\
         a.txt,https://www.haaretz.com/world-news/2021-08-24/algeria-cuts-ties,\n\
         b.txt,https://lematin.ma/express/2021/maroc-regrette,Le Matin (manifest)\n",
    );
    env.cmd(&["ingest", p(&env.path("o"))]).assert().success();
    let v = env.docs_json();
    let by_path = |end: &str| doc_by_path(&v, end);
    let a = by_path("a.txt");
    assert_eq!(a["outlet"], "haaretz.com", "{a}");
    assert_eq!(a["outlet_source"], "url");
    let b = by_path("b.txt");
    assert_eq!(b["outlet"], "Le Matin (manifest)");
    assert_eq!(b["outlet_source"], "manifest");
    let c = by_path("c.html");
    assert_eq!(c["outlet"], "Le Matin");
    assert_eq!(c["outlet_source"], "html");
}

/// Issue 21: a plain-text page's title skips navigation, site names and time stamps, and is
/// none when the page opens with its body; its date is read from a publication line at the top,
/// not from a first sentence that dates the event.
#[test]
fn plain_text_titles_skip_navigation_and_dates_come_from_publication_lines() {
    let env = Env::new();
    env.write(
        "t/nav.txt",
        "Menu | Search\nAccueil\nSamedi 20 Avril 2024\nLe Maroc regrette la décision de l'Algérie\n\
         Publié le 24/08/2021 19:20\n\
         Le Maroc a pris acte de la décision unilatérale des autorités algériennes de rompre les relations diplomatiques avec le Royaume à partir de ce mardi, a indiqué le ministère.\n",
    );
    env.write(
        "t/body.txt",
        "On 10 September 2023, storm Daniel struck the eastern coast of Libya and broke two dams above the city of Derna, the authorities said.\n\
         Rescue teams are still searching the river bed for survivors.\n",
    );
    env.write(
        "t/arabic.txt",
        "القائمة\nالرئيسية | أخبار | رياضة\nالمغرب يأسف لقرار الجزائر قطع العلاقات الدبلوماسية\nنشر في 24/08/2021\n\
         أعرب المغرب عن أسفه للقرار الأحادي الجانب الذي اتخذته السلطات الجزائرية بقطع العلاقات الدبلوماسية مع المملكة ابتداء من اليوم الثلاثاء.\n",
    );
    env.cmd(&["run", p(&env.path("t"))]).assert().success();
    let v = env.docs_json();
    let by_path = |end: &str| doc_by_path(&v, end);
    let nav = by_path("nav.txt");
    assert_eq!(
        nav["title"], "Le Maroc regrette la décision de l'Algérie",
        "{nav}"
    );
    let body = by_path("body.txt");
    assert!(body["title"].is_null(), "{body}");
    assert!(body["published"].is_null(), "{body}");
    let ar = by_path("arabic.txt");
    assert_eq!(
        ar["title"], "المغرب يأسف لقرار الجزائر قطع العلاقات الدبلوماسية",
        "{ar}"
    );
    assert_eq!(
        ar["published"].as_str().unwrap_or("").get(..10),
        Some("2021-08-24"),
        "{ar}"
    );
    // The publication line wins over the date in the site's header (the day it was read).
    assert_eq!(
        nav["published"].as_str().unwrap_or("").get(..10),
        Some("2021-08-24"),
        "{nav}"
    );
}
