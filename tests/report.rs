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

#[test]
fn report_on_the_samples_matches_the_golden_files() {
    let env = Env::new();
    env.cmd(&["ingest", samples().to_str().unwrap()])
        .assert()
        .success();
    for width in ["120", "80"] {
        // `run` on an ingested database adds nothing and reports everything.
        let out = stdout(
            &env,
            &[
                "--width",
                width,
                "--color",
                "never",
                "run",
                samples().to_str().unwrap(),
            ],
        );
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
    for cmd in ["docs", "dupes", "align", "diverge", "check", "chain"] {
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
/// reach no human listing raw (they show as U+FFFD).
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
        shown.contains('\u{fffd}'),
        "the page's controls should show as U+FFFD"
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
