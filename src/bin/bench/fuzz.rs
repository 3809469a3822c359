//! `claimtrail-bench fuzz`: a mutation fuzzer over everything that reads user input without a
//! database: bytes -> text (`decode`, `decode_lossy`), the HTML extractor, the text layer
//! (`text::analyze` and the in-page checks), the manifest parser (CSV and JSON) and the gold
//! parser. Inputs start from the samples, the seeds' gold and small structured snippets, and are
//! mutated (bytes flipped, inserted, deleted; markup, quotes, dates, digits, controls and Arabic
//! spliced in; blocks repeated; two inputs crossed). Every call runs under `catch_unwind`: a
//! panic is a crash, saved with its input. Deterministic for a seed.
//!
//!     claimtrail-bench fuzz [--seconds N | --iterations N] [--seed S] [--out DIR]
//!
//! Prints executions, crashes, the slowest input (bytes, ms) and executions per second.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: a small deterministic generator (no dependency for a fuzz loop).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Pieces spliced into inputs: markup, punctuation that drives segmentation, dates, numbers,
/// attribution cues, ids, controls, broken UTF-8 and Arabic.
const TOKENS: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<p>",
    b"</p>",
    b"<br>",
    b"<a href='x'>",
    b"</a>",
    b"<script>",
    b"</script>",
    b"<!--",
    b"-->",
    b"<table><tr><td>",
    b"<title>",
    b"<meta charset='koi8-r'>",
    b"<html><body>",
    "«".as_bytes(),
    "»".as_bytes(),
    b"\"",
    b". ",
    b"\n",
    b"\n\n",
    b"; ",
    b": ",
    b"3 mai 2012",
    b"lundi 4 juin 2013",
    b"March 21, 2016",
    b"21/03/2016 - 12:16",
    "23 أبريل 2024".as_bytes(),
    "الماضي".as_bytes(),
    b"450",
    b"1,200.5",
    b"12%",
    b"selon le journal",
    b"according to Reuters",
    "بحسب".as_bytes(),
    "(بتصرف)".as_bytes(),
    b"09ALGIERS948",
    b"ALGIERS 000948",
    b"Doc No. C05739546",
    b"http://example.com/a",
    b"\x1b[2J",
    "\u{202e}".as_bytes(),
    "\u{2069}".as_bytes(),
    "\u{200b}".as_bytes(),
    "\u{0651}".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    b"\r\n",
    b"\t",
    b"file,outlet,url\n",
    b"{\"gold\": \"claimtrail-gold-1\", \"docs\": {}}\n",
    b"{\"kind\": \"divergence\"}",
    "وقال الوزير، وأشار".as_bytes(),
    "qu'il aurait".as_bytes(),
];

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<Vec<u8>> = Vec::new();
    if let Ok(rd) = std::fs::read_dir(root.join("samples")) {
        let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Ok(b) = std::fs::read(&p) {
                // Pieces of the samples as well as whole ones: small inputs run faster.
                out.push(b.iter().take(3000).copied().collect());
                out.push(b);
            }
        }
    }
    for s in [
        "<html><head><title>T</title></head><body><article><p>Le ministre a déclaré, selon l'AFP, que 450 soldats.</p></article></body></html>",
        "file,outlet,url,published,language,kind,title\na.txt,Outlet,http://x.y/z,2024-04-23,ar,repost,Titre\n",
        "[{\"file\": \"a.txt\", \"outlet\": \"X\", \"published\": \"2012-05-03\"}]",
        "ALGIERS, Aug 24 (Reuters) - Le 3 mai 2012, le ministre aurait dit « nous signerons ». Selon الخبر, 450.",
    ] {
        out.push(s.as_bytes().to_vec());
    }
    out
}

fn mutate(rng: &mut Rng, pool: &[Vec<u8>]) -> Vec<u8> {
    let mut b = pool[rng.below(pool.len())].clone();
    let most = if rng.below(4) == 0 { 60 } else { 8 };
    let rounds = 1 + rng.below(most);
    for _ in 0..rounds {
        let at = rng.below(b.len() + 1);
        match rng.below(8) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 => b.insert(at, rng.next() as u8),
            2 if !b.is_empty() => {
                let n = 1 + rng.below(64);
                let end = (at + n).min(b.len());
                b.drain(at.min(end)..end);
            }
            3 | 4 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let times = if rng.below(8) == 0 {
                    1 + rng.below(300)
                } else {
                    1
                };
                for _ in 0..times {
                    b.splice(at..at, t.iter().copied());
                }
            }
            5 if !b.is_empty() => {
                let from = rng.below(b.len());
                let n = 1 + rng.below(400);
                let block: Vec<u8> = b[from..(from + n).min(b.len())].to_vec();
                for _ in 0..1 + rng.below(10) {
                    b.splice(at..at, block.iter().copied());
                }
            }
            6 => {
                let other = &pool[rng.below(pool.len())];
                let from = rng.below(other.len() + 1);
                b.truncate(at);
                b.extend_from_slice(&other[from..]);
            }
            _ => b.truncate(at.max(1).min(b.len())),
        }
        if b.len() > 200_000 {
            b.truncate(200_000);
        }
    }
    b
}

/// Runs every target on one input; Err(name) names the target that panicked.
fn run_targets(input: &[u8], texts_by_sha: &HashMap<String, String>) -> Result<(), &'static str> {
    use claimtrail::ingest::{decode, html, manifest};
    let guard = |name: &'static str, f: &mut dyn FnMut()| {
        catch_unwind(AssertUnwindSafe(f)).map_err(|_| name)
    };
    let mut texts: Vec<String> = Vec::new();
    guard("decode", &mut || {
        if let Ok(d) = decode::decode(input, None) {
            texts.push(d.text);
        }
        if let Ok(d) = decode::decode_lossy(input, html::declared_charset(input)) {
            texts.push(d.text);
        }
    })?;
    let lossy = String::from_utf8_lossy(input).into_owned();
    texts.push(lossy.clone());
    for text in &texts {
        guard("html", &mut || {
            let _ = html::extract(text);
        })?;
        guard("text layer", &mut || {
            let lang = claimtrail::ingest::language::detect(text).0;
            let a = claimtrail::text::analyze("fuzz", text, lang, None);
            let dates = claimtrail::check::date_items(a.items);
            let _ = claimtrail::check::check(&dates);
        })?;
    }
    guard("manifest", &mut || {
        let _ = manifest::parse(Path::new("/nonexistent/fuzz.csv"), &lossy);
        let _ = manifest::parse(Path::new("/nonexistent/fuzz.json"), &lossy);
    })?;
    guard("gold", &mut || {
        let _ = claimtrail::eval::parse_gold(Path::new("fuzz.gold.jsonl"), &lossy, texts_by_sha);
    })?;
    Ok(())
}

pub fn main(args: &[String]) -> Result<(), String> {
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let seconds: Option<u64> = opt("--seconds").and_then(|v| v.parse().ok());
    let iterations: Option<u64> = opt("--iterations").and_then(|v| v.parse().ok());
    let seed: u64 = opt("--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
    let out = opt("--out").map(PathBuf::from);
    let budget = Duration::from_secs(seconds.unwrap_or(60));
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut pool = seeds();
    // The seeds' gold, and the samples' texts by hash, so that gold items resolve their places.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Ok(g) = std::fs::read(root.join("samples").join("seeds.gold.jsonl")) {
        pool.push(g);
    }
    let mut texts_by_sha = HashMap::new();
    for b in &pool {
        if let Ok(d) = claimtrail::ingest::decode::decode(b, None) {
            texts_by_sha.insert(claimtrail::model::sha256_hex(b), d.text);
        }
    }
    // A panic is recorded, not printed by the default hook for every crash.
    std::panic::set_hook(Box::new(|_| {}));
    let start = Instant::now();
    let (mut execs, mut crashes) = (0u64, 0u64);
    let mut by_target: HashMap<&'static str, u64> = HashMap::new();
    let mut slowest = (Duration::ZERO, 0usize);
    loop {
        let done = match iterations {
            Some(n) => execs >= n,
            None => start.elapsed() >= budget,
        };
        if done {
            break;
        }
        let input = if execs < pool.len() as u64 {
            pool[execs as usize].clone()
        } else {
            mutate(&mut rng, &pool)
        };
        let t = Instant::now();
        let result = run_targets(&input, &texts_by_sha);
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, input.len());
        }
        execs += 1;
        if let Err(target) = result {
            crashes += 1;
            *by_target.entry(target).or_default() += 1;
            if let Some(dir) = &out {
                let _ = std::fs::create_dir_all(dir);
                let _ = std::fs::write(dir.join(format!("crash-{target}-{execs}.bin")), &input);
            }
        } else if rng.below(20) == 0 && input.len() < 50_000 {
            // Keep some mutants as new starting points.
            pool.push(input);
        }
    }
    let _ = std::panic::take_hook();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz: {execs} executions in {secs:.0} s ({:.0}/s), {crashes} crashes{}; slowest input: \
         {} bytes in {} ms; seed {seed}",
        execs as f64 / secs.max(1e-9),
        if by_target.is_empty() {
            String::new()
        } else {
            format!(" ({by_target:?})")
        },
        slowest.1,
        slowest.0.as_millis()
    );
    if crashes > 0 {
        return Err(format!("{crashes} crashes"));
    }
    Ok(())
}
