//! Benchmarks that print their figures, as ratios against a baseline run in the same run.
//!
//! `claimtrail-bench ingest DIR [--db PATH]`: times a plain `cat` of every file under DIR (after a
//! warm-up read, so both runs read from the page cache), then ingests DIR into a fresh database
//! in-process, and prints documents/s, MB/s, the ratio to `cat`, and the peak resident memory.
//! `claimtrail-bench text DIR`: the text layer (segmentation and extraction) on one core, in MB/s,
//! claims/s and items/s, beside a `cat` of the same files.
//! Generate a corpus with `python3 ../shared/bench/gencorpus.py OUT 1000 9000` (10,000 documents).

use claimtrail::ingest::{self, IngestOptions};
use claimtrail::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn usage() -> ExitCode {
    eprintln!("usage: claimtrail-bench ingest DIR [--db PATH] | claimtrail-bench text DIR");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("ingest") if args.len() >= 2 => {
            let dir = PathBuf::from(&args[1]);
            let db = match args.iter().position(|a| a == "--db") {
                Some(i) if i + 1 < args.len() => PathBuf::from(&args[i + 1]),
                _ => {
                    std::env::temp_dir().join(format!("claimtrail-bench-{}.db", std::process::id()))
                }
            };
            match bench_ingest(&dir, &db) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("claimtrail-bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("text") if args.len() >= 2 => match bench_text(&PathBuf::from(&args[1])) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("claimtrail-bench: {e}");
                ExitCode::FAILURE
            }
        },
        _ => usage(),
    }
}

/// The text layer (segmentation and extraction) on every file under `dir`, one core, against a
/// `cat` of the same files in the same run.
fn bench_text(dir: &Path) -> Result<(), String> {
    let (files, bytes) = corpus_stats(dir);
    if files == 0 {
        return Err(format!("{}: no files", dir.display()));
    }
    let cat_s = time_cat(dir)?;
    let mut claims = 0usize;
    let mut items = 0usize;
    let mut analysed = 0usize;
    let t = Instant::now();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let lang = claimtrail::ingest::language::detect(&text).0;
        let a = claimtrail::text::analyze("bench", &text, lang, None);
        claims += a.claims.len();
        items += a.items.len();
        analysed += 1;
    }
    let secs = t.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    let v = serde_json::json!({
        "bench": "text",
        "docs": analysed,
        "mb": (mb * 100.0).round() / 100.0,
        "cat_seconds": (cat_s * 1000.0).round() / 1000.0,
        "text_seconds": (secs * 1000.0).round() / 1000.0,
        "text_mb_per_s": ((mb / secs) * 100.0).round() / 100.0,
        "target_mb_per_s": 5.0,
        "claims_per_s": (claims as f64 / secs).round(),
        "items_per_s": (items as f64 / secs).round(),
        "text_rate_vs_cat": ((cat_s / secs) * 1000.0).round() / 1000.0,
        "peak_rss_mb": peak_rss_mb().map(|m| m.round()),
    });
    println!("{v}");
    Ok(())
}

/// Peak resident set size of this process, in MB, from /proc (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn corpus_stats(dir: &Path) -> (usize, u64) {
    let mut n = 0;
    let mut bytes = 0;
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            n += 1;
            bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
        }
    }
    (n, bytes)
}

fn time_cat(dir: &Path) -> Result<f64, String> {
    let script = "find \"$1\" -type f -print0 | xargs -0 cat > /dev/null";
    let run = || {
        let t = Instant::now();
        let st = Command::new("sh")
            .args(["-c", script, "sh"])
            .arg(dir)
            .status()
            .map_err(|e| format!("cannot run cat: {e}"))?;
        if !st.success() {
            return Err("cat failed".to_string());
        }
        Ok(t.elapsed().as_secs_f64())
    };
    run()?; // warm the page cache
    run()
}

fn bench_ingest(dir: &Path, db: &Path) -> Result<(), String> {
    let (files, bytes) = corpus_stats(dir);
    if files == 0 {
        return Err(format!("{}: no files", dir.display()));
    }
    let _ = std::fs::remove_file(db);
    let cat_s = time_cat(dir)?;
    let mut store = Store::open(db).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let report = ingest::ingest(
        &mut store,
        &[dir.to_path_buf()],
        &IngestOptions::default(),
        &indicatif::ProgressBar::hidden(),
    )
    .map_err(|e| e.to_string())?;
    let ingest_s = t.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    let v = serde_json::json!({
        "bench": "ingest",
        "docs": files,
        "stored": report.stored(),
        "failed": report.failures.len(),
        "mb": (mb * 100.0).round() / 100.0,
        "cat_seconds": (cat_s * 1000.0).round() / 1000.0,
        "cat_mb_per_s": (mb / cat_s).round(),
        "ingest_seconds": (ingest_s * 1000.0).round() / 1000.0,
        "ingest_docs_per_s": (files as f64 / ingest_s).round(),
        "ingest_mb_per_s": ((mb / ingest_s) * 100.0).round() / 100.0,
        "ingest_rate_vs_cat": ((cat_s / ingest_s) * 1000.0).round() / 1000.0,
        "target_rate_vs_cat": 0.2,
        "peak_rss_mb": peak_rss_mb().map(|m| m.round()),
        "target_peak_rss_mb": 200,
    });
    println!("{v}");
    drop(store);
    let _ = std::fs::remove_file(db);
    let _ = std::fs::remove_file(db.with_extension("db-wal"));
    Ok(())
}
