//! Candidates and alignment of one page in the duplicate-passage stage: the postings of
//! fingerprints, the ranking of the pages that share them (most shared first, the earlier page
//! among near ties), coverage pruning, and the word cache shared by the workers. The orchestrator
//! (`pipeline`) reads and writes the store and runs the workers; this module only computes, reading
//! page texts through the function it is given.

use crate::error::Result;

/// Reads a stored page's text by id.
pub type TextOf<'a> = &'a dyn Fn(i64) -> Result<String>;

/// A passage shared by two pages of one outlet within this many characters of the top (or the
/// bottom) of both is the outlet's masthead (or footer), not a copy.
pub const TEMPLATE_EDGE_CHARS: i64 = 200;

/// A cache of documents' words, least recently used out, so that a base page copied by many
/// reposts is read and tokenised once. Only pages asked for as candidates enter it.
pub struct WordCache {
    map: std::collections::HashMap<i64, (u64, std::sync::Arc<super::DocWords>)>,
    tick: u64,
    capacity: usize,
}

impl WordCache {
    /// An empty cache holding about `capacity` pages.
    pub fn new(capacity: usize) -> WordCache {
        WordCache {
            map: Default::default(),
            tick: 0,
            capacity,
        }
    }

    fn get(&mut self, id: i64) -> Option<std::sync::Arc<super::DocWords>> {
        self.tick += 1;
        let entry = self.map.get_mut(&id)?;
        entry.0 = self.tick;
        Some(entry.1.clone())
    }

    /// Adds a page, dropping the least recently used eighth in one sweep when over capacity.
    fn insert(&mut self, id: i64, w: std::sync::Arc<super::DocWords>) {
        self.tick += 1;
        self.map.insert(id, (self.tick, w));
        if self.map.len() > self.capacity + self.capacity / 8 {
            let mut ticks: Vec<u64> = self.map.values().map(|(t, _)| *t).collect();
            ticks.sort_unstable();
            let cut = ticks[self.map.len() - self.capacity];
            self.map.retain(|_, (t, _)| *t >= cut);
        }
    }
}

/// A hasher for keys that are already well-mixed hashes (a 32-bit key is spread over 64 bits,
/// since the hash table uses the top bits too).
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

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
    fn write_u32(&mut self, n: u32) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// What the dedup stage found for one document, ready to be written.
pub struct DocPairs {
    pub id: i64,
    pub fingerprints: Vec<(u64, u32)>,
    pub pairs: Vec<super::DuplicatePair>,
    pub candidates: usize,
    pub pruned: usize,
}

/// A worker's reusable buffers.
#[derive(Default)]
pub struct Scratch {
    shared: Vec<(u32, u32)>,
    counts: Vec<u32>,
    touched: Vec<usize>,
}

/// Everything a dedup worker reads: the parameters, the postings, the processing order, the
/// pages' outlets and dates, the new fingerprints, and the shared word cache.
pub struct DedupContext<'a> {
    pub params: &'a super::DedupParams,
    pub postings: &'a Postings,
    pub stock_limit: usize,
    pub rank: &'a [u32],
    pub outlets: &'a std::collections::HashMap<i64, Outlet>,
    pub new_fp: &'a std::collections::HashMap<i64, Vec<(u64, u32)>>,
    pub cache: std::sync::Mutex<WordCache>,
}

/// A page's outlet (normalised), length in characters, and publication date.
pub type Outlet = (Option<String>, i64, Option<String>);

impl DedupContext<'_> {
    /// A document's words, from the shared cache or read and tokenised (outside the lock).
    fn words(&self, text_of: TextOf<'_>, id: i64) -> Result<std::sync::Arc<super::DocWords>> {
        if let Some(w) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(id) {
            return Ok(w);
        }
        let w = std::sync::Arc::new(super::words(&text_of(id)?, self.params.k));
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, w.clone());
        Ok(w)
    }

    /// A passage shared by two pages of one outlet within [`TEMPLATE_EDGE_CHARS`] of the top (or
    /// the bottom) of both is the outlet's masthead (or footer), not a copy.
    fn template(&self, p: &super::DuplicatePair) -> bool {
        let (Some((oa, ca, _)), Some((ob, cb, _))) =
            (self.outlets.get(&p.doc_a), self.outlets.get(&p.doc_b))
        else {
            return false;
        };
        let edge = TEMPLATE_EDGE_CHARS;
        p.doc_a != p.doc_b
            && oa.is_some()
            && oa == ob
            && ((p.a_start as i64) < edge && (p.b_start as i64) < edge
                || (ca - p.a_end as i64) < edge && (cb - p.b_end as i64) < edge)
    }

    fn date(&self, d: i64) -> Option<&str> {
        self.outlets.get(&d).and_then(|o| o.2.as_deref())
    }

    /// The earliest page first (undated last), then the lowest id.
    fn earliest(&self, x: i64, y: i64) -> std::cmp::Ordering {
        match (self.date(x), self.date(y)) {
            (Some(a), Some(b)) => a.cmp(b).then(x.cmp(&y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => x.cmp(&y),
        }
    }

    /// One new document: its repeats inside itself, and its passages shared with the stored
    /// documents and the new documents before it.
    /// Aligns document `id` with its candidates: the pages sharing its fingerprints, best first,
    /// skipping those whose shared text another candidate already covers.
    pub fn document(&self, text_of: TextOf<'_>, id: i64, s: &mut Scratch) -> Result<DocPairs> {
        use super::duplicate_pairs;
        let params = self.params;
        let me = std::sync::Arc::new(super::words(&text_of(id)?, params.k));
        let fp = match self.new_fp.get(&id) {
            Some(fp) => fp.clone(),
            None => super::winnow(&me.shingles, params.window),
        };
        let stock_limit = self.stock_limit;
        let is_stock = |h: u64| self.postings.get(&h).is_some_and(|l| l.len() > stock_limit);
        let my_rank = self.rank.get(id as usize).copied().unwrap_or(u32::MAX);
        // A new document pairs with the stored ones and the new ones before it.
        let usable = |d: u32| {
            d as i64 != id
                && self
                    .rank
                    .get(d as usize)
                    .is_none_or(|r| *r == u32::MAX || *r < my_rank)
        };
        // Documents sharing fingerprints with this one, counted first (a dense array), then
        // the positions of the shared fingerprints for those that share enough.
        let lists: Vec<(&[u32], u32)> = fp
            .iter()
            .filter_map(|(h, pos)| {
                let list = self.postings.get(h)?;
                (list.len() <= stock_limit).then_some((list.as_slice(), *pos))
            })
            .collect();
        for (list, _) in &lists {
            for &d in *list {
                if !usable(d) {
                    continue;
                }
                let du = d as usize;
                if du >= s.counts.len() {
                    s.counts.resize(du + 1, 0);
                }
                if s.counts[du] == 0 {
                    s.touched.push(du);
                }
                s.counts[du] += 1;
            }
        }
        s.shared.clear();
        for (list, pos) in &lists {
            for &d in *list {
                if usable(d) && s.counts[d as usize] as usize >= params.min_shared {
                    s.shared.push((d, *pos));
                }
            }
        }
        for d in s.touched.drain(..) {
            s.counts[d] = 0;
        }
        s.shared.sort_unstable();
        s.shared.dedup();
        let shared = &s.shared;
        // Candidates: documents sharing at least `min_shared` fingerprints, the most shared
        // first; among those within a tenth of the best, the earliest page (then the lowest id)
        // first, so that the source goes before a copy that shares a stray fingerprint more.
        let mut candidates: Vec<(usize, usize, i64)> = Vec::new(); // (start, end) in `shared`, doc
        let reach = (params.max_gap + params.max_drift) as u32;
        let mut s0 = 0;
        while s0 < shared.len() {
            let d = shared[s0].0;
            let mut s1 = s0;
            while s1 < shared.len() && shared[s1].0 == d {
                s1 += 1;
            }
            // Shared fingerprints scattered over the page are chance (common word triples):
            // a copied passage gives at least two within one chain's reach of each other.
            if s1 - s0 >= params.min_shared
                && shared[s0..s1].windows(2).any(|w| w[1].1 - w[0].1 <= reach)
            {
                candidates.push((s0, s1, d as i64));
            }
            s0 = s1;
        }
        candidates.sort_by(|x, y| {
            (y.1 - y.0)
                .cmp(&(x.1 - x.0))
                .then_with(|| self.earliest(x.2, y.2))
        });
        if let Some(top) = candidates.first().map(|c| c.1 - c.0) {
            let near = candidates
                .iter()
                .take_while(|c| (c.1 - c.0) * 10 >= top * 9)
                .count();
            candidates[..near].sort_by(|x, y| self.earliest(x.2, y.2));
        }
        let mut out = DocPairs {
            id,
            fingerprints: Vec::new(),
            pairs: duplicate_pairs(id, &me, id, &me, params, &is_stock),
            candidates: candidates.len() + 1,
            pruned: 0,
        };
        // This page's character spans already shown to be copies of a page aligned before.
        let mut covered: Vec<(usize, usize)> = Vec::new();
        let last_word = me.spans.len().saturating_sub(1);
        for (s0, s1, other) in candidates {
            if !params.all_pairs && !covered.is_empty() {
                // A candidate whose shared fingerprints all lie in passages already found is a
                // copy of the same text (a sibling repost): its pair follows from the family.
                let new_evidence = shared[s0..s1]
                    .iter()
                    .filter(|(_, pos)| {
                        let first = me.spans[*pos as usize].0 as usize;
                        let last =
                            me.spans[(*pos as usize + params.k - 1).min(last_word)].1 as usize;
                        !covered.iter().any(|&(s, e)| s <= first && last <= e)
                    })
                    .count();
                if new_evidence < params.min_shared {
                    out.pruned += 1;
                    continue;
                }
            }
            let ow = self.words(text_of, other)?;
            let found = duplicate_pairs(other, &ow, id, &me, params, &is_stock);
            covered.extend(
                found
                    .iter()
                    .filter(|p| !self.template(p))
                    .map(|p| (p.b_start, p.b_end)),
            );
            out.pairs.extend(found);
        }
        out.pairs.retain(|p| !self.template(p));
        out.fingerprints = fp;
        Ok(out)
    }
}

/// Which documents hold each fingerprint hash.
pub type Postings =
    std::collections::HashMap<u64, Vec<u32>, std::hash::BuildHasherDefault<IdentityHasher>>;

/// Adds a document's distinct fingerprints to the postings; a list stops one past `stock_limit`.
pub fn add_postings(postings: &mut Postings, id: i64, fp: &[(u64, u32)], stock_limit: usize) {
    let mut hashes: Vec<u64> = fp.iter().map(|(h, _)| *h).collect();
    hashes.sort_unstable();
    hashes.dedup();
    for h in hashes {
        let list = postings.entry(h).or_default();
        if list.len() <= stock_limit {
            list.push(id as u32);
        }
    }
}
