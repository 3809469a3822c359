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
pub const DEDUP_VERSION: i64 = 1;

/// A small cache of documents' words, so that a base page copied by many reposts is read once.
struct WordCache {
    map: std::collections::HashMap<i64, std::rc::Rc<crate::dedup::DocWords>>,
    order: std::collections::VecDeque<i64>,
    capacity: usize,
}

impl WordCache {
    fn get(&mut self, store: &Store, id: i64) -> Result<std::rc::Rc<crate::dedup::DocWords>> {
        if let Some(w) = self.map.get(&id) {
            return Ok(w.clone());
        }
        let w = std::rc::Rc::new(crate::dedup::words(&store.text_of(id)?));
        self.put(id, w.clone());
        Ok(w)
    }

    fn put(&mut self, id: i64, w: std::rc::Rc<crate::dedup::DocWords>) {
        if self.map.insert(id, w).is_none() {
            self.order.push_back(id);
        }
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }
}

/// Finds duplicate passages for every document that has no fingerprints yet, against itself and
/// every stored document, then regroups all pairs into families. Each new document's fingerprints
/// and pairs are written in one transaction.
pub fn run_dedup(
    store: &mut Store,
    params: &crate::dedup::DedupParams,
    progress: &ProgressBar,
) -> Result<DedupSummary> {
    use crate::dedup::{duplicate_pairs, shingles, winnow, words};
    let mut summary = DedupSummary::default();
    let new_ids = store.documents_to_fingerprint(DEDUP_VERSION)?;
    let new_set: std::collections::HashSet<i64> = new_ids.iter().copied().collect();
    let mut cache = WordCache {
        map: Default::default(),
        order: Default::default(),
        capacity: 4096,
    };
    // Fingerprints of the new documents, computed once.
    progress.set_length(new_ids.len() as u64 * 2);
    let mut new_fp: Vec<(i64, Vec<(u64, u32)>)> = Vec::with_capacity(new_ids.len());
    for &id in &new_ids {
        let w = std::rc::Rc::new(words(&store.text_of(id)?));
        let fp = winnow(&shingles(&w.hashes, params.k), params.window);
        cache.put(id, w);
        new_fp.push((id, fp));
        progress.inc(1);
    }
    if new_ids.is_empty() {
        return Ok(summary);
    }
    // The index: (hash, document), sorted, over stored and new documents.
    let mut index: Vec<(u64, u32)> = Vec::new();
    for (id, fp) in store.fingerprints(DEDUP_VERSION)? {
        if !new_set.contains(&id) {
            index.extend(fp.iter().map(|(h, _)| (*h, id as u32)));
        }
    }
    for (id, fp) in &new_fp {
        index.extend(fp.iter().map(|(h, _)| (*h, *id as u32)));
    }
    index.sort_unstable();
    index.dedup();
    let total_docs = store.documents()?.len();
    let stock_limit = params.stock_docs.max(total_docs / 100);
    let mut stock: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut i = 0;
    while i < index.len() {
        let mut j = i;
        while j < index.len() && index[j].0 == index[i].0 {
            j += 1;
        }
        if j - i > stock_limit {
            stock.insert(index[i].0);
        }
        i = j;
    }
    let is_stock = |h: u64| stock.contains(&h);
    for (id, fp) in &new_fp {
        // Candidates: stored documents, and new ones processed before this one.
        let mut shared: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for (h, _) in fp {
            if stock.contains(h) || !seen.insert(*h) {
                continue;
            }
            let start = index.partition_point(|(x, _)| x < h);
            for &(x, d) in &index[start..] {
                if x != *h {
                    break;
                }
                let d = d as i64;
                if d != *id && (!new_set.contains(&d) || d < *id) {
                    *shared.entry(d).or_default() += 1;
                }
            }
        }
        let mut candidates: Vec<i64> = shared
            .into_iter()
            .filter(|(_, n)| *n >= params.min_shared)
            .map(|(d, _)| d)
            .collect();
        candidates.sort_unstable();
        summary.candidate_pairs += candidates.len() + 1;
        let me = cache.get(store, *id)?;
        let mut pairs = duplicate_pairs(*id, &me, *id, &me, params, &is_stock);
        for other in candidates {
            let ow = cache.get(store, other)?;
            pairs.extend(duplicate_pairs(other, &ow, *id, &me, params, &is_stock));
        }
        summary.duplicate_pairs += pairs.len();
        store.save_dedup(*id, DEDUP_VERSION, fp, &pairs)?;
        summary.documents += 1;
        progress.inc(1);
    }
    summary.families = regroup_families(store)?;
    Ok(summary)
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
