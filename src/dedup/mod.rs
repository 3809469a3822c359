//! Dedup: duplicate passages inside one page and across pages, exact or lightly edited.
//!
//! Input: documents' original texts. Output: [`DuplicatePair`]s, each two character spans (in one
//! document or two) with their similarity, edit counts, shared length and a word-level diff.
//!
//! Method, in the manner of passim and of winnowing (Schleimer et al. 2003):
//! 1. words of the normalised text (normalised on the fly, see [`crate::text::Normalized`]), hashed; shingles of [`DedupParams::k`] words;
//! 2. winnowed fingerprints (the minimum shingle hash of every window of [`DedupParams::window`]
//!    shingles), stored per document so that a later run compares only new documents; any shared
//!    run of `k + window - 1` words yields a shared fingerprint;
//! 3. candidate pairs: documents sharing at least [`DedupParams::min_shared`] fingerprints that
//!    are not stock phrases (a fingerprint in more than [`DedupParams::stock_docs`] documents, such
//!    as a site footer, is discounted), and every document with itself;
//! 4. alignment of a pair: all shared shingles, chained along their diagonal (a chain tolerates
//!    drift from insertions and deletions, and gaps from substitutions), each chain's ends extended
//!    word by word with an X-drop rule that tolerates a substitution or a one-word indel, and
//!    repeated passages inside one page split at their period so the two sides never overlap;
//! 5. for every passage pair, a word-level diff (similar, Myers) gives the similarity and edits.
//!
//! Invariant: spans are original character offsets; passages shorter than
//! [`DedupParams::min_chars`] characters or [`DedupParams::min_words`] words are not reported.

pub mod candidates;
pub mod families;

pub use crate::model::results::{DiffOp, DuplicatePair};
use crate::text::FastChar;
use serde::{Deserialize, Serialize};

/// Thresholds of the duplicate-passage stage, each a documented default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DedupParams {
    /// Words per shingle (3: short enough to survive a typo every few words).
    pub k: usize,
    /// Shingles per winnowing window (4: any shared run of 6 words gives a shared fingerprint).
    pub window: usize,
    /// Fingerprints two documents must share to be aligned.
    pub min_shared: usize,
    /// A fingerprint found in more documents than this is a stock phrase, not evidence of copying
    /// (the effective limit is the larger of this and 1% of the documents).
    pub stock_docs: usize,
    /// Most words between two shingles of one chain.
    pub max_gap: usize,
    /// Most drift of a chain's diagonal between two of its shingles (insertions, deletions).
    pub max_drift: usize,
    /// Shortest passage reported, in characters (each side).
    pub min_chars: usize,
    /// Shortest passage reported, in words (each side).
    pub min_words: usize,
    /// Align every candidate pair. By default a page is not aligned with a candidate whose shared
    /// fingerprints all fall inside passages this page was already found to share with a better
    /// candidate (more shared fingerprints, then the earlier page): ten reposts of one article give
    /// ten pairs with the article and one family, not forty-five more pairs between the reposts.
    pub all_pairs: bool,
}

impl Default for DedupParams {
    fn default() -> Self {
        DedupParams {
            k: 3,
            window: 4,
            min_shared: 2,
            stock_docs: 50,
            max_gap: 24,
            max_drift: 6,
            min_chars: 80,
            min_words: 8,
            all_pairs: false,
        }
    }
}

/// A document reduced to hashed words with their original character spans.
#[derive(Debug, Clone, Default)]
pub struct DocWords {
    pub hashes: Vec<u64>,
    pub spans: Vec<(u32, u32)>,
    /// The normalised text and each word's byte range in it (for typo checks and the diff).
    pub norm: String,
    pub word_bytes: Vec<(u32, u32)>,
    /// Shingle hashes, and the same sorted with their positions (for merge joins).
    pub shingles: Vec<u64>,
    pub sorted_shingles: Vec<(u64, u32)>,
}

impl DocWords {
    /// The `i`-th normalised word.
    pub fn word(&self, i: usize) -> &str {
        let (s, e) = self.word_bytes[i];
        &self.norm[s as usize..e as usize]
    }
}

const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

#[cfg(test)]
fn fnv(s: &str) -> u64 {
    s.bytes()
        .fold(FNV_OFFSET, |h, b| (h ^ b as u64).wrapping_mul(FNV_PRIME))
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ceb9fe1a85ec53);
    x ^ (x >> 33)
}

/// Words of a text (runs of letters and digits of the normalised text) and their `k`-word
/// shingles, in one pass over the original characters: each is normalised on the fly (the same
/// rules as [`crate::text::Normalized`]), so no character map is built.
pub fn words(text: &str, k: usize) -> DocWords {
    let mut out = scan(text, k, true);
    out.sorted_shingles = out
        .shingles
        .iter()
        .enumerate()
        .map(|(i, h)| (*h, i as u32))
        .collect();
    out.sorted_shingles.sort_unstable();
    out
}

/// A text's winnowed fingerprints (shingles of `k` words, windows of `window`), without keeping
/// its words: what the first pass over new documents needs.
pub fn fingerprints(text: &str, k: usize, window: usize) -> Vec<(u64, u32)> {
    winnow(&scan(text, k, false).shingles, window)
}

/// The word scan behind [`words`]: word hashes and shingles, and with `keep` the normalised text
/// and each word's spans.
fn scan(text: &str, k: usize, keep: bool) -> DocWords {
    /// The scan's state: the word being read (its first original character and its first byte
    /// in `norm`), its hash so far, and where the last word character ended.
    struct State {
        out: DocWords,
        keep: bool,
        current: Option<(usize, usize)>,
        hash: u64,
        last_end: usize,
    }
    impl State {
        #[inline]
        fn word_char(&mut self, i: usize, d: char) {
            if self.current.is_none() {
                if self.keep && !self.out.hashes.is_empty() {
                    self.out.norm.push(' ');
                }
                self.current = Some((i, self.out.norm.len()));
                self.hash = FNV_OFFSET;
            }
            let mut tmp = [0u8; 4];
            for b in d.encode_utf8(&mut tmp).bytes() {
                self.hash = (self.hash ^ b as u64).wrapping_mul(FNV_PRIME);
            }
            if self.keep {
                self.out.norm.push(d);
            }
            self.last_end = i + 1;
        }
        #[inline]
        fn word_end(&mut self) {
            if let Some((start, byte)) = self.current.take() {
                self.out.hashes.push(self.hash);
                if self.keep {
                    self.out.spans.push((start as u32, self.last_end as u32));
                    self.out
                        .word_bytes
                        .push((byte as u32, self.out.norm.len() as u32));
                }
            }
        }
    }
    let mut st = State {
        out: DocWords {
            norm: String::with_capacity(if keep { text.len() } else { 0 }),
            ..Default::default()
        },
        keep,
        current: None,
        hash: FNV_OFFSET,
        last_end: 0,
    };
    let mut buf: Vec<char> = Vec::with_capacity(4);
    for (i, c) in text.chars().enumerate() {
        // The common case first: an ASCII letter or digit, or an Arabic letter that normalises
        // to itself, is a word character as it stands.
        if c.is_ascii_alphanumeric() {
            st.word_char(i, c.to_ascii_lowercase());
            continue;
        }
        if ('\u{0621}'..='\u{064A}').contains(&c)
            && !matches!(c, 'أ' | 'إ' | 'آ' | 'ؤ' | 'ئ' | 'ى' | 'ة' | '\u{0640}')
        {
            st.word_char(i, c);
            continue;
        }
        buf.clear();
        crate::text::normalize::map_char(c, &mut buf);
        if buf.is_empty() {
            // Dropped marks belong to the word they sit in.
            if st.current.is_some() {
                st.last_end = i + 1;
            }
            continue;
        }
        for &d in &buf {
            if d.is_word() {
                st.word_char(i, d);
            } else {
                st.word_end();
            }
        }
    }
    st.word_end();
    let mut out = st.out;
    out.shingles = shingles(&out.hashes, k);
    out
}

/// Shingle hashes: one per position, over `k` words.
pub fn shingles(hashes: &[u64], k: usize) -> Vec<u64> {
    if hashes.len() < k {
        return Vec::new();
    }
    hashes
        .windows(k)
        .map(|w| w.iter().fold(0u64, |acc, &h| mix(acc.rotate_left(17) ^ h)))
        .collect()
}

/// Winnowing: the rightmost minimum of every window, with its position, each chosen once.
pub fn winnow(sh: &[u64], window: usize) -> Vec<(u64, u32)> {
    let mut out: Vec<(u64, u32)> = Vec::new();
    if sh.is_empty() {
        return out;
    }
    if sh.len() <= window {
        let (pos, h) = sh
            .iter()
            .enumerate()
            .rev()
            .min_by_key(|(_, h)| **h)
            .expect("non-empty");
        out.push((*h, pos as u32));
        return out;
    }
    let mut last: Option<usize> = None;
    for start in 0..=sh.len() - window {
        let mut best = start;
        for i in start..start + window {
            if sh[i] <= sh[best] {
                best = i;
            }
        }
        if last != Some(best) {
            out.push((sh[best], best as u32));
            last = Some(best);
        }
    }
    out
}

/// A passage pair in word positions, `[start, end)` on each side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordPassage {
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
}

#[derive(Debug, Clone, Copy)]
struct Chain {
    first_i: usize,
    first_j: usize,
    last_i: usize,
    last_j: usize,
    d: i64,
    count: usize,
}

/// Two words are the same word, or the same word with a typo or a clitic ("الستوى" for
/// "المستوى", "للإرادة" for "الإرادة"): at least 0.75 normalised Levenshtein similarity.
fn same_word(a: &DocWords, i: usize, b: &DocWords, j: usize) -> bool {
    if a.hashes[i] == b.hashes[j] {
        return true;
    }
    let (x, y) = (a.word(i), b.word(j));
    x.chars().count() >= 4 && y.chars().count() >= 4 && strsim::normalized_levenshtein(x, y) >= 0.75
}

/// Extends a passage end word by word while words keep matching (exactly or with a typo),
/// tolerating a substitution or a one-word insertion or deletion, and stopping when the score
/// falls three below its best (X-drop); returns how many words each side gained. `dir` is -1
/// (toward the start, from `i0 - 1`) or +1 (toward the end, from `i0`). On one page (`same`),
/// the first copy never runs into the second.
fn extend(
    a: &DocWords,
    b: &DocWords,
    i0: usize,
    j0: usize,
    dir: i64,
    same: bool,
) -> (usize, usize) {
    let (na, nb) = (a.hashes.len() as i64, b.hashes.len() as i64);
    let ok = |x: i64, n: i64| x >= 0 && x < n;
    let step = |x: i64| x + dir;
    let (mut ci, mut cj) = if dir < 0 {
        (i0 as i64 - 1, j0 as i64 - 1)
    } else {
        (i0 as i64, j0 as i64)
    };
    let (mut score, mut best_score, mut best) = (0i64, 0i64, (0usize, 0usize));
    while ok(ci, na) && ok(cj, nb) {
        if same && dir > 0 && ci >= j0 as i64 {
            break;
        }
        let (x, y) = (ci as usize, cj as usize);
        if same_word(a, x, b, y) {
            score += 1;
            ci = step(ci);
            cj = step(cj);
        } else if ok(step(ci), na) && same_word(a, step(ci) as usize, b, y) {
            score -= 1; // a word only on side a
            ci = step(ci);
        } else if ok(step(cj), nb) && same_word(a, x, b, step(cj) as usize) {
            score -= 1; // a word only on side b
            cj = step(cj);
        } else {
            score -= 1;
            ci = step(ci);
            cj = step(cj);
        }
        if score > best_score {
            best_score = score;
            best = if dir < 0 {
                ((i0 as i64 - 1 - ci) as usize, (j0 as i64 - 1 - cj) as usize)
            } else {
                ((ci - i0 as i64) as usize, (cj - j0 as i64) as usize)
            };
        }
        if score < best_score - 3 {
            break;
        }
    }
    best
}

/// Aligns two documents (or one with itself, `same`) and returns their duplicate passages in
/// word positions. `stock` says whether a shingle hash is a stock phrase.
pub fn align(
    a: &DocWords,
    b: &DocWords,
    same: bool,
    p: &DedupParams,
    stock: &dyn Fn(u64) -> bool,
) -> Vec<WordPassage> {
    // Shared shingles by a merge join of the two sorted lists; a shingle repeated many times on
    // a side is a refrain, not a locator, and a stock phrase is no evidence.
    let (sa, sb) = (&a.sorted_shingles, &b.sorted_shingles);
    let mut matches: Vec<(u32, u32)> = Vec::new();
    let (mut x, mut y) = (0, 0);
    while x < sa.len() && y < sb.len() {
        let h = sa[x].0;
        match h.cmp(&sb[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                let xe = x + sa[x..].iter().take_while(|e| e.0 == h).count();
                let ye = y + sb[y..].iter().take_while(|e| e.0 == h).count();
                // On one page, a shingle found once matches only itself (the trivial diagonal).
                let repeated = !same || xe - x >= 2;
                if repeated && xe - x <= 8 && ye - y <= 8 && !stock(h) {
                    for &(_, i) in &sa[x..xe] {
                        for &(_, j) in &sb[y..ye] {
                            matches.push((i, j));
                        }
                    }
                }
                x = xe;
                y = ye;
            }
        }
    }
    matches.sort_unstable();
    let mut finished: Vec<Chain> = Vec::new();
    let mut active: Vec<Chain> = Vec::new();
    let mut m = 0;
    while m < matches.len() {
        let i = matches[m].0 as usize;
        let me = m + matches[m..]
            .iter()
            .take_while(|x| x.0 as usize == i)
            .count();
        let js: Vec<u32> = matches[m..me].iter().map(|x| x.1).collect();
        m = me;
        // Close the chains this position has left behind.
        let mut k = 0;
        while k < active.len() {
            if i > active[k].last_i + p.max_gap {
                finished.push(active.swap_remove(k));
            } else {
                k += 1;
            }
        }
        for j in js {
            let j = j as usize;
            if same && j < i + p.k {
                continue; // the trivial diagonal, and the lower triangle
            }
            let d = j as i64 - i as i64;
            let mut best: Option<(usize, i64)> = None;
            for (ci, c) in active.iter().enumerate() {
                let drift = (d - c.d).abs();
                if i > c.last_i
                    && j > c.last_j
                    && drift <= p.max_drift as i64
                    && j - c.last_j <= p.max_gap + p.max_drift
                    && best.map(|(_, bd)| drift < bd).unwrap_or(true)
                {
                    best = Some((ci, drift));
                }
            }
            match best {
                Some((ci, _)) => {
                    let c = &mut active[ci];
                    c.last_i = i;
                    c.last_j = j;
                    c.d = d;
                    c.count += 1;
                }
                None => active.push(Chain {
                    first_i: i,
                    first_j: j,
                    last_i: i,
                    last_j: j,
                    d,
                    count: 1,
                }),
            }
        }
    }
    finished.extend(active);
    let mut out = Vec::new();
    for c in finished {
        if c.count < 2 && p.k < p.min_words {
            continue;
        }
        let (gi, gj) = extend(a, b, c.first_i, c.first_j, -1, same);
        let (a_start, b_start) = (c.first_i - gi, c.first_j - gj);
        let (ei, ej) = extend(a, b, c.last_i + p.k, c.last_j + p.k, 1, same);
        let (a_end, b_end) = (c.last_i + p.k + ei, c.last_j + p.k + ej);
        out.push(WordPassage {
            a_start,
            a_end,
            b_start,
            b_end,
        });
    }
    // A page that repeats itself more than twice gives one long chain along each period; cut it
    // so that each reported pair is one copy against another.
    if same {
        out = out.into_iter().flat_map(split_periodic).collect();
    }
    out.sort_by_key(|x| (x.a_start, x.b_start));
    out.dedup();
    out.retain(|x| {
        x.a_end.saturating_sub(x.a_start) >= p.min_words
            && x.b_end.saturating_sub(x.b_start) >= p.min_words
    });
    out
}

/// Splits a same-page passage whose copy length exceeds its period into period-long pieces.
fn split_periodic(x: WordPassage) -> Vec<WordPassage> {
    let period = x.b_start - x.a_start;
    let len = x.a_end - x.a_start;
    if period == 0 || len <= period {
        return vec![x];
    }
    let mut out = Vec::new();
    let mut s = 0;
    while s < len {
        let e = (s + period).min(len);
        out.push(WordPassage {
            a_start: x.a_start + s,
            a_end: x.a_start + e,
            b_start: x.b_start + s,
            b_end: (x.b_start + e).min(x.b_end),
        });
        s = e;
    }
    out
}

/// Measures a word passage pair and turns it into characters.
pub fn measure(
    doc_a: i64,
    a: &DocWords,
    doc_b: i64,
    b: &DocWords,
    x: &WordPassage,
) -> DuplicatePair {
    let wa = &a.hashes[x.a_start..x.a_end];
    let wb = &b.hashes[x.b_start..x.b_end];
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, wa, wb);
    let (mut eq, mut ins, mut del, mut rep) = (0, 0, 0, 0);
    let mut diff = Vec::new();
    let text =
        |d: &DocWords, s: usize, e: usize| (s..e).map(|i| d.word(i)).collect::<Vec<_>>().join(" ");
    for op in ops {
        match op {
            similar::DiffOp::Equal { len, .. } => {
                eq += len;
                diff.push(DiffOp {
                    op: "equal",
                    words: len,
                    a: None,
                    b: None,
                });
            }
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => {
                del += old_len;
                let s = x.a_start + old_index;
                diff.push(DiffOp {
                    op: "delete",
                    words: old_len,
                    a: Some(text(a, s, s + old_len)),
                    b: None,
                });
            }
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => {
                ins += new_len;
                let s = x.b_start + new_index;
                diff.push(DiffOp {
                    op: "insert",
                    words: new_len,
                    a: None,
                    b: Some(text(b, s, s + new_len)),
                });
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                rep += old_len.max(new_len);
                let (sa, sb) = (x.a_start + old_index, x.b_start + new_index);
                diff.push(DiffOp {
                    op: "replace",
                    words: old_len.max(new_len),
                    a: Some(text(a, sa, sa + old_len)),
                    b: Some(text(b, sb, sb + new_len)),
                });
            }
        }
    }
    let a_start = a.spans[x.a_start].0 as usize;
    let a_end = a.spans[x.a_end - 1].1 as usize;
    let b_start = b.spans[x.b_start].0 as usize;
    let b_end = b.spans[x.b_end - 1].1 as usize;
    let (la, lb) = (wa.len(), wb.len());
    DuplicatePair {
        doc_a,
        a_start,
        a_end,
        doc_b,
        b_start,
        b_end,
        similarity: if la + lb == 0 {
            0.0
        } else {
            2.0 * eq as f64 / (la + lb) as f64
        },
        words_a: la,
        words_b: lb,
        equal_words: eq,
        inserted_words: ins,
        deleted_words: del,
        replaced_words: rep,
        shared_chars: (a_end - a_start).min(b_end - b_start),
        diff,
    }
}

/// All duplicate passages between two documents (or inside one, when `doc_a == doc_b`), measured
/// and filtered by length.
pub fn duplicate_pairs(
    doc_a: i64,
    a: &DocWords,
    doc_b: i64,
    b: &DocWords,
    p: &DedupParams,
    stock: &dyn Fn(u64) -> bool,
) -> Vec<DuplicatePair> {
    align(a, b, doc_a == doc_b, p, stock)
        .iter()
        .map(|x| measure(doc_a, a, doc_b, b, x))
        .filter(|d| d.a_end - d.a_start >= p.min_chars && d.b_end - d.b_start >= p.min_chars)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_stock(_: u64) -> bool {
        false
    }

    fn span(text: &str, s: usize, e: usize) -> String {
        text.chars().skip(s).take(e - s).collect()
    }

    const P1: &str = "La crise sur le dossier Sahara bat son plein entre le Maroc et Ban Ki-moon, Secrétaire Général des Nations-Unies, et comme si cela ne suffisait pas un échange de mails est publié.";
    const P2: &str = "Quelques temps plus tôt, le 12 avril 2012, Belmokhtar enlevait le Consul d'Algérie à Gao, au Mali, selon des sources extrêmement sensibles du renseignement français.";

    #[test]
    fn winnowing_guarantee() {
        let h: Vec<u64> = (0..40).map(|i| fnv(&format!("w{i}"))).collect();
        let sh = shingles(&h, 3);
        let fp = winnow(&sh, 4);
        // Every window of 4 shingles holds a chosen fingerprint.
        for s in 0..=sh.len() - 4 {
            assert!(fp
                .iter()
                .any(|(_, p)| (*p as usize) >= s && (*p as usize) < s + 4));
        }
    }

    #[test]
    fn a_page_that_repeats_itself() {
        let text =
            format!("Forum\n{P1}\n{P2}\nsource http://x.ma/a\n{P1}\n{P2}\nsource http://x.ma/a\n");
        let w = words(&text, 3);
        let d = duplicate_pairs(1, &w, 1, &w, &DedupParams::default(), &no_stock);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(span(&text, d[0].a_start, d[0].a_end).starts_with("La crise"));
        assert!(span(&text, d[0].b_start, d[0].b_end).starts_with("La crise"));
        assert!(d[0].a_end <= d[0].b_start);
        assert_eq!(d[0].similarity, 1.0);
    }

    #[test]
    fn three_copies_give_three_pairs() {
        let text = format!("{P1} {P1} {P1}");
        let w = words(&text, 3);
        let d = duplicate_pairs(1, &w, 1, &w, &DedupParams::default(), &no_stock);
        assert_eq!(d.len(), 3, "{d:?}");
        for x in &d {
            assert!(x.a_end <= x.b_start);
        }
    }

    #[test]
    fn lightly_edited_copy_across_pages_with_exact_bounds() {
        let a = format!("Texte propre au premier site, sans rapport aucun avec la suite du propos. {P1} {P2} Fin du premier site.");
        let edited = P1
            .replace("bat son plein", "fait rage")
            .replace("Secrétaire Général", "secrétaire général");
        let b = format!("Un forum commence ici par une opinion personnelle sur la politique. {P2} {edited} Merci de votre lecture.");
        let (wa, wb) = (words(&a, 3), words(&b, 3));
        let d = duplicate_pairs(1, &wa, 2, &wb, &DedupParams::default(), &no_stock);
        // Reordered: P1 and P2 are found as two passages.
        assert_eq!(d.len(), 2, "{d:?}");
        let p1 = d
            .iter()
            .find(|x| span(&a, x.a_start, x.a_end).starts_with("La crise"))
            .expect("P1");
        assert_eq!(span(&a, p1.a_start, p1.a_end), P1.trim_end_matches('.'));
        assert!(
            span(&b, p1.b_start, p1.b_end).starts_with("La crise sur le dossier Sahara fait rage")
        );
        assert!(p1.similarity > 0.85 && p1.similarity < 1.0);
        assert!(p1.replaced_words + p1.inserted_words + p1.deleted_words > 0);
        let p2 = d
            .iter()
            .find(|x| span(&a, x.a_start, x.a_end).starts_with("Quelques"))
            .expect("P2");
        assert_eq!(p2.similarity, 1.0);
    }

    #[test]
    fn unrelated_pages_share_nothing() {
        let a = "تنظيم القاعدة في بلاد المغرب الإسلامي نفذ هجوما على ثكنة في شمال مالي وقتل فيه جنود.";
        let b =
            "قالت الحكومة إن تنظيم القاعدة في بلاد المغرب الإسلامي يسعى لإنشاء قاعدة جديدة في ليبيا.";
        let d = duplicate_pairs(
            1,
            &words(a, 3),
            2,
            &words(b, 3),
            &DedupParams::default(),
            &no_stock,
        );
        assert!(d.is_empty(), "{d:?}");
    }
}
