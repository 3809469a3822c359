//! The stages after ingest, run over the stored documents in order, each reading what the store
//! holds and writing its results back in one transaction per document.

use crate::error::Result;
use crate::store::Store;
use indicatif::ProgressBar;

/// Where the parameters of a corpus stage came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamSource {
    /// Given on the command line.
    Asked,
    /// The ones the last run of the stage stored.
    Stored,
    /// The defaults: the stage never ran on this database.
    Default,
}

impl ParamSource {
    /// How a note on stderr names it.
    pub fn describe(self) -> &'static str {
        match self {
            ParamSource::Asked => "the parameters given",
            ParamSource::Stored => "the stored parameters",
            ParamSource::Default => "the default parameters",
        }
    }
}

/// Why a corpus stage ran again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunReason {
    /// It never ran on this database.
    FirstRun,
    /// Its parameters changed.
    Parameters,
    /// This binary's version of the stage (or of one it feeds) differs from the one that ran.
    Version,
    /// Documents were added, changed or re-analysed.
    Corpus,
}

impl RunReason {
    /// How a note on stderr says it.
    pub fn describe(self) -> &'static str {
        match self {
            RunReason::FirstRun => "first run on this database",
            RunReason::Parameters => "the parameters changed",
            RunReason::Version => {
                "this claimtrail's version of the stage differs from the stored one"
            }
            RunReason::Corpus => "the documents changed since the last run",
        }
    }
}

/// Why a stage whose stored signature is `stored` runs on `current` (both `VERSIONS | PARAMS |
/// REST`); `None` when they are equal.
fn run_reason(stored: Option<&str>, current: &str) -> Option<RunReason> {
    let Some(stored) = stored else {
        return Some(RunReason::FirstRun);
    };
    if stored == current {
        return None;
    }
    let mut a = stored.splitn(3, " | ");
    let mut b = current.splitn(3, " | ");
    Some(if a.next() != b.next() {
        RunReason::Version
    } else if a.next() != b.next() {
        RunReason::Parameters
    } else {
        RunReason::Corpus
    })
}

/// The parameters of a stage: `asked` when given, else the ones its last run stored, else the
/// defaults.
fn stage_params<P: serde::de::DeserializeOwned + Default>(
    store: &Store,
    stage: &str,
    asked: Option<P>,
) -> Result<(P, ParamSource)> {
    if let Some(p) = asked {
        return Ok((p, ParamSource::Asked));
    }
    Ok(match store.stage_params(stage)? {
        Some((json, _)) => match serde_json::from_str(&json) {
            Ok(p) => (p, ParamSource::Stored),
            Err(_) => (P::default(), ParamSource::Default),
        },
        None => (P::default(), ParamSource::Default),
    })
}

/// The align-stage parameters to use (see [`ParamSource`]).
pub fn align_params(
    store: &Store,
    asked: Option<crate::align::Params>,
) -> Result<(crate::align::Params, ParamSource)> {
    stage_params(store, "align", asked)
}

/// The dedup-stage parameters to use (see [`ParamSource`]).
pub fn dedup_params(
    store: &Store,
    asked: Option<crate::dedup::DedupParams>,
) -> Result<(crate::dedup::DedupParams, ParamSource)> {
    stage_params(store, "dedup", asked)
}

/// The versions of the stages the align run redoes together: alignment, divergences, sourcing
/// chain and cross-page checks.
pub fn corpus_versions() -> String {
    format!(
        "align v{} diverge v{} chain v{} check v{}",
        crate::align::ALIGN_VERSION,
        crate::diverge::DIVERGE_VERSION,
        crate::chain::CHAIN_VERSION,
        crate::check::corpus::CORPUS_CHECK_VERSION
    )
}

/// What the text layer did.
#[derive(Debug, Default, Clone)]
pub struct TextLayerSummary {
    pub documents: usize,
    pub claims: usize,
    pub items: usize,
    /// Inconsistencies found inside the pages analysed (check stage).
    pub inconsistencies: usize,
    /// Pages where a limit cut the work, one line each naming the page (its file) and the limit.
    pub warnings: Vec<String>,
}

/// Runs the text layer on every document it has not analysed yet (or analysed with an older
/// version of it).
pub fn run_text_layer(store: &mut Store, progress: &ProgressBar) -> Result<TextLayerSummary> {
    let todo = store.documents_to_analyse()?;
    progress.set_length(todo.len() as u64);
    let mut summary = TextLayerSummary::default();
    for id in todo {
        let (sha, text, lang, published) = store.document_for_analysis(id)?;
        let page_date = published.as_deref().and_then(|p| {
            chrono::NaiveDate::parse_from_str(p.get(..10).unwrap_or(p), "%Y-%m-%d").ok()
        });
        // Each window of a huge page is stored and checked as soon as it is analysed (one
        // transaction for the document all the same): its claims and items are never all in
        // memory at once. A page under `WINDOW_CHARS` is one window.
        let chars: Vec<char> = text.chars().collect();
        let mut writer = store.begin_analysis(id)?;
        let (mut found, mut segments_cut) = (Vec::new(), 0);
        let mut stated: Option<Option<String>> = None;
        crate::text::analyze_windows(&sha, &text, &lang, page_date, |analysis| {
            writer.write(&analysis)?;
            segments_cut += analysis.segments_cut;
            summary.claims += analysis.claims.len();
            summary.items += analysis.items.len();
            stated.get_or_insert_with(|| analysis.stated_published.clone());
            let page_date_used = analysis.page_date;
            let spans: Vec<(usize, usize)> =
                analysis.claims.iter().map(|c| (c.start, c.end)).collect();
            let dates = crate::check::date_items(analysis.items);
            found.extend(crate::check::check(&dates));
            found.extend(crate::check::future_dates(
                &dates,
                page_date_used,
                &chars,
                &lang,
                &spans,
            ));
            found.extend(crate::check::durations(
                &dates,
                page_date_used,
                &chars,
                &lang,
                &spans,
            ));
            Ok::<(), crate::Error>(())
        })?;
        let stated = stated.flatten().filter(|_| published.is_none());
        summary.inconsistencies += found.len();
        writer.finish(&found, stated.as_deref())?;
        if segments_cut > 0 {
            let path = store.document(id).map(|d| d.path).unwrap_or_default();
            summary.warnings.push(format!(
                "document {id} ({path}): {segments_cut} run(s) of text longer than {} characters \
                 without a sentence end were cut into claims of at most that length",
                crate::text::segment::MAX_SEGMENT
            ));
        }
        summary.documents += 1;
        progress.inc(1);
    }
    Ok(summary)
}

/// What the dedup stage did.
#[derive(Debug, Default, Clone, Copy)]
pub struct DedupSummary {
    pub documents: usize,
    pub candidate_pairs: usize,
    /// Candidates not aligned: their shared text was already found copied from another page.
    pub pruned_pairs: usize,
    pub duplicate_pairs: usize,
    pub families: usize,
    /// Seconds spent on each step: stored fingerprints read, new ones computed, pages aligned and
    /// written, families regrouped.
    pub seconds: DedupSeconds,
    /// Set when every page was compared again, and why (parameters or version changed).
    pub redo: Option<RunReason>,
}

/// Seconds spent on each step of the dedup stage: finding the new pages and reading every
/// page's outlet and date; reading the stored fingerprints; fingerprinting the new pages;
/// aligning and writing them; regrouping the families.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct DedupSeconds {
    pub prepare: f64,
    pub load: f64,
    pub fingerprint: f64,
    pub align: f64,
    pub families: f64,
}

/// Bumped whenever fingerprinting changes (words, k, window), so stored fingerprints are redone.
pub const DEDUP_VERSION: i64 = 3;

use crate::dedup::candidates::{
    add_postings, DedupContext, DocPairs, Outlet, Postings, Scratch, WordCache,
};

/// Finds duplicate passages for every document that has no fingerprints yet, against itself and
/// every stored document, then regroups all pairs into families. Documents are taken one at a
/// time: tokenised once, looked up in the fingerprint index of the stored documents and of the new
/// ones before it, aligned with its candidates, written (fingerprints and pairs, one transaction),
/// and then added to the index.
pub fn run_dedup(
    store: &mut Store,
    params: &crate::dedup::DedupParams,
    progress: &ProgressBar,
) -> Result<DedupSummary> {
    let mut summary = DedupSummary::default();
    let clock = std::time::Instant::now();
    // Pages compared with other parameters would mix two runs' findings: a change of the
    // parameters (or of the stage's version) redoes every page.
    let params_json = serde_json::to_string(params).unwrap_or_default();
    let signature = dedup_signature(params);
    let stored = store.stage_signature("dedup")?;
    summary.redo = match run_reason(stored.as_deref(), &signature) {
        Some(r @ (RunReason::Parameters | RunReason::Version)) => {
            store.clear_dedup()?;
            Some(r)
        }
        _ => None,
    };
    if stored.as_deref() != Some(signature.as_str()) {
        store.set_stage_signature("dedup", &signature, &params_json)?;
    }
    let new_ids = store.documents_to_fingerprint(DEDUP_VERSION)?;
    if new_ids.is_empty() {
        return Ok(summary);
    }
    let new_set: std::collections::HashSet<i64> = new_ids.iter().copied().collect();
    // Each page's outlet and length: two pages of one outlet share its masthead and footer, which
    // are its template, not a copy.
    let outlets: std::collections::HashMap<i64, Outlet> = store
        .page_origins()?
        .into_iter()
        .map(|(id, outlet, url, chars, published)| {
            let o = crate::text::origin::outlet_key(outlet.as_deref(), None, url.as_deref());
            (id, (o, chars, published))
        })
        .collect();
    progress.set_length(new_ids.len() as u64);
    summary.seconds.prepare = clock.elapsed().as_secs_f64();
    // Pass 1: the new documents' fingerprints, on two threads, so that every fingerprint's
    // document count (and so what is a stock phrase) is known before any pair is judged.
    let clock = std::time::Instant::now();
    let new_fp = fingerprint_parallel(store.path(), &new_ids, params)?;
    summary.seconds.fingerprint = clock.elapsed().as_secs_f64();
    // Postings: which documents hold each fingerprint. Of the stored documents, only the
    // fingerprints that some new document has are kept: nothing else can make a pair.
    let clock = std::time::Instant::now();
    let mut postings = Postings::default();
    // A fingerprint in more documents than this is a stock phrase; its list stops growing one
    // past the limit, which is all that is needed to know it.
    let stock_limit = params.stock_docs.max(outlets.len() / 100);
    if new_ids.len() < outlets.len() {
        // Stored pages keep the low 32 bits of their fingerprints (see `store::pack`). The new
        // pages' fingerprints, sorted by those 32 bits (a 32-bit key may stand for two hashes).
        let mut wanted: Vec<(u32, u64)> = new_fp
            .values()
            .flatten()
            .map(|(h, _)| (*h as u32, *h))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let keys: Vec<u32> = wanted.iter().map(|w| w.0).collect();
        // A bit per key's low 22 bits (512 KB, which stays in cache): most stored keys are rejected without a search.
        let mut bits = vec![0u64; 1 << 16];
        for k in &keys {
            let b = (*k & 0x3f_ffff) as usize;
            bits[b >> 6] |= 1 << (b & 63);
        }
        // Where the keys of each top-16-bit value start in `keys`.
        let mut bucket = vec![0u32; (1 << 16) + 1];
        for k in &keys {
            bucket[(*k >> 16) as usize + 1] += 1;
        }
        for t in 0..1 << 16 {
            bucket[t + 1] += bucket[t];
        }
        // Hits as (index in `wanted`, stored document), gathered flat and grouped after.
        let mut hits: Vec<u64> = Vec::new();
        store.each_fingerprints(DEDUP_VERSION, |id, data| {
            if new_set.contains(&id) {
                return;
            }
            for k in crate::store::unpack(data) {
                let b = (k & 0x3f_ffff) as usize;
                if bits[b >> 6] & (1 << (b & 63)) == 0 {
                    continue;
                }
                // The keys sharing this key's top 16 bits, then a short scan.
                let top = (k >> 16) as usize;
                let mut i = bucket[top] as usize;
                let stop = bucket[top + 1] as usize;
                while i < stop && keys[i] < k {
                    i += 1;
                }
                while i < stop && keys[i] == k {
                    hits.push(((i as u64) << 32) | id as u64);
                    i += 1;
                }
            }
        })?;
        // Stored documents come in id order, and the sort keeps them so within each key.
        hits.sort_unstable();
        let mut h0 = 0;
        while h0 < hits.len() {
            let i = (hits[h0] >> 32) as usize;
            let mut h1 = h0;
            while h1 < hits.len() && (hits[h1] >> 32) as usize == i {
                h1 += 1;
            }
            let list = postings.entry(wanted[i].1).or_default();
            // A stock phrase's list stops one past the limit.
            list.extend(hits[h0..h1].iter().take(stock_limit + 1).map(|x| *x as u32));
            h0 = h1;
        }
    }
    summary.seconds.load = clock.elapsed().as_secs_f64();
    // In id order, so that postings lists are the same on every run.
    for id in &new_ids {
        if let Some(fp) = new_fp.get(id) {
            add_postings(&mut postings, *id, fp, stock_limit);
        }
    }
    // Sources before copies: the earliest page date first (undated pages last), then ingest
    // order. A page is aligned with the stored pages and the new pages before it in this order,
    // and a candidate whose shared text is already covered is skipped, so the earlier version
    // must come first.
    let ids = {
        let mut keyed: Vec<(Option<&str>, i64)> = new_ids
            .iter()
            .map(|id| (outlets.get(id).and_then(|o| o.2.as_deref()), *id))
            .collect();
        keyed.sort_by(|x, y| match (x.0, y.0) {
            (Some(a), Some(b)) => a.cmp(b).then(x.1.cmp(&y.1)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => x.1.cmp(&y.1),
        });
        keyed.into_iter().map(|(_, id)| id).collect::<Vec<i64>>()
    };
    // Each new document's place in that order (u32::MAX: a stored document).
    let mut rank: Vec<u32> = Vec::new();
    for (r, id) in ids.iter().enumerate() {
        let i = *id as usize;
        if i >= rank.len() {
            rank.resize(i + 1, u32::MAX);
        }
        rank[i] = r as u32;
    }
    let ctx = DedupContext {
        params,
        postings: &postings,
        stock_limit,
        rank: &rank,
        outlets: &outlets,
        new_fp: &new_fp,
        cache: std::sync::Mutex::new(WordCache::new(2048)),
    };
    // Workers (one per core, and one more to use the time another waits on the database) each
    // take the next document, tokenise it and align it with its candidates; this thread writes
    // the results in order, so that pair ids are the same on every run. The bounded channel
    // keeps memory flat.
    let workers = std::thread::available_parallelism()
        .map(|n| n.get() + 1)
        .unwrap_or(3)
        .clamp(2, 9);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let db_path = store.path().to_path_buf();
    let clock = std::time::Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<(usize, DocPairs)>>(64);
        for _ in 0..workers {
            let tx = tx.clone();
            let (ids, next, ctx, db_path) = (&ids, &next, &ctx, &db_path);
            scope.spawn(move || {
                let mut scratch = Scratch::default();
                let worker_store = match Store::open_existing(db_path) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                loop {
                    let r = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&id) = ids.get(r) else { return };
                    let text_of = |id: i64| worker_store.text_of(id);
                    let item = ctx.document(&text_of, id, &mut scratch);
                    let failed = item.is_err();
                    if tx.send(item.map(|x| (r, x))).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // Documents are written in batches of BATCH inside one transaction, each in its own
        // savepoint: as atomic as one transaction per document, without a commit per document.
        // An interrupted batch rolls back whole; its documents have no fingerprints stored, so
        // the next run takes them again.
        const BATCH: usize = 512;
        let mut waiting: std::collections::BTreeMap<usize, DocPairs> = Default::default();
        let mut next_write = 0usize;
        let mut in_batch = 0usize;
        for received in rx.iter() {
            let (r, item) = received?;
            waiting.insert(r, item);
            while let Some(item) = waiting.remove(&next_write) {
                if in_batch == 0 {
                    store
                        .conn()
                        .execute_batch("BEGIN")
                        .map_err(|e| store.err(e))?;
                }
                summary.candidate_pairs += item.candidates;
                summary.pruned_pairs += item.pruned;
                summary.duplicate_pairs += item.pairs.len();
                store.save_dedup(item.id, DEDUP_VERSION, &item.fingerprints, &item.pairs)?;
                summary.documents += 1;
                progress.inc(1);
                next_write += 1;
                in_batch += 1;
                if in_batch == BATCH {
                    store
                        .conn()
                        .execute_batch("COMMIT")
                        .map_err(|e| store.err(e))?;
                    in_batch = 0;
                }
            }
        }
        if in_batch > 0 {
            store
                .conn()
                .execute_batch("COMMIT")
                .map_err(|e| store.err(e))?;
        }
        Ok(())
    })?;
    summary.seconds.align = clock.elapsed().as_secs_f64();
    let clock = std::time::Instant::now();
    summary.families = regroup_families(store)?;
    summary.seconds.families = clock.elapsed().as_secs_f64();
    Ok(summary)
}

/// A document and its winnowed fingerprints.
type DocFingerprints = (i64, Vec<(u64, u32)>);

/// Fingerprints of documents, computed on two threads with their own connections.
fn fingerprint_parallel(
    db: &std::path::Path,
    ids: &[i64],
    params: &crate::dedup::DedupParams,
) -> Result<std::collections::HashMap<i64, Vec<(u64, u32)>>> {
    let half = ids.len().div_ceil(2);
    let parts: Vec<Vec<i64>> = ids.chunks(half.max(1)).map(<[i64]>::to_vec).collect();
    let (k, window) = (params.k, params.window);
    let results: Vec<Result<Vec<DocFingerprints>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                scope.spawn(move || -> Result<Vec<DocFingerprints>> {
                    let s = Store::open_existing(db)?;
                    let mut out = Vec::with_capacity(part.len());
                    for id in part {
                        out.push((id, crate::dedup::fingerprints(&s.text_of(id)?, k, window)));
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(crate::Error::Other("a dedup thread panicked".into())))
            })
            .collect()
    });
    let mut map = std::collections::HashMap::with_capacity(ids.len());
    for r in results {
        map.extend(r?);
    }
    Ok(map)
}

/// Recomputes the families of copied passages over every stored pair; returns how many.
pub fn regroup_families(store: &mut Store) -> Result<usize> {
    use crate::dedup::families::{families, Passage};
    let spans = store.duplicate_spans()?;
    let pairs: Vec<(Passage, Passage)> = spans
        .iter()
        .map(|&(_, da, as_, ae, db, bs, be)| {
            (
                Passage {
                    doc: da,
                    start: as_ as usize,
                    end: ae as usize,
                },
                Passage {
                    doc: db,
                    start: bs as usize,
                    end: be as usize,
                },
            )
        })
        .collect();
    let (pair_family, members) = families(&pairs);
    let dates = store.published_dates()?;
    let mut rows = Vec::with_capacity(members.len());
    for m in &members {
        let docs: std::collections::BTreeSet<i64> = m.iter().map(|p| p.doc).collect();
        // The earliest version: the passage of the page with the earliest known date.
        let earliest = m
            .iter()
            .filter_map(|p| dates.get(&p.doc).map(|d| (d.clone(), *p)))
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.start.cmp(&b.1.start)))
            .map(|(_, p)| (p.doc, p.start as i64, p.end as i64));
        rows.push((m.len(), docs.len(), earliest));
    }
    // Family ids: a family keeps the id most of its pairs already have (the largest families
    // choose first), so that adding pages rewrites only the pairs whose family really changed.
    let current = store.pair_family_ids()?;
    let mut votes: Vec<std::collections::HashMap<i64, usize>> =
        vec![Default::default(); members.len()];
    for (s, f) in spans.iter().zip(&pair_family) {
        if let Some(Some(old)) = current.get(&s.0) {
            *votes[*f].entry(*old).or_default() += 1;
        }
    }
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by_key(|&f| (std::cmp::Reverse(members[f].len()), f));
    let mut taken: std::collections::HashSet<i64> = Default::default();
    let mut ids: Vec<i64> = vec![0; members.len()];
    let mut unassigned = Vec::new();
    for f in order {
        let mut choice: Vec<(&i64, &usize)> = votes[f].iter().collect();
        choice.sort_by_key(|(id, n)| (std::cmp::Reverse(**n), **id));
        match choice.into_iter().find(|(id, _)| !taken.contains(id)) {
            Some((id, _)) => {
                ids[f] = *id;
                taken.insert(*id);
            }
            None => unassigned.push(f),
        }
    }
    // New families take the lowest free ids, in their first pair's order.
    unassigned.sort_unstable();
    let mut next_free = 1;
    for f in unassigned {
        while taken.contains(&next_free) {
            next_free += 1;
        }
        ids[f] = next_free;
        taken.insert(next_free);
    }
    let families: Vec<(i64, crate::store::FamilySummary)> = ids.iter().copied().zip(rows).collect();
    let changed: Vec<(i64, i64)> = spans
        .iter()
        .zip(&pair_family)
        .filter(|(s, f)| current.get(&s.0).copied().flatten() != Some(ids[**f]))
        .map(|(s, f)| (s.0, ids[*f]))
        .collect();
    store.save_families(&families, &changed)?;
    Ok(members.len())
}

/// What the align stage did.
#[derive(Debug, Default, Clone)]
pub struct AlignSummary {
    /// False when the stored alignments were already up to date.
    pub ran: bool,
    pub stats: crate::align::AlignStats,
    pub divergences: usize,
    /// Of those, below the confidence shown by default.
    pub divergences_hidden: usize,
    /// Aligned pairs not compared (probability below the diverge threshold).
    pub diverge_pairs_skipped: usize,
    pub edges: usize,
    /// Cross-page inconsistencies (stale relative dates, date order).
    pub inconsistencies: usize,
    /// Why it ran (`None` when nothing had changed).
    pub reason: Option<RunReason>,
    /// Pages where a limit cut the work, one line each naming the page and the limit.
    pub warnings: Vec<String>,
    /// Seconds spent on each step.
    pub seconds: AlignSeconds,
}

/// Seconds the corpus stages spent on each step: reading their inputs, sentence vectors (cached or
/// encoded), features, candidate pairs and scoring, writing the alignments, divergences, the
/// sourcing chain, and the cross-page checks.
#[derive(Debug, Default, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct AlignSeconds {
    pub inputs: f64,
    pub vectors: f64,
    pub features: f64,
    pub align: f64,
    pub save: f64,
    pub diverge: f64,
    pub chain: f64,
    pub checks: f64,
}

/// The most claims of one page the corpus stages compare (its first ones, in text order): a
/// news page has a few hundred; a page of 50 MB has tens of thousands, whose features alone would
/// take gigabytes. A page cut this way is named in a warning.
pub const MAX_ALIGN_CLAIMS: usize = 3000;

/// What the chain stage needs: every page's metadata and claim count, the cues and person names
/// the align stage already holds, and what each pair of pages shares (duplicate passages from the
/// store, the aligned pairs just computed).
fn chain_inputs(
    store: &Store,
    inputs: &[crate::align::DocInput],
    alignments: &[crate::align::Alignment],
) -> Result<ChainInputs> {
    let n_claims: std::collections::HashMap<i64, usize> = inputs
        .iter()
        .map(|d| {
            let n = d
                .claims
                .iter()
                .filter(|c| c.role == "body" || c.role == "heading")
                .count();
            (d.id, n)
        })
        .collect();
    let docs: Vec<crate::chain::DocInfo> = store
        .documents()?
        .into_iter()
        .map(|d| crate::chain::DocInfo {
            id: d.id,
            lang: d.language,
            chars: d.chars as usize,
            claims: *n_claims.get(&d.id).unwrap_or(&0),
            url: d.url,
            canonical_url: d.canonical_url,
            source_url: d.source_url,
            outlet: d.outlet,
            site_name: d.site_name,
            published: d.published,
            kind: d.kind,
            title: d.title,
            path: d.path,
        })
        .collect();
    let (cues, names) = crate::chain::cue_infos(inputs);
    let passages = store
        .duplicate_spans()?
        .into_iter()
        .map(|(_, da, a_s, a_e, db, b_s, b_e)| (da, a_s, a_e, db, b_s, b_e));
    let pairs = crate::chain::pair_infos(passages, alignments);
    Ok((docs, cues, names, pairs))
}

/// The chain stage's inputs: pages, their cues, their person names, and what each pair of pages
/// shares.
type ChainInputs = (
    Vec<crate::chain::DocInfo>,
    Vec<crate::chain::CueInfo>,
    Vec<crate::chain::CueInfo>,
    std::collections::HashMap<(i64, i64), crate::chain::PairInfo>,
);

/// Aligns the claims of every stored document with those of the others, when the documents or the
/// parameters changed since the last run (the whole table is replaced in one transaction).
/// Gives every body and heading claim its sentence vector: the ones cached for its text (by SHA-256)
/// are read, the others encoded and cached in one transaction. Returns how many were encoded.
pub fn attach_vectors(store: &mut Store, inputs: &mut [crate::align::DocInput]) -> Result<usize> {
    use crate::align::encoder::{Encoder, DIM, ENCODER_VERSION};
    let mut shas: Vec<String> = Vec::new();
    for d in inputs.iter() {
        for c in d
            .claims
            .iter()
            .filter(|c| crate::align::aligned_role(&c.role))
        {
            shas.push(crate::model::sha256_hex(c.text.as_bytes()));
        }
    }
    let mut unique = shas.clone();
    unique.sort();
    unique.dedup();
    let mut cached = store.claim_vectors(ENCODER_VERSION, &unique, DIM)?;
    let missing: Vec<&String> = unique.iter().filter(|s| !cached.contains_key(*s)).collect();
    let mut computed = 0;
    if !missing.is_empty() {
        let texts: std::collections::HashMap<&str, &str> = inputs
            .iter()
            .flat_map(|d| d.claims.iter())
            .filter(|c| crate::align::aligned_role(&c.role))
            .zip(shas.iter())
            .map(|(c, s)| (s.as_str(), c.text.as_str()))
            .collect();
        let batch: Vec<&str> = missing.iter().map(|s| texts[s.as_str()]).collect();
        let enc = Encoder::get().map_err(crate::Error::Other)?;
        let vectors = enc.encode_parallel(&batch);
        let rows: Vec<(String, Vec<f32>)> =
            missing.iter().map(|s| (*s).clone()).zip(vectors).collect();
        store.put_claim_vectors(ENCODER_VERSION, &rows)?;
        computed = rows.len();
        cached.extend(rows);
    }
    let shared: std::collections::HashMap<String, std::sync::Arc<[f32]>> = cached
        .into_iter()
        .map(|(k, v)| (k, std::sync::Arc::from(v)))
        .collect();
    let mut k = 0;
    for d in inputs.iter_mut() {
        for c in d
            .claims
            .iter_mut()
            .filter(|c| crate::align::aligned_role(&c.role))
        {
            c.vector = shared.get(&shas[k]).cloned();
            k += 1;
        }
    }
    Ok(computed)
}

/// What the dedup stage's stored findings were made with: its version and parameters.
fn dedup_signature(params: &crate::dedup::DedupParams) -> String {
    let params_json = serde_json::to_string(params).unwrap_or_default();
    format!("dedup v{DEDUP_VERSION} | {params_json} | all")
}

/// What the corpus stages' stored findings were made with: the stages' versions, the parameters,
/// the documents, and the dedup stage's signature (the chain reads the duplicate passages: a
/// redone dedup stage redoes these too).
fn align_signature(store: &Store, params: &crate::align::Params) -> Result<String> {
    let params_json = serde_json::to_string(params).unwrap_or_default();
    Ok(format!(
        "{} | {params_json} | {} | {}",
        corpus_versions(),
        store.corpus_signature()?,
        store.stage_signature("dedup")?.unwrap_or_default()
    ))
}

/// Why the stored findings are not what a run with these parameters would store, if they are
/// not: pages the text layer or the dedup stage has not done (with this version), or corpus
/// stages made from other documents, versions or parameters. Reads only: what a read-only
/// database says before it shows its findings as stored.
pub fn stale(
    store: &Store,
    dedup: &crate::dedup::DedupParams,
    align: &crate::align::Params,
) -> Result<Option<String>> {
    let unanalysed = store.documents_to_analyse()?.len();
    if unanalysed > 0 {
        return Ok(Some(format!(
            "{unanalysed} page(s) not analysed by this version of claimtrail"
        )));
    }
    if store.stage_signature("dedup")?.as_deref() != Some(dedup_signature(dedup).as_str())
        || !store.documents_to_fingerprint(DEDUP_VERSION)?.is_empty()
    {
        return Ok(Some(
            "duplicate passages made by another version or with other parameters".into(),
        ));
    }
    if store.stage_signature("align")?.as_deref() != Some(align_signature(store, align)?.as_str()) {
        return Ok(Some(
            "alignment, divergences and chain made from other pages, by another version or \
             with other parameters"
                .into(),
        ));
    }
    Ok(None)
}

pub fn run_align(store: &mut Store, params: &crate::align::Params) -> Result<AlignSummary> {
    let signature = align_signature(store, params)?;
    let Some(reason) = run_reason(store.stage_signature("align")?.as_deref(), &signature) else {
        return Ok(AlignSummary::default());
    };
    let mut seconds = AlignSeconds::default();
    let mut clock = std::time::Instant::now();
    let mut lap = |slot: &mut f64| {
        *slot = clock.elapsed().as_secs_f64();
        clock = std::time::Instant::now();
    };
    let (mut inputs, cut) = store.align_inputs(MAX_ALIGN_CLAIMS)?;
    let warnings: Vec<String> = cut
        .iter()
        .map(|(doc, n)| {
            format!(
                "document {doc}: {n} claims; only its first {MAX_ALIGN_CLAIMS} are aligned, \
                 compared and used for the chain"
            )
        })
        .collect();
    lap(&mut seconds.inputs);
    attach_vectors(store, &mut inputs)?;
    lap(&mut seconds.vectors);
    let feats = crate::align::features(&inputs);
    lap(&mut seconds.features);
    let (pairs, stats) = crate::align::align_features(&feats, params);
    lap(&mut seconds.align);
    let ids = store.save_alignments(&pairs)?;
    lap(&mut seconds.save);
    // Divergences of the pairs aligned with enough confidence.
    // Every document's text, read once, for the divergences' spans and the chain's email scan.
    let mut chars: std::collections::HashMap<i64, Vec<char>> = Default::default();
    for d in &inputs {
        chars.insert(d.id, store.text_of(d.id)?.chars().collect());
    }
    let encoder = crate::align::encoder::Encoder::get().ok();
    // Clause vectors, memoised: the omission rule asks for the same clauses of a page again.
    let memo: std::cell::RefCell<std::collections::HashMap<String, Option<Vec<f32>>>> =
        Default::default();
    let embed = |t: &str| {
        if let Some(v) = memo.borrow().get(t) {
            return v.clone();
        }
        let v = encoder.and_then(|e| e.encode(&[t]).pop());
        memo.borrow_mut().insert(t.to_string(), v.clone());
        v
    };
    let (found, dstats) = crate::diverge::run(
        &inputs,
        &feats,
        &pairs,
        &ids,
        &chars,
        &crate::diverge::Params {
            min_probability: params.diverge_min,
        },
        Some(&embed),
    );
    if dstats.outside > 0 {
        eprintln!(
            "claimtrail: note: {} divergence(s) dropped: a span ran outside its claim",
            dstats.outside
        );
    }
    store.save_divergences(&found)?;
    lap(&mut seconds.diverge);
    // The sourcing graph, from cues, shared passages and aligned claims.
    let (docs, cues, names, pair_info) = chain_inputs(store, &inputs, &pairs)?;
    let graph = crate::chain::build(&docs, &chars, &cues, &names, &pair_info);
    store.save_graph(&graph)?;
    lap(&mut seconds.chain);
    // Inconsistencies that need the corpus: stale relative dates and the order of dates.
    let page_dates: std::collections::HashMap<i64, chrono::NaiveDate> = store
        .published_dates()?
        .into_iter()
        .filter_map(|(id, p)| {
            let d =
                chrono::NaiveDate::parse_from_str(p.get(..10).unwrap_or(&p), "%Y-%m-%d").ok()?;
            Some((id, d))
        })
        .collect();
    let cross = crate::check::corpus::cross_page(&inputs, &pairs, &page_dates);
    store.replace_corpus_inconsistencies(&cross)?;
    lap(&mut seconds.checks);
    let params_json = serde_json::to_string(params).unwrap_or_default();
    store.set_stage_signature("align", &signature, &params_json)?;
    Ok(AlignSummary {
        ran: true,
        reason: Some(reason),
        stats,
        divergences: found.len(),
        divergences_hidden: dstats.hidden,
        diverge_pairs_skipped: dstats.pairs_skipped,
        edges: graph.edges.len(),
        inconsistencies: cross.len(),
        warnings,
        seconds,
    })
}
