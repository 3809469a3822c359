//! Hostile, huge and concurrent input (issue 20): each test reproduces one finding of the probe
//! that failed before the fix.

mod common;

use common::Env;
use std::process::Command as StdCommand;

/// Control characters a page may carry that must never reach a terminal raw: C0 but the line
/// break, DEL, C1, and the bidi embedding, override and isolate controls.
fn raw_controls(s: &str) -> Vec<char> {
    let mut v: Vec<char> = s
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// What claimtrail itself adds around a right-to-left cell: a first-strong isolate and its pop,
/// balanced on every line. Anything else is from the page.
fn strip_own_isolates(s: &str) -> String {
    s.lines()
        .map(|l| {
            let fsi = l.matches('\u{2068}').count();
            let pdi = l.matches('\u{2069}').count();
            assert_eq!(fsi, pdi, "unbalanced isolation on a line: {l:?}");
            l.replace(['\u{2068}', '\u{2069}'], "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Finding 3: escape sequences, C1 controls and bidi overrides from a page (its text, its title,
/// its site name) reach no terminal listing, no CSV and no stderr line; JSON keeps the exact text.
#[test]
fn no_control_character_from_a_page_reaches_any_listing() {
    let env = Env::new();
    let body = "Le ministre de l'Intérieur a présenté hier le bilan de la saison. ".repeat(10);
    let txt = env.write(
        "evil\u{1b}[31m.txt",
        format!(
            "Titre \u{1b}]0;pwned\u{7} de la page\n\n{body}\n\nLe ministre a déclaré le 3 mai \
             2012 que 450 soldats \u{1b}[2J\u{1b}[31mROUGE\u{1b}[0m étaient déployés.\n\n\
             Selon le journal \u{202e}elbuod\u{2069} الخبر, l'accord \u{85}\u{9b}2J a été signé \
             \u{2069}\u{2069}.\n"
        ),
    );
    let html = env.write(
        "evil.html",
        "<html><head><title>T\u{1b}]0;pwned\u{7}itre \u{202e}x</title><meta \
         property='og:site_name' content='Site\u{1b}[2J'></head><body><p>Le ministre a \
         déclaré \u{1b}[2J le 3 mai 2012 que l'accord tient, selon une source officielle.</p>\
         <p>\u{202e}Selon الخبر\u{202c}, 450 soldats étaient déployés hier.</p></body></html>",
    );
    let run = env
        .cmd(&[
            "--color",
            "never",
            "run",
            txt.to_str().unwrap(),
            html.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut shown = String::from_utf8(run.stdout).unwrap();
    shown.push_str(&String::from_utf8_lossy(&run.stderr));
    let listings: &[&[&str]] = &[
        &[
            "run",
            "--only",
            "docs,dupes,facts,stories,align,diverge,check,chain",
        ],
        &["docs"],
        &["claims"],
        &["align"],
        &["diverge", "--all"],
        &["facts"],
        &["chain"],
        &["chain", "--format", "parents"],
        &["check"],
        &["dupes"],
    ];
    for args in listings {
        for format in ["table", "csv"] {
            if args[0] == "run" && format == "csv" {
                continue;
            }
            let mut a = vec!["--color", "never"];
            a.extend_from_slice(args);
            if args[0] == "run" {
                a.push(txt.to_str().unwrap());
            } else if !(args[0] == "chain" && args.len() > 1) {
                a.extend_from_slice(&["--format", format]);
            }
            let out = env.cmd(&a).output().unwrap();
            assert!(
                out.status.success(),
                "{a:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            shown.push_str(&String::from_utf8(out.stdout).unwrap());
            shown.push_str(&String::from_utf8_lossy(&out.stderr));
        }
    }
    let leaked = raw_controls(&strip_own_isolates(&shown));
    assert!(
        leaked.is_empty(),
        "raw controls reached the terminal: {leaked:?}"
    );
    // They are shown, visibly.
    assert!(shown.contains("\\u{1B}") && shown.contains("\\u{202E}"));
    // JSON and the database keep the page's text exactly.
    let out = env.cmd(&["claims", "--format", "json"]).output().unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v.to_string().contains('\u{1b}') || json.contains("\\u001b"));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let text: String = conn
        .query_row(
            "SELECT text FROM documents WHERE format = 'text'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text.contains("\u{1b}[2J") && text.contains('\u{202e}') && text.contains('\u{85}'));
}

/// Finding 1: a text with tens of thousands of dates once made SQLite sort every item together
/// with the document's whole text (a temporary B-tree of items x text) and filled the disk. Under
/// a 64 MB limit on the size of any file the process writes, the run now completes.
#[test]
fn many_items_do_not_make_temporary_files_grow_with_the_text() {
    let env = Env::new();
    let page = env.write(
        "dates.txt",
        "le 3 mai 2012, lundi 4 juin 2013, 450 soldats. ".repeat(2500),
    );
    let bin = assert_cmd::cargo::cargo_bin("claimtrail");
    let tmp = env.path("sqlite-tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    // bash's `ulimit -f` counts kilobytes; a process writing past it gets SIGXFSZ.
    let out = StdCommand::new("bash")
        .arg("-c")
        .arg("ulimit -f 65536 && exec \"$0\" \"$@\"")
        .arg(&bin)
        .args([
            "--db",
            env.db.to_str().unwrap(),
            "run",
            page.to_str().unwrap(),
        ])
        .env("SQLITE_TMPDIR", &tmp)
        .env_remove("CLAIMTRAIL_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "status {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let claims = env.cmd(&["claims", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&claims.stdout).unwrap();
    let n_items: usize = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["items"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(
        n_items > 5000,
        "the page's dates and numbers are all found ({n_items})"
    );
}

/// Finding 2: a text with no sentence end is cut into claims of at most 1,200 characters, with
/// a warning naming the file, instead of one claim of the whole text.
#[test]
fn a_text_without_punctuation_is_cut_into_bounded_claims_with_a_warning() {
    let env = Env::new();
    let words = "ministre gouvernement accord frontière réunion sécurité coopération président ";
    let page = env.write("nopunct.txt", words.repeat(400));
    let out = env.cmd(&["run", page.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("nopunct.txt") && err.contains("1200"),
        "{err}"
    );
    let claims = env.cmd(&["claims", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&claims.stdout).unwrap();
    let spans: Vec<(i64, i64)> = v["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["span"][0].as_i64().unwrap(),
                c["span"][1].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(spans.len() >= 25, "{} claims", spans.len());
    assert!(spans.iter().all(|(a, b)| b - a <= 1200));
    // Cut between words, and nothing lost: the claims cover the text but its spaces.
    let covered: i64 = spans.iter().map(|(a, b)| b - a).sum();
    let chars = (words.repeat(400).trim_end().chars().count()) as i64;
    assert!(chars - covered < spans.len() as i64, "{covered} of {chars}");
}

/// Finding 2: 100,000 nested elements overflowed the stack (an abort) and cost minutes in the
/// HTML tree builder; they are flattened past depth 512 with a note, and the text is kept.
#[test]
fn deeply_nested_html_is_flattened_not_fatal() {
    let env = Env::new();
    let depth = 100_000;
    let page = env.write(
        "deep.html",
        format!(
            "<html><body>{}<p>Le ministre a déclaré hier que l'accord de 2012 tient toujours.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
    );
    let out = env
        .cmd(&["ingest", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("deep.html") && err.contains("nested deeper than 512"),
        "{err}"
    );
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let text: String = conn
        .query_row("SELECT text FROM documents", [], |r| r.get(0))
        .unwrap();
    assert!(text.contains("l'accord de 2012 tient toujours"), "{text}");
}

/// Finding 4: two processes ingesting the same bytes into one database: both succeed and one
/// document is stored (before: a raw "UNIQUE constraint failed" in 4 tries of 4), including on a
/// database that neither has created yet.
#[test]
fn concurrent_ingests_of_the_same_bytes_store_one_document() {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for round in 0..3 {
        let env = Env::new();
        let procs: Vec<std::process::Child> = (0..3)
            .map(|_| {
                let mut c = StdCommand::new(assert_cmd::cargo::cargo_bin("claimtrail"));
                c.env_remove("CLAIMTRAIL_DB")
                    .args(["--db", env.db.to_str().unwrap(), "ingest"])
                    .arg(&samples)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped());
                c.spawn().unwrap()
            })
            .collect();
        for p in procs {
            let out = p.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(env.doc_count(), 5, "round {round}");
    }
}

/// Finding 5: a read-only evidence database (the file and its folder) can be listed, and what a
/// read command shows is what it shows on a writable copy; it says the database is read-only.
/// As root, file modes do not stop writes, so the commands run as `nobody` (through setpriv);
/// where neither is possible the test says it is skipped.
#[test]
fn a_read_only_database_can_be_listed() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    env.cmd(&["run", samples.to_str().unwrap()])
        .assert()
        .success();
    let root = StdCommand::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let bin = assert_cmd::cargo::cargo_bin("claimtrail");
    let runner = |args: &[&str]| -> std::process::Output {
        let mut c = if root {
            let mut c = StdCommand::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin);
            c
        } else {
            StdCommand::new(&bin)
        };
        c.env_remove("CLAIMTRAIL_DB")
            .args(["--db", env.db.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let listings: &[&[&str]] = &[
        &["docs", "--format", "json"],
        &["claims", "--format", "json"],
        &["align", "--format", "json"],
        &["diverge", "--format", "json"],
        &["facts", "--format", "json"],
        &["chain", "--format", "json"],
    ];
    let writable: Vec<Vec<u8>> = listings
        .iter()
        .map(|a| env.cmd(a).output().unwrap().stdout)
        .collect();
    if root && runner(&["--version"]).status.code() != Some(0) {
        eprintln!("skipped: cannot run the binary as nobody here (setpriv, or the path's modes)");
        return;
    }
    let dir = env.dir.path().to_path_buf();
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    for p in &entries {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let results: Vec<std::process::Output> = listings.iter().map(|a| runner(a)).collect();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for p in &entries {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    for ((args, out), expected) in listings.iter().zip(&results).zip(&writable) {
        assert!(
            out.status.success(),
            "{args:?} on a read-only database: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            &out.stdout, expected,
            "{args:?} shows something else read-only"
        );
    }
    let said = String::from_utf8_lossy(&results[1].stderr);
    assert!(
        said.contains("read-only") && said.contains("up to date"),
        "{said}"
    );
}

/// Finding 6: a page with one undecodable byte is refused by default (saying `--lossy` keeps it),
/// and kept with `--lossy`: the byte becomes U+FFFD, its place is recorded, the original bytes
/// are stored unchanged.
#[test]
fn lossy_keeps_a_page_with_a_bad_byte_and_records_where() {
    let env = Env::new();
    let mut bytes = "Le ministre a déclaré hier que l'accord de 2012 tient toujours. "
        .repeat(40)
        .into_bytes();
    bytes.insert(1000, 0xff);
    let page = env.write("damaged.txt", &bytes);
    let out = env
        .cmd(&["ingest", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("damaged.txt") && err.contains("--lossy"),
        "{err}"
    );
    assert_eq!(env.doc_count(), 0);
    let out = env
        .cmd(&["ingest", "--lossy", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("byte offset 1000"));
    let docs = env.docs_json();
    let d = &docs["documents"][0];
    assert_eq!(d["replaced_bytes"], serde_json::json!([[1000, 1]]));
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let (raw, text): (Vec<u8>, String) = conn
        .query_row("SELECT raw, text FROM documents", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(raw, bytes, "the original bytes are kept");
    assert_eq!(text.matches('\u{fffd}').count(), 1);
}

/// Finding 7: a page made only of invisible and combining characters (Arabic vowel marks are
/// alphabetic in Unicode) was stored as an Arabic document; it is refused, saying why.
#[test]
fn a_page_without_letters_is_refused() {
    let env = Env::new();
    let page = env.write(
        "marks.txt",
        "\u{200b}\u{200c}\u{200d}\u{2060}\u{0301}\u{0651}\u{064b}".repeat(300),
    );
    let out = env
        .cmd(&["ingest", page.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("marks.txt") && err.contains("no visible text"),
        "{err}"
    );
    assert_eq!(env.doc_count(), 0);
}

/// The fuzz target runs (a short, seeded run here; `claimtrail-bench fuzz --seconds 600` for the
/// figures in the notes) and finds no crash.
#[test]
fn fuzz_target_finds_no_crash_in_a_short_seeded_run() {
    let out = StdCommand::new(assert_cmd::cargo::cargo_bin("claimtrail-bench"))
        .args(["fuzz", "--iterations", "300", "--seed", "3"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("300 executions") && said.contains(" 0 crashes"),
        "{said}"
    );
}

/// A page with more claims than the align stage takes gives its first ones (and only their
/// items) and is named among the pages cut.
#[test]
fn the_align_stage_takes_a_pages_first_claims_only() {
    let env = Env::new();
    let page = env.write(
        "long.txt",
        "Le 3 mai 2012, le ministre a déclaré que 450 soldats étaient là.\n".repeat(5),
    );
    env.cmd(&["ingest", page.to_str().unwrap()])
        .assert()
        .success();
    env.cmd(&["claims"]).assert().success();
    let store = claimtrail::store::Store::open_existing(&env.db).unwrap();
    let (inputs, cut) = store.align_inputs(2).unwrap();
    assert_eq!(cut, vec![(1, 5)]);
    assert_eq!(inputs[0].claims.len(), 2);
    let end = inputs[0].claims[1].end;
    assert!(!inputs[0].items.is_empty() && inputs[0].items.iter().all(|it| it.start < end));
    let (all, none) = store.align_inputs(10).unwrap();
    assert!(none.is_empty() && all[0].claims.len() == 5);
}

/// The 20 MB finding of the memory target: a page longer than one analysis window is stored
/// window by window (its claims and items never all in memory). What is stored is what the whole
/// analysis gives, and an in-page check in a later window points at its place in the whole text.
#[test]
fn a_page_longer_than_a_window_is_stored_window_by_window() {
    let env = Env::new();
    let line = "Le 3 mai 2012, le ministre a déclaré que 450 soldats étaient là.\n";
    let n = claimtrail::text::WINDOW_CHARS / line.chars().count() + 50;
    let mut text = line.repeat(n);
    let wrong = "Le lundi 5 mai 2012, la réunion a eu lieu.\n";
    text.push_str(wrong);
    let page = env.write("long.txt", &text);
    env.cmd(&["run", page.to_str().unwrap()]).assert().success();
    let whole = claimtrail::text::analyze("x", &text, "fr", None);
    let store = claimtrail::store::Store::open_existing(&env.db).unwrap();
    let claims = store.claims(Some(1)).unwrap();
    assert_eq!(claims.len(), whole.claims.len());
    assert!(claims.iter().zip(&whole.claims).all(|(s, w)| (
        s.start as usize,
        s.end as usize,
        s.ordinal as usize
    ) == (w.start, w.end, w.ordinal)));
    let items = store.items(Some(1)).unwrap();
    assert_eq!(items.len(), whole.items.len());
    // Every item is held by the stored claim that contains its start.
    for it in &items {
        let holder = claims
            .iter()
            .find(|c| c.start <= it.start && it.start < c.end)
            .map(|c| c.id.clone());
        assert_eq!(it.claim_id, holder, "{it:?}");
    }
    let found = store.inconsistencies(Some(1)).unwrap();
    let weekday: Vec<_> = found.iter().filter(|i| i.kind == "weekday").collect();
    assert_eq!(weekday.len(), 1, "{found:?}");
    let at = text.chars().count() - wrong.chars().count();
    assert!(
        weekday[0].start as usize >= at && weekday[0].text.contains("5 mai 2012"),
        "{:?}",
        weekday[0]
    );
}
