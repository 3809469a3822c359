//! The main job's report: golden files at 120 and 80 columns, a real terminal (tmux) keeping the
//! Arabic cells inside their columns, the JSON contract against `schema/claimtrail-1.schema.json`,
//! and the report's options (`--only`, `--bidi`, `--color`).

mod common;

use common::{samples, Env};
use std::path::PathBuf;

fn repo(p: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn stdout(env: &Env, args: &[&str]) -> String {
    let out = env.cmd(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Compares with a committed file; `UPDATE_GOLDEN=1 cargo test` rewrites it.
fn golden(name: &str, actual: &str) {
    let path = repo("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual);
        panic!(
            "{} differs from the output (UPDATE_GOLDEN=1 to accept):\n{}",
            path.display(),
            diff.unified_diff().context_radius(2)
        );
    }
}

/// The main job's report on the samples at `width` columns, without colour.
fn run_report(env: &Env, width: &str) -> String {
    stdout(
        env,
        &[
            "--width",
            width,
            "--color",
            "never",
            "run",
            samples().to_str().unwrap(),
        ],
    )
}

#[test]
fn report_on_the_samples_matches_the_golden_files() {
    let env = Env::new();
    env.cmd(&["ingest", samples().to_str().unwrap()])
        .assert()
        .success();
    for width in ["120", "80"] {
        // `run` on an ingested database adds nothing and reports everything.
        let out = run_report(&env, width);
        assert!(out.contains("Sourcing chain"));
        golden(&format!("run_samples_{width}.txt"), &out);
        // Every line of every table fits the width.
        for line in out.lines() {
            let w = claimtrail::report::display_width(line);
            assert!(w <= width.parse().unwrap(), "{w} columns: {line}");
        }
    }
}

#[test]
fn json_outputs_validate_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("schema/claimtrail-1.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let env = Env::new();
    let run = stdout(
        &env,
        &["run", samples().to_str().unwrap(), "--format", "json"],
    );
    let mut outputs = vec![run];
    for cmd in [
        "docs", "dupes", "align", "diverge", "facts", "check", "chain",
    ] {
        outputs.push(stdout(&env, &[cmd, "--format", "json"]));
    }
    for out in outputs {
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    // The run report holds every section.
    let v: serde_json::Value = serde_json::from_str(&stdout(
        &env,
        &["run", samples().to_str().unwrap(), "--format", "json"],
    ))
    .unwrap();
    for k in [
        "documents",
        "duplicates",
        "alignments",
        "divergences",
        "facts",
        "inconsistencies",
        "chain",
    ] {
        assert!(v.get(k).is_some(), "{k} missing");
    }
    // A broken object does not validate (the schema checks something).
    let mut bad = v.clone();
    bad["alignments"][0]["why"]["components"] = serde_json::json!({});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn only_bidi_and_color_options() {
    let env = Env::new();
    let s = samples();
    let only = stdout(
        &env,
        &[
            "--color",
            "never",
            "run",
            s.to_str().unwrap(),
            "--only",
            "align,chain",
        ],
    );
    assert!(
        only.starts_with("Aligned claims"),
        "{}",
        &only[..80.min(only.len())]
    );
    assert!(!only.contains("Documents (") && !only.contains("Duplicate passages"));
    // Isolation: Arabic cells are wrapped in FSI ... PDI, nothing else is.
    assert!(only.contains('\u{2068}') && only.contains('\u{2069}'));
    assert_eq!(
        only.matches('\u{2068}').count(),
        only.matches('\u{2069}').count()
    );
    // --bidi: visual order instead, no isolation marks.
    let visual = stdout(&env, &["--bidi", "--color", "never", "align"]);
    assert!(!visual.contains('\u{2068}'));
    assert!(claimtrail::report::has_rtl(&visual));
    // Colour only when asked (stdout is a pipe here), and NO_COLOR wins over auto.
    assert!(!stdout(&env, &["docs"]).contains('\u{1b}'));
    assert!(stdout(&env, &["--color", "always", "docs"]).contains('\u{1b}'));
    let out = env.cmd(&["docs"]).env("NO_COLOR", "1").output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    // --full keeps long claims whole.
    let full = stdout(
        &env,
        &["--full", "--width", "200", "--color", "never", "align"],
    );
    assert!(!full.contains('…'), "a cut survived --full");
}

/// Runs the report in a real terminal (tmux, 110 columns) and checks that on every table line the
/// column separators sit at the same screen columns as on the header line: no Arabic cell pushes
/// or pulls a border.
#[test]
fn arabic_cells_stay_inside_their_columns_in_a_terminal() {
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        // `.ci/run` installs tmux, so CI runs this test; elsewhere it is skipped, saying why.
        eprintln!("skipped: tmux is not installed (Debian package tmux); `.ci/run` installs it");
        return;
    }
    let env = Env::new();
    let s = samples();
    env.cmd(&["ingest", s.to_str().unwrap()]).assert().success();
    let bin = assert_cmd::cargo::cargo_bin("claimtrail");
    let session = format!("claimtrail-test-{}", std::process::id());
    // The binary writes to the terminal itself (its width is the pane's), then waits to be read.
    let script = format!(
        "{} --db {} --color never align 3 5 2>/dev/null; sleep 30",
        bin.display(),
        env.db.display(),
    );
    let st = std::process::Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &session,
            "-x",
            "110",
            "-y",
            "200",
            "sh",
            "-c",
            &script,
        ])
        .status()
        .unwrap();
    assert!(st.success());
    // Wait for the output to be drawn.
    let mut screen = String::new();
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let cap = std::process::Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &session, "-S", "0", "-E", "199"])
            .output()
            .unwrap();
        screen = String::from_utf8_lossy(&cap.stdout).into_owned();
        if screen.contains('└') {
            break;
        }
    }
    let _ = std::process::Command::new("tmux")
        .args(["kill-session", "-t", &session])
        .status();
    assert!(screen.contains('└'), "no table on the screen:\n{screen}");
    assert!(
        claimtrail::report::has_rtl(&screen),
        "no Arabic on the screen"
    );
    // Screen columns of the separators on each table line, as a terminal counts them: one cell
    // per character, none for combining marks and format characters (the lam-alef ligature
    // takes two cells on a terminal grid).
    let cols = |line: &str| -> Vec<usize> {
        let mut col = 0;
        let mut out = Vec::new();
        for c in line.chars() {
            if c == '│' || c == '┆' {
                out.push(col);
            }
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
        out
    };
    let lines: Vec<&str> = screen.lines().filter(|l| l.starts_with('│')).collect();
    assert!(lines.len() > 3);
    // No line wrapped: each ends with its border.
    assert!(
        lines.iter().all(|l| l.trim_end().ends_with('│')),
        "{screen}"
    );
    let header = cols(lines[0]);
    assert!(header.len() >= 5);
    for l in &lines {
        assert_eq!(cols(l), header, "a border moved on:\n{l}");
    }
}

/// A page cannot change what the analyst sees: escape sequences and bidi overrides in its text
/// reach no human listing raw (they show as visible escapes, `\u{1B}`).
#[test]
fn page_text_cannot_drive_the_terminal() {
    let env = Env::new();
    let page = env.write(
        "evil.txt",
        "Le ministre a annoncé la nouvelle \u{1b}[2J hier à Alger, selon l’AFP. Il a ajouté \
         \u{202e}que le sommet aura lieu en mai 2024\u{2069}.\n",
    );
    env.cmd(&["run", page.to_str().unwrap(), samples().to_str().unwrap()])
        .assert()
        .success();
    let mut shown = String::new();
    for cmd in [
        &["--color", "never", "docs"][..],
        &["--color", "never", "claims"],
        &["--color", "never", "align"],
        &["--color", "never", "diverge"],
        &["--color", "never", "chain"],
        &["--color", "never", "chain", "--format", "table"],
        &["--color", "never", "check"],
        &["--color", "never", "dupes"],
    ] {
        shown.push_str(&stdout(&env, cmd));
    }
    assert!(
        !shown.contains('\u{1b}'),
        "an escape sequence reached the terminal"
    );
    assert!(
        !shown.contains('\u{202e}'),
        "a bidi override reached the terminal"
    );
    assert!(
        shown.contains("\\u{1B}") && shown.contains("\\u{202E}"),
        "the page's controls should show as visible escapes"
    );
    // What is stored stays the page's text, byte for byte.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let text: String = conn
        .query_row(
            "SELECT text FROM documents WHERE path LIKE '%evil.txt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text.contains('\u{1b}') && text.contains('\u{202e}'));
}

#[test]
fn the_fact_table_shows_each_figure_with_the_pages_that_give_it() {
    let env = Env::new();
    env.write(
        "flood/a.txt",
        "Floods killed 12 people in the town of Derna after the storm broke two dams. \
         Storm Daniel reached the coast on 10 September 2023. Rescue teams are searching the river bed for survivors while the roads stay closed.",
    );
    env.write(
        "flood/b.txt",
        "Floods killed 40 people in the town of Derna after the storm broke two dams. \
         Storm Daniel reached the coast on 10 September 2023. Rescue teams are searching the river bed for survivors while the roads stay closed.",
    );
    env.write(
        "flood/c.txt",
        "Les inondations ont tué 40 personnes dans la ville de Derna après que la tempête a rompu deux barrages. \
         La tempête Daniel a atteint la côte le 10 septembre 2023. Les secouristes fouillent le lit de la rivière à la recherche de survivants, les routes restent fermées.",
    );
    env.write(
        "flood/manifest.csv",
        "file,outlet,published\n\
         a.txt,Early Wire,2023-09-11T01:10\n\
         b.txt,Second Daily,2023-09-11T09:00\n\
         c.txt,Le Troisième,2023-09-12\n",
    );
    env.cmd(&["ingest", env.dir.path().join("flood").to_str().unwrap()])
        .assert()
        .success();
    let out = stdout(&env, &["facts", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "claimtrail/1");
    let facts = v["facts"].as_array().unwrap();
    // The toll sentence is one fact told by the three pages, with two figures.
    let toll = facts
        .iter()
        .find(|f| f["label"].as_str().unwrap().contains("Floods killed 12"))
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(toll["docs"].as_array().unwrap().len(), 3, "{toll}");
    assert_eq!(toll["differs"], true, "{toll}");
    let figures: Vec<(String, usize)> = toll["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"] == "number")
        .map(|x| {
            (
                x["value"].as_str().unwrap().to_string(),
                x["docs"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![("40".to_string(), 2), ("12".to_string(), 1)],
        "{toll}"
    );
    // The rescue sentence is another fact, and its pages agree.
    assert!(facts
        .iter()
        .any(|f| f["differs"] == false && f["docs"].as_array().unwrap().len() == 3));
    // The table names the outlets and their publication times; the rows that differ come first.
    let table = stdout(&env, &["--width", "160", "--color", "never", "facts"]);
    assert!(table.contains("Early Wire, 2023-09-11 01:10"), "{table}");
    assert!(table.contains("1 ≠"), "{table}");
    let csv = stdout(&env, &["facts", "--format", "csv"]);
    assert!(csv.starts_with("fact,story,label,differs,kind,value,text,docs,pages"));
}

/// Issue 21: a claim aligned twice is written once in the story table; the next rows point to it.
#[test]
fn the_story_table_writes_each_claim_once() {
    let env = Env::new();
    let out = stdout(
        &env,
        &[
            "--width",
            "120",
            "--color",
            "never",
            "run",
            samples().to_str().unwrap(),
            "--only",
            "stories",
        ],
    );
    assert!(out.contains("│ row "), "{out}");
    assert!(out.contains("(as row 1)"), "{out}");
    // Every claim text appears in one row only: no row's first line repeats an earlier one.
    let firsts: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("│ ") && l[4..].trim_start().starts_with(char::is_numeric))
        .collect();
    for (i, l) in firsts.iter().enumerate() {
        let cells: Vec<&str> = l.split('┆').skip(1).map(str::trim).collect();
        for earlier in &firsts[..i] {
            let prev: Vec<&str> = earlier.split('┆').skip(1).map(str::trim).collect();
            for (a, b) in cells.iter().zip(prev.iter()) {
                assert!(a.starts_with("(as row") || a != b, "repeated cell {a}");
            }
        }
    }
}

/// The words of a report's cells and lines, without table drawing, isolates or punctuation.
fn report_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let clean: String = line
            .chars()
            .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
            .map(|c| {
                if matches!(c, '│' | '┆' | '║') || ('\u{2500}'..='\u{257f}').contains(&c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        for t in clean.split(|c: char| c.is_whitespace() || ",;:()\"«»“”/[]|.!?،؛".contains(c))
        {
            let t = t.trim_matches(|c: char| "'’-–—=~+*#<>".contains(c));
            if !t.is_empty() {
                out.push(t.to_string());
            }
        }
    }
    out
}

/// Issue 21: at 80 columns the report keeps to the width and cuts only between words (a cell cut
/// for length ends with "…"); at 60 it keeps to the width.
#[test]
fn the_report_keeps_to_its_width_and_never_cuts_inside_a_word() {
    let env = Env::new();
    let run = |width: &str| run_report(&env, width);
    let wide: std::collections::HashSet<String> = report_words(&run("400")).into_iter().collect();
    for width in [80usize, 60] {
        let out = run(&width.to_string());
        for line in out.lines() {
            let w: usize = line
                .chars()
                .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum();
            assert!(w <= width, "{w} > {width}: {line}");
        }
        if width == 80 {
            for t in report_words(&out) {
                let table_word = t.ends_with('…')
                    || wide.contains(&t)
                    || t.chars().all(|c| c.is_ascii_digit() || c == '-')
                    // Headers a narrow table names more briefly.
                    || t == "date";
                assert!(table_word, "a word cut at 80 columns: {t:?}");
            }
        }
    }
}

/// A large corpus's report stays readable: each listing shows at most `--rows` rows, the most
/// telling first, and says how many it holds and which command lists them all.
#[test]
fn listings_are_cut_at_rows_and_say_where_the_rest_is() {
    let env = Env::new();
    let s = samples();
    let all = stdout(&env, &["--color", "never", "run", s.to_str().unwrap()]);
    assert!(all.starts_with("Summary\n") && all.contains("5 pages (ar 4, fr 1)"));
    assert!(!all.contains(" shown ("), "{all}");
    let cut = stdout(
        &env,
        &[
            "--color",
            "never",
            "run",
            s.to_str().unwrap(),
            "--rows",
            "2",
        ],
    );
    assert!(
        cut.contains("... 2 of 4 shown (longest passages); all: `claimtrail dupes`"),
        "{cut}"
    );
    assert!(cut.contains("... 2 of 5 shown (first by id); all: `claimtrail docs`"));
    assert!(cut.lines().count() < all.lines().count());
    let every = stdout(
        &env,
        &[
            "--color",
            "never",
            "run",
            s.to_str().unwrap(),
            "--rows",
            "0",
        ],
    );
    assert_eq!(every, all);
}
