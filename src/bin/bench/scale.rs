//! `claimtrail-bench scale CORPUS... [--add CORPUS] [--db-dir DIR]`: the whole job (what
//! `claimtrail run` does, in process) on each corpus in turn (gencorpus.py folders, smallest
//! first), each on a fresh database: every stage's wall time and peak resident memory (the peak is
//! reset before each stage through `/proc/self/clear_refs`), the align stage's steps, and the
//! ratios from one corpus to the next (time and memory per doubling of pages, the target).
//! `--add CORPUS` then adds that corpus's pages to the largest database and runs the job again:
//! the time of extending a stored run, against the full run's. The report is rendered as
//! `claimtrail run` renders it (table, default sections) and its size printed.

use claimtrail::ingest::{self, IngestOptions};
use claimtrail::store::Store;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// One stage's wall time and peak resident memory.
#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Step {
    seconds: f64,
    peak_mb: f64,
}

#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
struct Run {
    corpus: String,
    pages: usize,
    megabytes: f64,
    ingest: Step,
    text: Step,
    dedup: Step,
    align: Step,
    report: Step,
    total_seconds: f64,
    peak_mb: f64,
    align_steps: claimtrail::pipeline::AlignSeconds,
    claims: usize,
    aligned: usize,
    pairs_scored: u64,
    report_lines: usize,
    report_megabytes: f64,
}

/// Resets the process's peak resident memory (Linux: `5` to `/proc/self/clear_refs`), so that
/// the next reading is the next stage's peak.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn timed<T>(f: impl FnOnce() -> Result<T, String>) -> Result<(T, Step), String> {
    reset_peak();
    let t = Instant::now();
    let v = f()?;
    Ok((
        v,
        Step {
            seconds: t.elapsed().as_secs_f64(),
            peak_mb: peak_mb(),
        },
    ))
}

fn docs_of(dir: &Path) -> Result<(Vec<PathBuf>, u64), String> {
    let d = if dir.join("docs").is_dir() {
        dir.join("docs")
    } else {
        dir.to_path_buf()
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&d)
        .map_err(|e| format!("{}: {e}", d.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let bytes = files
        .iter()
        .map(|p| p.metadata().map(|m| m.len()).unwrap_or(0))
        .sum();
    Ok((files, bytes))
}

/// Runs the whole job on `files` over `store` (what is stored already is kept, as `run` does).
fn job(store: &mut Store, files: &[PathBuf], name: &str, bytes: u64) -> Result<Run, String> {
    let hidden = indicatif::ProgressBar::hidden();
    let e = |e: claimtrail::Error| e.to_string();
    let start = Instant::now();
    let (report, ingest) =
        timed(|| ingest::ingest(store, files, &IngestOptions::default(), &hidden).map_err(e))?;
    if !report.failures.is_empty() {
        return Err(format!(
            "{} page(s) failed to ingest",
            report.failures.len()
        ));
    }
    let (_, text) = timed(|| claimtrail::pipeline::run_text_layer(store, &hidden).map_err(e))?;
    let (_, dedup) =
        timed(|| claimtrail::pipeline::run_dedup(store, &Default::default(), &hidden).map_err(e))?;
    let params = claimtrail::align::Params::default();
    let (summary, align) = timed(|| claimtrail::pipeline::run_align(store, &params).map_err(e))?;
    let ((lines, size), report) = timed(|| {
        let data =
            claimtrail::report::run::RunData::load(store, params.diverge_min, false).map_err(e)?;
        let sections = claimtrail::report::run::Sections {
            summary: true,
            docs: true,
            dupes: true,
            align: false,
            diverge: false,
            check: true,
            chain: true,
            stories: false,
            facts: true,
        };
        let out = claimtrail::report::run::render(
            &data.report(sections, 40),
            claimtrail::report::Format::Table,
            &claimtrail::report::RenderOptions::default(),
        );
        Ok((out.lines().count(), out.len()))
    })?;
    let steps = [ingest, text, dedup, align, report];
    Ok(Run {
        corpus: name.to_string(),
        pages: store.documents().map_err(e)?.len(),
        megabytes: bytes as f64 / 1e6,
        ingest,
        text,
        dedup,
        align,
        report,
        total_seconds: start.elapsed().as_secs_f64(),
        peak_mb: steps.iter().map(|s| s.peak_mb).fold(0.0, f64::max),
        align_steps: summary.seconds,
        claims: summary.stats.claims,
        aligned: summary.stats.aligned,
        pairs_scored: summary.stats.pairs_scored,
        report_lines: lines,
        report_megabytes: size as f64 / 1e6,
    })
}

fn print_row(r: &Run, prev: Option<&Run>) {
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let (t_ratio, m_ratio, p_ratio) = prev.map_or((0.0, 0.0, 0.0), |p| {
        (
            ratio(r.total_seconds, p.total_seconds),
            ratio(r.peak_mb, p.peak_mb),
            ratio(r.pages as f64, p.pages as f64),
        )
    });
    // Per doubling of pages: the ratio to the power 1/log2(page ratio).
    let per_doubling = |x: f64| {
        if p_ratio > 1.0 && x > 0.0 {
            x.powf(1.0 / p_ratio.log2())
        } else {
            0.0
        }
    };
    eprintln!(
        "{:>7} pages {:>7.1} MB | ingest {:>6.1}s {:>5.0}MB | text {:>6.1}s {:>5.0}MB | dedup {:>6.1}s {:>5.0}MB | align {:>6.1}s {:>5.0}MB | report {:>5.1}s {:>5.0}MB {:>7} lines | total {:>7.1}s peak {:>5.0}MB | per doubling: time {:.2}x memory {:.2}x",
        r.pages,
        r.megabytes,
        r.ingest.seconds,
        r.ingest.peak_mb,
        r.text.seconds,
        r.text.peak_mb,
        r.dedup.seconds,
        r.dedup.peak_mb,
        r.align.seconds,
        r.align.peak_mb,
        r.report.seconds,
        r.report.peak_mb,
        r.report_lines,
        r.total_seconds,
        r.peak_mb,
        per_doubling(t_ratio),
        per_doubling(m_ratio),
    );
    let a = &r.align_steps;
    eprintln!(
        "        align steps: inputs {:.1}s vectors {:.1}s features {:.1}s pairs {:.1}s save {:.1}s diverge {:.1}s chain {:.1}s checks {:.1}s | {} claims, {} pairs scored, {} aligned",
        a.inputs, a.vectors, a.features, a.align, a.save, a.diverge, a.chain, a.checks,
        r.claims, r.pairs_scored, r.aligned
    );
}

/// Runs the job on one corpus in this process (`scale --one CORPUS --db PATH`) and prints its
/// figures as one JSON line: each corpus gets a fresh process, so its peaks are its own.
fn one(corpus: &Path, db: &Path) -> Result<(), String> {
    let (files, bytes) = docs_of(corpus)?;
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let run = job(&mut store, &files, &corpus.display().to_string(), bytes)?;
    println!("{}", serde_json::to_string(&run).unwrap_or_default());
    Ok(())
}

/// Runs `scale --one` in a child process and reads its figures.
fn child(corpus: &Path, db: &Path) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::process::Command::new(exe)
        .args(["scale", "--one"])
        .arg(corpus)
        .arg("--db")
        .arg(db)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "{}: the run failed ({})",
            corpus.display(),
            out.status
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line).map_err(|e| format!("{}: {e}", corpus.display()))
}

pub fn main(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) == Some("--one") {
        let (Some(corpus), Some(db)) = (
            args.get(1),
            args.iter()
                .position(|a| a == "--db")
                .and_then(|i| args.get(i + 1)),
        ) else {
            return Err("usage: claimtrail-bench scale --one CORPUS --db PATH".into());
        };
        return one(Path::new(corpus), Path::new(db));
    }
    let mut corpora: Vec<PathBuf> = Vec::new();
    let mut add: Option<PathBuf> = None;
    let mut db_dir = std::env::temp_dir().join(format!("claimtrail-scale-{}", std::process::id()));
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--add" => {
                add = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--db-dir" => {
                if let Some(d) = args.get(i + 1) {
                    db_dir = PathBuf::from(d);
                }
                i += 1;
            }
            a => corpora.push(PathBuf::from(a)),
        }
        i += 1;
    }
    if corpora.is_empty() {
        return Err("usage: claimtrail-bench scale CORPUS... [--add CORPUS] [--db-dir DIR]".into());
    }
    std::fs::create_dir_all(&db_dir).map_err(|e| format!("{}: {e}", db_dir.display()))?;
    let mut runs: Vec<Run> = Vec::new();
    // Each corpus runs in its own process: a process's peak memory cannot be lowered once
    // reached, so a stage's peak is only its own in a fresh one.
    let mut last_db = None;
    for c in &corpora {
        let (files, _) = docs_of(c)?;
        let db = db_dir.join(format!("scale-{}.db", files.len()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let run = child(c, &db)?;
        print_row(&run, runs.last());
        println!("{}", serde_json::to_string(&run).unwrap_or_default());
        runs.push(run);
        last_db = Some(db);
    }
    if let (Some(extra), Some(db)) = (add, last_db) {
        let (files, _) = docs_of(&extra)?;
        let run = child(&extra, &db)?;
        let full = runs.last().map_or(0.0, |r| r.total_seconds);
        eprintln!(
            "adding {} pages to the {}-page database: {:.1}s, {:.3} of the full run ({:.1}s)",
            files.len(),
            runs.last().map_or(0, |r| r.pages),
            run.total_seconds,
            if full > 0.0 {
                run.total_seconds / full
            } else {
                0.0
            },
            full
        );
        print_row(&run, None);
        println!("{}", serde_json::to_string(&run).unwrap_or_default());
    }
    let _ = std::fs::remove_dir_all(&db_dir);
    Ok(())
}
