//! The stages after ingest, run over the stored documents in order, each reading what the store
//! holds and writing its results back in one transaction per document.

use crate::error::Result;
use crate::store::Store;
use indicatif::ProgressBar;

/// What the text layer did.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextLayerSummary {
    pub documents: usize,
    pub claims: usize,
    pub items: usize,
    /// Inconsistencies found inside the pages analysed (check stage).
    pub inconsistencies: usize,
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
        let analysis = crate::text::analyze(&sha, &text, &lang, page_date);
        summary.documents += 1;
        summary.claims += analysis.claims.len();
        summary.items += analysis.items.len();
        store.save_analysis(id, &analysis)?;
        // In-page inconsistencies come from the analysis just made.
        let dates: Vec<crate::check::DateItem> = analysis
            .items
            .iter()
            .filter(|(_, it)| it.category == "date")
            .map(|(_, it)| crate::check::DateItem {
                start: it.start,
                end: it.end,
                kind: it.kind.to_string(),
                value: it.value.clone(),
                detail: it.detail.clone(),
            })
            .collect();
        let mut found = crate::check::check(&dates);
        let chars: Vec<char> = text.chars().collect();
        let spans: Vec<(usize, usize)> = analysis.claims.iter().map(|c| (c.start, c.end)).collect();
        found.extend(crate::check::future_dates(
            &dates,
            analysis.page_date,
            &chars,
            &lang,
            &spans,
        ));
        summary.inconsistencies += found.len();
        store.save_inconsistencies(id, &found)?;
        if published.is_none() {
            if let Some(stated) = &analysis.stated_published {
                store.set_published_from_text(id, stated)?;
            }
        }
        progress.inc(1);
    }
    Ok(summary)
}

/// What the dedup stage did.
#[derive(Debug, Default, Clone, Copy)]
pub struct DedupSummary {
    pub documents: usize,
    pub candidate_pairs: usize,
    pub duplicate_pairs: usize,
    pub families: usize,
}

/// Bumped whenever fingerprinting changes (words, k, window), so stored fingerprints are redone.
pub const DEDUP_VERSION: i64 = 2;

/// A passage shared by two pages of one outlet within this many characters of the top (or the
/// bottom) of both is the outlet's masthead (or footer), not a copy.
pub const TEMPLATE_EDGE_CHARS: i64 = 200;

/// A cache of documents' words, least recently used out, so that a base page copied by many
/// reposts is read and tokenised once.
struct WordCache {
    map: std::collections::HashMap<i64, (u64, std::sync::Arc<crate::dedup::DocWords>)>,
    tick: u64,
    capacity: usize,
    k: usize,
}

impl WordCache {
    fn put(&mut self, id: i64, w: std::sync::Arc<crate::dedup::DocWords>) {
        self.tick += 1;
        self.map.insert(id, (self.tick, w));
        self.evict();
    }

    /// Drops the least recently used eighth in one sweep when the cache is over capacity.
    fn evict(&mut self) {
        if self.map.len() > self.capacity + self.capacity / 8 {
            let mut ticks: Vec<u64> = self.map.values().map(|(t, _)| *t).collect();
            ticks.sort_unstable();
            let cut = ticks[self.map.len() - self.capacity];
            self.map.retain(|_, (t, _)| *t >= cut);
        }
    }

    fn get(&mut self, store: &Store, id: i64) -> Result<std::sync::Arc<crate::dedup::DocWords>> {
        self.tick += 1;
        if let Some(entry) = self.map.get_mut(&id) {
            entry.0 = self.tick;
            return Ok(entry.1.clone());
        }
        let w = std::sync::Arc::new(crate::dedup::words(&store.text_of(id)?, self.k));
        self.map.insert(id, (self.tick, w.clone()));
        self.evict();
        Ok(w)
    }
}

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | *b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

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
    use crate::dedup::{duplicate_pairs, winnow};
    let mut summary = DedupSummary::default();
    let new_ids = store.documents_to_fingerprint(DEDUP_VERSION)?;
    if new_ids.is_empty() {
        return Ok(summary);
    }
    let new_set: std::collections::HashSet<i64> = new_ids.iter().copied().collect();
    // Each page's outlet and length: two pages of one outlet share its masthead and footer, which
    // are its template, not a copy.
    let outlets: std::collections::HashMap<i64, (Option<String>, i64)> = store
        .documents()?
        .into_iter()
        .map(|d| {
            let o = d
                .outlet
                .clone()
                .or(d.site_name.clone())
                .filter(|o| !o.is_empty())
                .map(|o| crate::text::normalize(&o))
                .or_else(|| d.url.as_deref().and_then(crate::chain::host));
            (d.id, (o, d.chars))
        })
        .collect();
    let template = |p: &crate::dedup::DuplicatePair| -> bool {
        let (Some((oa, ca)), Some((ob, cb))) = (outlets.get(&p.doc_a), outlets.get(&p.doc_b))
        else {
            return false;
        };
        let edge = TEMPLATE_EDGE_CHARS;
        p.doc_a != p.doc_b
            && oa.is_some()
            && oa == ob
            && ((p.a_start as i64) < edge && (p.b_start as i64) < edge
                || (ca - p.a_end as i64) < edge && (cb - p.b_end as i64) < edge)
    };
    let mut cache = WordCache {
        map: Default::default(),
        tick: 0,
        capacity: 2048,
        k: params.k,
    };
    progress.set_length(new_ids.len() as u64);
    // Postings of the stored documents: which documents hold each fingerprint.
    let mut postings = Postings::default();
    for (id, fp) in store.fingerprints(DEDUP_VERSION)? {
        if !new_set.contains(&id) {
            add_postings(&mut postings, id, &fp);
        }
    }
    // Pass 1: the new documents' fingerprints, on two threads, so that every fingerprint's
    // document count (and so what is a stock phrase) is known before any pair is judged.
    let mut new_fp = fingerprint_parallel(store.path(), &new_ids, params)?;
    let mut is_new: Vec<bool> = Vec::new();
    // In id order, so that postings (and the processing order derived from them) are the same
    // on every run.
    for id in &new_ids {
        let Some(fp) = new_fp.get(id) else { continue };
        add_postings(&mut postings, *id, fp);
        let i = *id as usize;
        if i >= is_new.len() {
            is_new.resize(i + 1, false);
        }
        is_new[i] = true;
    }
    let total_docs = store.documents()?.len();
    let stock_limit = params.stock_docs.max(total_docs / 100);
    let mut counts: Vec<u32> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    // Reading and tokenising run on a second thread, with its own connection, while this one
    // aligns and writes; the bounded channel keeps memory flat.
    let (tx, rx) =
        std::sync::mpsc::sync_channel::<Result<(i64, std::sync::Arc<crate::dedup::DocWords>)>>(16);
    let db_path = store.path().to_path_buf();
    // Process copies of one page next to each other (ordered by the lowest document they share
    // fingerprints with), so that the page and its copies stay in the word cache.
    let ids = {
        let mut keyed: Vec<(u32, i64)> = Vec::with_capacity(new_ids.len());
        for id in &new_ids {
            let mut key = *id as u32;
            if let Some(fp) = new_fp.get(id) {
                for (h, _) in fp {
                    if let Some(list) = postings.get(h) {
                        if list.len() <= stock_limit {
                            key = key.min(list[0]);
                        }
                    }
                }
            }
            keyed.push((key, *id));
        }
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, id)| id).collect::<Vec<i64>>()
    };
    let mut processed: Vec<bool> = vec![false; is_new.len()];
    let k = params.k;
    let reader = std::thread::spawn(move || {
        let reader_store = match Store::open_existing(&db_path) {
            Ok(s) => s,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        for id in ids {
            let item = reader_store
                .text_of(id)
                .map(|t| (id, std::sync::Arc::new(crate::dedup::words(&t, k))));
            if tx.send(item).is_err() {
                return;
            }
        }
    });
    // Documents are written in batches of BATCH inside one transaction, each in its own
    // savepoint: as atomic as one transaction per document, without a commit per document.
    const BATCH: usize = 64;
    let mut in_batch = 0usize;
    for received in rx.iter() {
        let (id, me) = received?;
        if in_batch == 0 {
            store
                .conn()
                .execute_batch("BEGIN")
                .map_err(|e| store.err(e))?;
        }
        cache.put(id, me.clone());
        let fp = new_fp
            .remove(&id)
            .unwrap_or_else(|| winnow(&me.shingles, params.window));
        let is_stock = |h: u64| postings.get(&h).is_some_and(|l| l.len() > stock_limit);
        let mut hashes: Vec<u64> = fp.iter().map(|(h, _)| *h).collect();
        hashes.sort_unstable();
        hashes.dedup();
        for h in &hashes {
            let Some(list) = postings.get(h) else {
                continue;
            };
            if list.len() > stock_limit {
                continue;
            }
            for &d in list {
                let d = d as usize;
                // A new document pairs with the stored ones and the new ones processed before it.
                if d as i64 == id
                    || (is_new.get(d).copied().unwrap_or(false)
                        && !processed.get(d).copied().unwrap_or(false))
                {
                    continue;
                }
                if d >= counts.len() {
                    counts.resize(d + 1, 0);
                }
                if counts[d] == 0 {
                    touched.push(d);
                }
                counts[d] += 1;
            }
        }
        let mut candidates: Vec<i64> = Vec::new();
        for d in touched.drain(..) {
            if counts[d] as usize >= params.min_shared {
                candidates.push(d as i64);
            }
            counts[d] = 0;
        }
        candidates.sort_unstable();
        summary.candidate_pairs += candidates.len() + 1;
        let mut pairs = duplicate_pairs(id, &me, id, &me, params, &is_stock);
        for other in candidates {
            let ow = cache.get(store, other)?;
            pairs.extend(duplicate_pairs(other, &ow, id, &me, params, &is_stock));
        }
        pairs.retain(|p| !template(p));
        summary.duplicate_pairs += pairs.len();
        store.save_dedup(id, DEDUP_VERSION, &fp, &pairs)?;
        if let Some(p) = processed.get_mut(id as usize) {
            *p = true;
        }
        summary.documents += 1;
        progress.inc(1);
        in_batch += 1;
        if in_batch == BATCH {
            store
                .conn()
                .execute_batch("COMMIT")
                .map_err(|e| store.err(e))?;
            in_batch = 0;
        }
    }
    if in_batch > 0 {
        store
            .conn()
            .execute_batch("COMMIT")
            .map_err(|e| store.err(e))?;
    }
    let _ = reader.join();
    summary.families = regroup_families(store)?;
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
                        let w = crate::dedup::words(&s.text_of(id)?, k);
                        out.push((id, crate::dedup::winnow(&w.shingles, window)));
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

type Postings =
    std::collections::HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<IdentityHasher>>;

fn add_postings(postings: &mut Postings, id: i64, fp: &[(u64, u32)]) {
    let mut hashes: Vec<u64> = fp.iter().map(|(h, _)| *h).collect();
    hashes.sort_unstable();
    hashes.dedup();
    for h in hashes {
        postings.entry(h).or_default().push(id as u32);
    }
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
    let mut dates: std::collections::HashMap<i64, Option<String>> =
        std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(members.len());
    for m in &members {
        let docs: std::collections::BTreeSet<i64> = m.iter().map(|p| p.doc).collect();
        for d in &docs {
            if !dates.contains_key(d) {
                dates.insert(*d, store.published_of(*d)?);
            }
        }
        // The earliest version: the passage of the page with the earliest known date.
        let earliest = m
            .iter()
            .filter_map(|p| dates[&p.doc].as_ref().map(|d| (d.clone(), *p)))
            .min_by(|a, b| a.0.cmp(&b.0).then(a.1.start.cmp(&b.1.start)))
            .map(|(_, p)| (p.doc, p.start as i64, p.end as i64));
        rows.push((m.len(), docs.len(), earliest));
    }
    let pf: Vec<(i64, usize)> = spans
        .iter()
        .zip(&pair_family)
        .map(|(s, f)| (s.0, *f))
        .collect();
    store.save_families(&rows, &pf)?;
    Ok(members.len())
}

/// What the align stage did.
#[derive(Debug, Default, Clone)]
pub struct AlignSummary {
    /// False when the stored alignments were already up to date.
    pub ran: bool,
    pub stats: crate::align::AlignStats,
    pub divergences: usize,
    pub edges: usize,
}

/// Aligns the claims of every stored document with those of the others, when the documents or the
/// parameters changed since the last run (the whole table is replaced in one transaction).
pub fn run_align(store: &mut Store, params: &crate::align::Params) -> Result<AlignSummary> {
    let signature = format!(
        "align v{} {} | {}",
        crate::align::ALIGN_VERSION,
        serde_json::to_string(params).unwrap_or_default(),
        store.corpus_signature()?
    );
    if store.stage_signature("align")?.as_deref() == Some(signature.as_str()) {
        return Ok(AlignSummary::default());
    }
    let inputs = store.align_inputs()?;
    let feats = crate::align::features(&inputs);
    let (pairs, stats) = crate::align::align_features(&feats, params);
    let ids = store.save_alignments(&pairs)?;
    // Divergences of every aligned pair.
    let by_id: std::collections::HashMap<&str, &crate::align::ClaimFeatures> =
        feats.iter().map(|f| (f.id.as_str(), f)).collect();
    let docs: std::collections::HashMap<i64, &crate::align::DocInput> =
        inputs.iter().map(|d| (d.id, d)).collect();
    // Every document's text, read once, for the divergences' spans and the chain's email scan.
    let mut chars: std::collections::HashMap<i64, Vec<char>> = Default::default();
    for d in &inputs {
        chars.insert(d.id, store.text_of(d.id)?.chars().collect());
    }
    // Items by claim, so that each pair finds its own without scanning its documents' items.
    let mut items_of: std::collections::HashMap<&str, Vec<&crate::align::ItemInput>> =
        Default::default();
    for d in &inputs {
        for it in &d.items {
            if let Some(c) = &it.claim_id {
                items_of.entry(c.as_str()).or_default().push(it);
            }
        }
    }
    let mut found = Vec::new();
    // A claim told in two sentences on one side (a 1-2 alignment) is compared once, merged, with
    // the other side, so that what one half lacks and the other half has is not reported.
    let mut done_groups: std::collections::HashSet<(String, String, String)> = Default::default();
    for (id, p) in ids.iter().zip(&pairs) {
        let merged: Option<(String, String)> =
            p.detail["merged"]["claims"].as_array().and_then(|c| {
                Some((
                    c.first()?.as_str()?.to_string(),
                    c.get(1)?.as_str()?.to_string(),
                ))
            });
        // The claims on each side: one, or the two merged halves.
        let (ids_a, ids_b): (Vec<String>, Vec<String>) = match &merged {
            Some((c1, c2)) if *c1 == p.claim_a || *c2 == p.claim_a => {
                (vec![c1.clone(), c2.clone()], vec![p.claim_b.clone()])
            }
            Some((c1, c2)) if *c1 == p.claim_b || *c2 == p.claim_b => {
                (vec![p.claim_a.clone()], vec![c1.clone(), c2.clone()])
            }
            _ => (vec![p.claim_a.clone()], vec![p.claim_b.clone()]),
        };
        if ids_a.len() + ids_b.len() > 2 {
            let key = (ids_a.join("+"), ids_b.join("+"), String::new());
            if !done_groups.insert(key) {
                continue;
            }
        }
        let feature = |ids: &[String]| -> Option<crate::align::ClaimFeatures> {
            let first = (*by_id.get(ids[0].as_str())?).clone();
            match ids.get(1) {
                Some(second) => Some(crate::align::merge(&first, by_id.get(second.as_str())?)),
                None => Some(first),
            }
        };
        let (Some(fa), Some(fb)) = (feature(&ids_a), feature(&ids_b)) else {
            continue;
        };
        let side_items = |ids: &[String]| -> Vec<&crate::align::ItemInput> {
            ids.iter()
                .flat_map(|c| items_of.get(c.as_str()).into_iter().flatten().copied())
                .collect()
        };
        let (Some(la), Some(lb)) = (
            docs.get(&p.doc_a).map(|d| d.lang.as_str()),
            docs.get(&p.doc_b).map(|d| d.lang.as_str()),
        ) else {
            continue;
        };
        let a = crate::diverge::Side {
            claim: &fa,
            items: side_items(&ids_a),
            chars: &chars[&p.doc_a],
            lang: la,
        };
        let b = crate::diverge::Side {
            claim: &fb,
            items: side_items(&ids_b),
            chars: &chars[&p.doc_b],
            lang: lb,
        };
        for d in crate::diverge::diverge(&a, &b) {
            found.push((*id, d));
        }
    }
    store.save_divergences(&found)?;
    // The sourcing graph, from cues, shared passages and aligned claims.
    let (docs, cues, names, pair_info) = store.chain_inputs(&inputs, &pairs)?;
    let graph = crate::chain::build(&docs, &chars, &cues, &names, &pair_info);
    store.save_graph(&graph)?;
    store.set_stage_signature("align", &signature)?;
    Ok(AlignSummary {
        ran: true,
        stats,
        divergences: found.len(),
        edges: graph.edges.len(),
    })
}
