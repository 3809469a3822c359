//! `claimtrail-bench real align SCRATCH --split dev|test --db PATH [--fit]`: alignment on the
//! exhaustively labelled page pairs of a split, per language pair, beside the naive baseline
//! computed in the same run (the same claims, embedded by the same encoder, paired by mutual best
//! cosine >= 0.4), a calibration table (predicted probability against observed precision, per
//! band), a threshold sweep, and with `--fit` (dev only) a logistic fit of the calibration; with
//! `--judged FILE...` (verdict files of alignment samples of this database's build), the same
//! calibration table against the readers' verdicts; with `--stored`, the alignments stored in the
//! database (made by any build, e.g. an earlier one for a before/after) instead of this build's.
//!
//! Scoring follows `eval`: a predicted pair hits a gold pair when both spans share a character on
//! each side (either orientation); predictions and gold items are matched one to one (augmenting
//! paths); a prediction that hits only `acceptable` items, or a gold item already taken, counts
//! neither way; a prediction inside an exhaustive pair that hits nothing is a false positive.

use claimtrail::align::{self, Params};
use claimtrail::store::Store;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

#[derive(Clone)]
struct GoldPair {
    a: (i64, usize, usize),
    b: (i64, usize, usize),
    core: bool,
}

#[derive(Clone, Debug)]
struct Pred {
    a: (i64, usize, usize),
    b: (i64, usize, usize),
    prob: f64,
    cos: f64,
    lexical: f64,
    cross: bool,
    margin: f64,
}

fn overlaps(x: (i64, usize, usize), y: (i64, usize, usize)) -> bool {
    x.0 == y.0 && x.1 < y.2 && y.1 < x.2
}

fn hits(p: &Pred, g: &GoldPair) -> bool {
    (overlaps(p.a, g.a) && overlaps(p.b, g.b)) || (overlaps(p.a, g.b) && overlaps(p.b, g.a))
}

#[derive(Default, Clone, Copy)]
struct Count {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Count {
    fn p(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn add(&mut self, o: Count) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Per prediction: Some(true) right, Some(false) wrong, None neither (acceptable or repeat); and
/// the counts.
fn score(preds: &[Pred], gold: &[GoldPair]) -> (Vec<Option<bool>>, Count) {
    // Max bipartite matching of predictions to core gold items (Kuhn).
    let adj: Vec<Vec<usize>> = preds
        .iter()
        .map(|p| {
            (0..gold.len())
                .filter(|&g| gold[g].core && hits(p, &gold[g]))
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; gold.len()];
    fn try_k(u: usize, adj: &[Vec<usize>], seen: &mut [bool], owner: &mut [Option<usize>]) -> bool {
        for &g in &adj[u] {
            if seen[g] {
                continue;
            }
            seen[g] = true;
            if owner[g].is_none() || try_k(owner[g].unwrap(), adj, seen, owner) {
                owner[g] = Some(u);
                return true;
            }
        }
        false
    }
    for u in 0..preds.len() {
        let mut seen = vec![false; gold.len()];
        try_k(u, &adj, &mut seen, &mut owner);
    }
    let matched: HashSet<usize> = owner.iter().flatten().copied().collect();
    let mut verdicts = Vec::new();
    let mut c = Count::default();
    for (u, p) in preds.iter().enumerate() {
        if matched.contains(&u) {
            c.tp += 1;
            verdicts.push(Some(true));
        } else if gold.iter().any(|g| hits(p, g)) {
            verdicts.push(None);
        } else {
            c.fp += 1;
            verdicts.push(Some(false));
        }
    }
    c.fn_ = gold.iter().filter(|g| g.core).count() - c.tp;
    (verdicts, c)
}

struct Split {
    /// Exhaustive document pairs (db ids, lower first) with their language pair.
    pairs: Vec<((i64, i64), String)>,
    gold: HashMap<(i64, i64), Vec<GoldPair>>,
}

fn load_gold(store: &Store, gold_path: &Path) -> Result<Split, String> {
    let text = std::fs::read_to_string(gold_path).map_err(|e| e.to_string())?;
    let mut lines = text.lines();
    let header: serde_json::Value =
        serde_json::from_str(lines.next().unwrap_or("{}")).map_err(|e| e.to_string())?;
    let mut ids: HashMap<String, (i64, String)> = HashMap::new();
    for (name, d) in header["docs"].as_object().into_iter().flatten() {
        let sha = d["sha256"].as_str().unwrap_or_default();
        let row: Result<(i64, String), _> = store.conn().query_row(
            "SELECT id, language FROM documents WHERE sha256 = ?1",
            [sha],
            |r| Ok((r.get(0)?, r.get(1)?)),
        );
        if let Ok(r) = row {
            ids.insert(name.clone(), r);
        }
    }
    let place = |v: &serde_json::Value| -> Option<(i64, usize, usize)> {
        let (id, _) = ids.get(v["doc"].as_str()?)?;
        let s = v["span"].as_array()?;
        Some((*id, s[0].as_u64()? as usize, s[1].as_u64()? as usize))
    };
    let mut split = Split {
        pairs: Vec::new(),
        gold: HashMap::new(),
    };
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).map_err(|e| e.to_string())?;
        match (v["kind"].as_str(), v["of"].as_str()) {
            (Some("exhaustive"), Some("alignment")) => {
                for p in v["pairs"].as_array().into_iter().flatten() {
                    let (Some(a), Some(b)) = (
                        p[0].as_str().and_then(|n| ids.get(n)),
                        p[1].as_str().and_then(|n| ids.get(n)),
                    ) else {
                        continue;
                    };
                    let mut langs = [a.1.clone(), b.1.clone()];
                    langs.sort();
                    split
                        .pairs
                        .push(((a.0.min(b.0), a.0.max(b.0)), langs.join("-")));
                }
            }
            (Some("alignment"), _) => {
                let (Some(a), Some(b)) = (place(&v["a"]), place(&v["b"])) else {
                    continue;
                };
                let core = v["level"].as_str() != Some("acceptable");
                split
                    .gold
                    .entry((a.0.min(b.0), a.0.max(b.0)))
                    .or_default()
                    .push(GoldPair { a, b, core });
            }
            _ => {}
        }
    }
    Ok(split)
}

/// The baseline of the issue: each claim's best partner by cosine in the other page; pairs that are
/// each other's best with cosine >= 0.4.
fn baseline(feats: &[align::ClaimFeatures], da: i64, db: i64) -> Vec<Pred> {
    let a: Vec<usize> = (0..feats.len()).filter(|&i| feats[i].doc == da).collect();
    let b: Vec<usize> = (0..feats.len()).filter(|&i| feats[i].doc == db).collect();
    let best = |x: usize, ys: &[usize]| -> Option<(usize, f64)> {
        ys.iter()
            .map(|&y| (y, align::cosine(&feats[x], &feats[y])))
            .max_by(|p, q| p.1.total_cmp(&q.1))
    };
    let mut out = Vec::new();
    for &i in &a {
        let Some((j, c)) = best(i, &b) else { continue };
        if c >= 0.4 && best(j, &a).map(|(k, _)| k) == Some(i) {
            out.push(Pred {
                a: (da, feats[i].start, feats[i].end),
                b: (db, feats[j].start, feats[j].end),
                prob: c,
                cos: c,
                lexical: 0.0,
                cross: false,
                margin: 0.0,
            });
        }
    }
    out
}

fn predictions(
    alignments: &[claimtrail::model::results::Alignment],
    da: i64,
    db: i64,
) -> Vec<Pred> {
    alignments
        .iter()
        .filter(|al| (al.doc_a.min(al.doc_b), al.doc_a.max(al.doc_b)) == (da, db))
        .map(|al| Pred {
            a: (al.doc_a, al.a_start, al.a_end),
            b: (al.doc_b, al.b_start, al.b_end),
            prob: al.score,
            cos: al.detail.cosine,
            lexical: al.detail.lexical_score,
            cross: al.detail.cross_language,
            margin: al.detail.margin.unwrap_or(0.0),
        })
        .collect()
}

/// Logistic regression by Newton's method on (cosine, lexical score, cross-language, margin) ->
/// right.
fn fit(rows: &[(f64, f64, bool, f64, bool)]) -> [f64; N] {
    let mut w = [0.0f64; N];
    for _ in 0..50 {
        let mut g = [0.0f64; N];
        let mut h = [[0.0f64; N]; N];
        for &(c, l, cross, m, y) in rows {
            let x = [1.0, c, l, if cross { 1.0 } else { 0.0 }, m];
            let z: f64 = (0..N).map(|k| w[k] * x[k]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = if y { 1.0 } else { 0.0 };
            for a in 0..N {
                g[a] += (p - y) * x[a];
                for b in 0..N {
                    h[a][b] += p * (1.0 - p) * x[a] * x[b];
                }
            }
        }
        // A small ridge keeps the step defined when the data separate.
        for (a, row) in h.iter_mut().enumerate() {
            row[a] += 1e-3;
        }
        let step = solve(h, g);
        for k in 0..N {
            w[k] -= step[k];
        }
    }
    w
}

const N: usize = 5;

fn solve(mut a: [[f64; N]; N], mut b: [f64; N]) -> [f64; N] {
    for i in 0..N {
        let piv = (i..N)
            .max_by(|&x, &y| a[x][i].abs().total_cmp(&a[y][i].abs()))
            .unwrap_or(i);
        a.swap(i, piv);
        b.swap(i, piv);
        let d = if a[i][i].abs() < 1e-12 {
            1e-12
        } else {
            a[i][i]
        };
        let pivot_row = a[i];
        for j in i + 1..N {
            let f = a[j][i] / d;
            for (x, p) in a[j].iter_mut().zip(pivot_row.iter()).skip(i) {
                *x -= f * p;
            }
            b[j] -= f * b[i];
        }
    }
    let mut x = [0.0; N];
    for i in (0..N).rev() {
        let s: f64 = (i + 1..N).map(|k| a[i][k] * x[k]).sum();
        let d = if a[i][i].abs() < 1e-12 {
            1e-12
        } else {
            a[i][i]
        };
        x[i] = (b[i] - s) / d;
    }
    x
}

/// Calibration against judged verdicts: each judged alignment's stored probability (looked up by
/// its key in `db`) against the reader's verdict, per band.
fn judged_calibration(store: &Store, files: &[String]) -> Result<Vec<JudgedPoint>, String> {
    let pages = claimtrail::eval::corpus::read_recipe(
        &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/real/recipe.jsonl"),
    )
    .map_err(|e| e.to_string())?;
    let mut id_of: HashMap<String, i64> = HashMap::new();
    let mut stmt = store
        .conn()
        .prepare("SELECT id, path FROM documents")
        .map_err(|e| e.to_string())?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|e| e.to_string())?
        .flatten()
        .collect();
    for p in &pages {
        if let Some((id, _)) = rows.iter().find(|(_, path)| path.ends_with(&p.file)) {
            id_of.insert(p.slug.clone(), *id);
        }
    }
    let side = |s: &str| -> Option<(i64, i64, i64)> {
        let (slug, span) = s.rsplit_once(':')?;
        let (a, b) = span.split_once('-')?;
        Some((*id_of.get(slug)?, a.parse().ok()?, b.parse().ok()?))
    };
    let mut points: Vec<JudgedPoint> = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
        for l in text.lines().skip(1) {
            let v: serde_json::Value = serde_json::from_str(l).map_err(|e| format!("{f}: {e}"))?;
            let verdict = match v["verdict"].as_str() {
                Some("right") => true,
                Some("wrong") => false,
                _ => continue,
            };
            let key = v["key"].as_str().unwrap_or_default();
            let parts: Vec<&str> = key.split('|').collect();
            let (Some(a), Some(b)) = (
                parts.get(1).and_then(|s| side(s)),
                parts.get(2).and_then(|s| side(s)),
            ) else {
                continue;
            };
            let row: Option<(f64, String)> = store
                .conn()
                .query_row(
                    "SELECT score, detail FROM alignments WHERE doc_a = ?1 AND a_start = ?2 \
                     AND a_end = ?3 AND doc_b = ?4 AND b_start = ?5 AND b_end = ?6",
                    [a.0, a.1, a.2, b.0, b.1, b.2],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .ok();
            if let Some((sc, detail)) = row {
                let d: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
                points.push(JudgedPoint {
                    prob: sc,
                    cos: d["cosine"].as_f64().unwrap_or(0.0),
                    lexical: d["lexical_score"].as_f64().unwrap_or(0.0),
                    cross: d["cross_language"].as_bool().unwrap_or(false),
                    margin: d["margin"].as_f64().unwrap_or(0.0),
                    right: verdict,
                });
            }
        }
    }
    println!(
        "\ncalibration against judged verdicts ({} findings found in the database):",
        points.len()
    );
    print_bands(&points.iter().map(|p| (p.prob, p.right)).collect::<Vec<_>>());
    Ok(points)
}

/// A judged alignment with its stored figures.
struct JudgedPoint {
    prob: f64,
    cos: f64,
    lexical: f64,
    cross: bool,
    margin: f64,
    right: bool,
}

fn print_bands(points: &[(f64, bool)]) {
    println!(
        "{:<10} {:>5} {:>10} {:>10}",
        "band", "n", "mean prob", "observed"
    );
    for lo in [0.0, 0.5, 0.6, 0.7, 0.8, 0.9] {
        let hi = if lo == 0.0 {
            0.5
        } else if lo >= 0.9 {
            1.01
        } else {
            lo + 0.1
        };
        let band: Vec<&(f64, bool)> = points.iter().filter(|(x, _)| *x >= lo && *x < hi).collect();
        if band.is_empty() {
            continue;
        }
        let mean = band.iter().map(|(x, _)| x).sum::<f64>() / band.len() as f64;
        let obs = band.iter().filter(|(_, r)| *r).count() as f64 / band.len() as f64;
        println!(
            "{:<10} {:>5} {:>10.3} {:>10.3}",
            format!("{lo:.1}-{:.1}", hi.min(1.0)),
            band.len(),
            mean,
            obs
        );
    }
}

pub fn main(
    db: &Path,
    gold_path: &Path,
    split_name: &str,
    do_fit: bool,
    judged: &[String],
    stored: bool,
) -> Result<(), String> {
    let mut store = Store::open_existing(db).map_err(|e| e.to_string())?;
    let split = load_gold(&store, gold_path)?;
    let (mut inputs, _) = store
        .align_inputs(claimtrail::pipeline::MAX_ALIGN_CLAIMS)
        .map_err(|e| e.to_string())?;
    claimtrail::pipeline::attach_vectors(&mut store, &mut inputs).map_err(|e| e.to_string())?;
    let feats = align::features(&inputs);
    let p = Params::default();
    let (mut alignments, _) = align::align_features(&feats, &p);
    if stored {
        // Score what the database holds (made by any build) instead of this build's alignments.
        let mut stmt = store
            .conn()
            .prepare(
                "SELECT claim_a, claim_b, doc_a, a_start, a_end, doc_b, b_start, b_end, score, detail \
                 FROM alignments",
            )
            .map_err(|e| e.to_string())?;
        alignments = stmt
            .query_map([], |r| {
                let detail: String = r.get(9)?;
                Ok(claimtrail::model::results::Alignment {
                    claim_a: r.get(0)?,
                    claim_b: r.get(1)?,
                    doc_a: r.get(2)?,
                    a_start: r.get::<_, i64>(3)? as usize,
                    a_end: r.get::<_, i64>(4)? as usize,
                    doc_b: r.get(5)?,
                    b_start: r.get::<_, i64>(6)? as usize,
                    b_end: r.get::<_, i64>(7)? as usize,
                    score: r.get(8)?,
                    detail: serde_json::from_str(&detail).unwrap_or_default(),
                    merged: None,
                })
            })
            .map_err(|e| e.to_string())?
            .flatten()
            .collect();
        println!("(scoring the alignments stored in the database, not this build's)");
    }

    let mut per_lang: BTreeMap<String, (Count, Count, usize)> = BTreeMap::new();
    let mut total = (Count::default(), Count::default());
    let mut calib: Vec<(f64, bool)> = Vec::new();
    for ((da, db), langs) in &split.pairs {
        let gold = split.gold.get(&(*da, *db)).cloned().unwrap_or_default();
        let ours = predictions(&alignments, *da, *db);
        let base = baseline(&feats, *da, *db);
        let (v_ours, c_ours) = score(&ours, &gold);
        if std::env::var_os("CT_MISSES").is_some() {
            show_misses(&store, &feats, &p, &ours, &v_ours, &gold);
        }
        let (_, c_base) = score(&base, &gold);
        for (pr, v) in ours.iter().zip(&v_ours) {
            if let Some(v) = v {
                calib.push((pr.prob, *v));
            }
        }
        let e = per_lang.entry(langs.clone()).or_default();
        e.0.add(c_ours);
        e.1.add(c_base);
        e.2 += 1;
        total.0.add(c_ours);
        total.1.add(c_base);
    }
    println!(
        "alignment on the exhaustive page pairs of {split_name} (min-score {}, single {}):",
        p.min_score, p.single
    );
    println!(
        "{:<8} {:>5} {:>5} | {:>4} {:>4} {:>4} {:>6} {:>6} | baseline {:>4} {:>4} {:>4} {:>6} {:>6}",
        "langs", "pairs", "gold", "tp", "fp", "fn", "P", "R", "tp", "fp", "fn", "P", "R"
    );
    let line = |name: &str, n: usize, o: &Count, b: &Count| {
        println!(
            "{:<8} {:>5} {:>5} | {:>4} {:>4} {:>4} {:>6.3} {:>6.3} | baseline {:>4} {:>4} {:>4} {:>6.3} {:>6.3}",
            name,
            n,
            o.tp + o.fn_,
            o.tp,
            o.fp,
            o.fn_,
            o.p(),
            o.r(),
            b.tp,
            b.fp,
            b.fn_,
            b.p(),
            b.r()
        )
    };
    for (l, (o, b, n)) in &per_lang {
        line(l, *n, o, b);
    }
    line("all", split.pairs.len(), &total.0, &total.1);
    println!("\ncalibration (predictions decided by the gold; right = hits a gold pair):");
    print_bands(&calib);
    let judged_points = if judged.is_empty() {
        Vec::new()
    } else {
        judged_calibration(&store, judged)?
    };
    if do_fit {
        if split_name != "dev" {
            return Err("--fit runs on the dev split only".into());
        }
        // Fit on the pairs the assignment outputs at a low threshold (what the calibrated
        // probability will be read on), twice: the assignment's order depends on the fit.
        let mut q = p;
        for round in 0..2 {
            q.min_score = 0.05;
            q.single = 0.05;
            let (als, _) = align::align_features(&feats, &q);
            let mut rows = Vec::new();
            for ((da, db), _) in &split.pairs {
                let gold = split.gold.get(&(*da, *db)).cloned().unwrap_or_default();
                let preds = predictions(&als, *da, *db);
                let (v, _) = score(&preds, &gold);
                for (pr, v) in preds.iter().zip(v) {
                    if let Some(v) = v {
                        rows.push((pr.cos, pr.lexical, pr.cross, pr.margin, v));
                    }
                }
            }
            // Judged findings of this (dev) database count too: they are the pairs the tool
            // reports across all page pairs, not only the exhaustively labelled ones.
            rows.extend(
                judged_points
                    .iter()
                    .map(|p| (p.cos, p.lexical, p.cross, p.margin, p.right)),
            );
            q.calibration = fit(&rows);
            println!(
                "fit round {round}: {} pairs ({} right): calibration {:?}",
                rows.len(),
                rows.iter().filter(|r| r.4).count(),
                q.calibration.map(|x| (x * 100.0).round() / 100.0)
            );
        }
        println!("\nthreshold sweep with the fitted calibration (single = max(threshold, 0.8)):");
        for t in [0.3, 0.4, 0.5, 0.6, 0.7, 0.8] {
            q.min_score = t;
            q.single = t.max(0.8);
            let (als, _) = align::align_features(&feats, &q);
            let mut c = Count::default();
            for ((da, db), _) in &split.pairs {
                let gold = split.gold.get(&(*da, *db)).cloned().unwrap_or_default();
                c.add(score(&predictions(&als, *da, *db), &gold).1);
            }
            println!(
                "  {t:.1}: tp {} fp {} fn {}  P {:.3} R {:.3}",
                c.tp,
                c.fp,
                c.fn_,
                c.p(),
                c.r()
            );
        }
    }
    Ok(())
}

/// Prints (to stdout, for a reader; page text, keep the output out of the repository) the gold
/// pairs missed and the predictions judged wrong, with the best claim pair's cosine and probability.
fn show_misses(
    store: &Store,
    feats: &[align::ClaimFeatures],
    p: &Params,
    ours: &[Pred],
    verdicts: &[Option<bool>],
    gold: &[GoldPair],
) {
    let text = |d: i64, s: usize, e: usize| -> String {
        let t = store.text_of(d).unwrap_or_default();
        t.chars()
            .skip(s)
            .take((e - s).min(160))
            .collect::<String>()
            .replace('\n', " ")
    };
    for g in gold.iter().filter(|g| g.core) {
        if ours.iter().any(|pr| hits(pr, g)) {
            continue;
        }
        let ca: Vec<usize> = (0..feats.len())
            .filter(|&i| overlaps((feats[i].doc, feats[i].start, feats[i].end), g.a))
            .collect();
        let cb: Vec<usize> = (0..feats.len())
            .filter(|&i| overlaps((feats[i].doc, feats[i].start, feats[i].end), g.b))
            .collect();
        let mut best = (0.0, 0.0, 0.0);
        for &i in &ca {
            for &j in &cb {
                let (prob, d) = align::score_pair(&feats[i], &feats[j], p);
                if prob >= best.0 {
                    best = (prob, d.cosine, d.lexical_score);
                }
            }
        }
        println!(
            "MISS prob {:.2} cos {:.2} lex {:.2} claims {}x{}\n  A {}\n  B {}",
            best.0,
            best.1,
            best.2,
            ca.len(),
            cb.len(),
            text(g.a.0, g.a.1, g.a.2),
            text(g.b.0, g.b.1, g.b.2)
        );
    }
    for (pr, v) in ours.iter().zip(verdicts) {
        if *v == Some(false) {
            println!(
                "WRONG prob {:.2} cos {:.2} lex {:.2}\n  A {}\n  B {}",
                pr.prob,
                pr.cos,
                pr.lexical,
                text(pr.a.0, pr.a.1, pr.a.2),
                text(pr.b.0, pr.b.1, pr.b.2)
            );
        }
    }
}
