//! `claimtrail-bench real ...`: the real-page corpus (recipe in `eval/real/`, texts in a scratch
//! folder outside the repository). See `eval/real/README.md`.
//!
//! - `real check SCRATCH`: every recipe page present in `SCRATCH/pages/` with its SHA-256.
//! - `real recipe SCRATCH`: writes `eval/real/recipe.jsonl` from `SCRATCH/recipe/*.jsonl` (the
//!   collectors' lines), the SHA-256 of each saved text and the split of its story
//!   (`eval/real/splits.json`).
//! - `real gold SCRATCH`: writes `eval/real/gold/{dev,test}.gold.jsonl` (span+hash places, no page
//!   text) from the quote-based gold in `SCRATCH/gold-quotes/<story>.jsonl`.
//! - `real run SCRATCH [--split dev|test|all] [--db PATH]`: checks the pages, runs `claimtrail run`
//!   on the split through a manifest (file, outlet, URL, date), scores the database against the
//!   split's gold, and prints the findings per page.
//! - `real sample SCRATCH --db PATH --kind KIND [--n 50] [--seed 1] [--unlabelled] --out FILE`: a
//!   seeded sample of the findings of a kind, with both texts, for a reader (the file holds page
//!   text: keep it in the scratch folder). With `--unlabelled`, only findings the split's gold does
//!   not decide.
//! - `real judged FILE...`: right, wrong, unsure and the judged precision of verdict files.
//! - `real align SCRATCH --split dev|test --db PATH [--fit] [--judged FILE...] [--stored]`: alignment per language pair on the
//!   exhaustive page pairs, beside the naive encoder baseline, with a calibration table (see
//!   `bench/align_eval.rs`).

use claimtrail::eval::corpus::{self, RecipePage};
use claimtrail::eval::{self, judged, Kind};
use claimtrail::store::Store;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn recipe_path() -> PathBuf {
    repo().join("eval/real/recipe.jsonl")
}

fn gold_path(split: &str) -> PathBuf {
    repo().join(format!("eval/real/gold/{split}.gold.jsonl"))
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

pub fn main(args: &[String]) -> Result<(), String> {
    let sub = args.first().map(String::as_str);
    let scratch = args.get(1).map(PathBuf::from);
    match (sub, scratch) {
        (Some("check"), Some(s)) => check(&s).map(|n| println!("{n} pages match the recipe")),
        (Some("recipe"), Some(s)) => recipe(&s),
        (Some("gold"), Some(s)) => gold(&s),
        (Some("run"), Some(s)) => run(&s, flag(args, "--split").unwrap_or("dev"), flag(args, "--db")),
        (Some("sample"), Some(s)) => sample(&s, args),
        (Some("judged"), Some(_)) => judged_files(&args[1..]),
        (Some("align"), Some(_)) => {
            let split = flag(args, "--split").unwrap_or("dev");
            let db = flag(args, "--db").ok_or("real align needs --db (a database made by real run)")?;
            let judged: Vec<String> = args
                .iter()
                .skip_while(|a| *a != "--judged")
                .skip(1)
                .take_while(|a| !a.starts_with("--"))
                .cloned()
                .collect();
            super::align_eval::main(
                Path::new(db),
                &gold_path(split),
                split,
                args.iter().any(|a| a == "--fit"),
                &judged,
                args.iter().any(|a| a == "--stored"),
            )
        }
        _ => Err("usage: claimtrail-bench real check|recipe|gold|run|sample SCRATCH ... | real judged FILE...".into()),
    }
}

fn load_recipe() -> Result<Vec<RecipePage>, String> {
    corpus::read_recipe(&recipe_path()).map_err(|e| e.to_string())
}

fn split_pages(split: &str) -> Result<Vec<RecipePage>, String> {
    let pages = load_recipe()?;
    match split {
        "all" => Ok(pages),
        "dev" | "test" => Ok(pages.into_iter().filter(|p| p.split == split).collect()),
        other => Err(format!("--split must be dev, test or all, not {other}")),
    }
}

fn check(scratch: &Path) -> Result<usize, String> {
    let pages = load_recipe()?;
    let problems = corpus::check_scratch(scratch, &pages);
    for (slug, p) in &problems {
        eprintln!("claimtrail-bench: {slug}: {p}");
    }
    if problems.is_empty() {
        Ok(pages.len())
    } else {
        Err(format!(
            "{} of {} pages missing or changed",
            problems.len(),
            pages.len()
        ))
    }
}

fn recipe(scratch: &Path) -> Result<(), String> {
    let splits_path = repo().join("eval/real/splits.json");
    let splits: BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(&splits_path)
            .map_err(|e| format!("{}: {e}", splits_path.display()))?,
    )
    .map_err(|e| format!("{}: {e}", splits_path.display()))?;
    let dir = scratch.join("recipe");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = String::new();
    let mut n = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let mut v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: {e}", f.display(), i + 1))?;
            let story = v["story"].as_str().unwrap_or_default().to_string();
            let split = splits.get(&story).ok_or_else(|| {
                format!(
                    "{}:{}: story {story} has no split in {}",
                    f.display(),
                    i + 1,
                    splits_path.display()
                )
            })?;
            let file = v["file"].as_str().unwrap_or_default().to_string();
            let path = scratch.join("pages").join(&file);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            v["sha256"] = corpus::sha256_hex(&bytes).into();
            v["split"] = split.clone().into();
            let page: RecipePage =
                serde_json::from_value(v).map_err(|e| format!("{}:{}: {e}", f.display(), i + 1))?;
            out.push_str(&serde_json::to_string(&page).map_err(|e| e.to_string())?);
            out.push('\n');
            n += 1;
        }
    }
    std::fs::write(recipe_path(), out).map_err(|e| e.to_string())?;
    // Read it back: duplicate slugs and bad splits are refused there.
    load_recipe()?;
    println!("{n} pages written to {}", recipe_path().display());
    Ok(())
}

fn gold(scratch: &Path) -> Result<(), String> {
    let pages = load_recipe()?;
    for split in ["dev", "test"] {
        let of_split: Vec<RecipePage> =
            pages.iter().filter(|p| p.split == split).cloned().collect();
        let mut stories: Vec<&str> = of_split.iter().map(|p| p.story.as_str()).collect();
        stories.sort_unstable();
        stories.dedup();
        let mut lines = String::new();
        for story in &stories {
            let f = scratch.join("gold-quotes").join(format!("{story}.jsonl"));
            match std::fs::read_to_string(&f) {
                Ok(t) => lines.push_str(&t),
                Err(e) => eprintln!(
                    "claimtrail-bench: {}: {e} (story {story} has no gold yet)",
                    f.display()
                ),
            }
            if !lines.ends_with('\n') {
                lines.push('\n');
            }
        }
        let src = scratch.join("gold-quotes");
        let (text, kept, skipped) =
            corpus::quotes_to_spans(&src, &lines, scratch, &of_split).map_err(|e| e.to_string())?;
        let out = gold_path(split);
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(&out, text).map_err(|e| e.to_string())?;
        println!(
            "{split}: {} pages, stories {}, {kept} gold items written to {} ({skipped} left out)",
            of_split.len(),
            stories.join(", "),
            out.display()
        );
    }
    Ok(())
}

fn run(scratch: &Path, split: &str, db: Option<&str>) -> Result<(), String> {
    check(scratch)?;
    let pages = split_pages(split)?;
    let work = std::env::temp_dir().join(format!("claimtrail-real-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let manifest = work.join("manifest.csv");
    corpus::write_manifest(scratch, &pages, &manifest).map_err(|e| e.to_string())?;
    let db = db.map_or_else(|| work.join("real.db"), PathBuf::from);
    let _ = std::fs::remove_file(&db);
    let exe = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("claimtrail");
    let started = std::time::Instant::now();
    let status = Command::new(&exe)
        .args(["run", "--manifest"])
        .arg(&manifest)
        .arg("--db")
        .arg(&db)
        .args(["--format", "json"])
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| {
            format!(
                "{}: {e} (build it with cargo build --release)",
                exe.display()
            )
        })?;
    if !status.success() {
        return Err(format!("claimtrail run failed: {status}"));
    }
    eprintln!(
        "claimtrail run on {} {split} pages: {:.1} s; database {}",
        pages.len(),
        started.elapsed().as_secs_f64(),
        db.display()
    );
    let store = Store::open_existing(&db).map_err(|e| e.to_string())?;
    per_page(&store, &pages)?;
    let splits: Vec<&str> = if split == "all" {
        vec!["dev", "test"]
    } else {
        vec![split]
    };
    for s in splits {
        let g = gold_path(s);
        let report = eval::evaluate(&store, &g).map_err(|e| e.to_string())?;
        println!("\n{} ({s})\n{}", g.display(), report.to_table());
    }
    Ok(())
}

/// Findings per page: how many of each kind touch it, and the mean per page.
fn per_page(store: &Store, pages: &[RecipePage]) -> Result<(), String> {
    let slugs: HashMap<String, String> = pages
        .iter()
        .map(|p| (p.sha256.clone(), p.slug.clone()))
        .collect();
    let mut line = format!("{} pages; findings (per page):", pages.len());
    for kind in Kind::POSITIVE {
        let n = judged::findings(store, kind, &slugs)
            .map_err(|e| e.to_string())?
            .len();
        line.push_str(&format!(
            " {} {n} ({:.1})",
            kind.name(),
            n as f64 / pages.len().max(1) as f64
        ));
    }
    println!("{line}");
    Ok(())
}

fn sample(scratch: &Path, args: &[String]) -> Result<(), String> {
    let db = flag(args, "--db").ok_or("sample needs --db PATH (a database made by real run)")?;
    let kind_name = flag(args, "--kind").ok_or("sample needs --kind KIND")?;
    let kind = Kind::from_name(kind_name)
        .filter(|k| k.is_positive())
        .ok_or_else(|| format!("--kind must be a kind of finding, not {kind_name}"))?;
    let n: usize = flag(args, "--n")
        .unwrap_or("50")
        .parse()
        .map_err(|_| "--n must be a number")?;
    let seed: u64 = flag(args, "--seed")
        .unwrap_or("1")
        .parse()
        .map_err(|_| "--seed must be a number")?;
    let out = PathBuf::from(
        flag(args, "--out").ok_or("sample needs --out FILE (in the scratch folder)")?,
    );
    let split = flag(args, "--split").unwrap_or("dev");
    let pages = split_pages(split)?;
    let problems = corpus::check_scratch(scratch, &pages);
    if !problems.is_empty() {
        return Err(format!(
            "{} pages missing or changed; run real check",
            problems.len()
        ));
    }
    let store = Store::open_existing(Path::new(db)).map_err(|e| e.to_string())?;
    let slugs: HashMap<String, String> = pages
        .iter()
        .map(|p| (p.sha256.clone(), p.slug.clone()))
        .collect();
    let mut all = judged::findings(&store, kind, &slugs).map_err(|e| e.to_string())?;
    let total = all.len();
    if args.iter().any(|a| a == "--unlabelled") {
        let report = eval::evaluate(&store, &gold_path(split)).map_err(|e| e.to_string())?;
        all.retain(|f| !report.decides(f.table, f.row));
    }
    let pool = all.len();
    let picked = judged::sample(all, n, seed);
    let mut text = serde_json::json!({
        "sample": kind.name(), "split": split, "seed": seed, "findings": total, "pool": pool,
        "sampled": picked.len(), "unlabelled_only": args.iter().any(|a| a == "--unlabelled"),
    })
    .to_string();
    text.push('\n');
    for f in &picked {
        text.push_str(&serde_json::to_string(f).map_err(|e| e.to_string())?);
        text.push('\n');
    }
    std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{} of {pool} {} findings ({total} in all) written to {}",
        picked.len(),
        kind.name(),
        out.display()
    );
    Ok(())
}

fn judged_files(files: &[String]) -> Result<(), String> {
    for f in files {
        let (header, t) = judged::tally(Path::new(f)).map_err(|e| e.to_string())?;
        let p = t.precision().map_or("-".to_string(), |p| format!("{p:.2}"));
        let ci = t.interval().map_or(String::new(), |(lo, hi)| {
            format!(" (95% CI {lo:.2}-{hi:.2})")
        });
        println!(
            "{f}: {} {}: right {} wrong {} unsure {}: judged precision {p}{ci}",
            header["judged"].as_str().unwrap_or("?"),
            header["split"].as_str().unwrap_or("?"),
            t.right,
            t.wrong,
            t.unsure
        );
    }
    Ok(())
}
