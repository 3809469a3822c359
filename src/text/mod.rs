//! Text layer: normalisation with offset maps, tokens and stems, claim segmentation, and extraction
//! of dates, numbers, names and sourcing cues.
//!
//! Input: a stored document's text and language. Output: an [`Analysis`]: claims (spans with a role
//! and a stable id, the hash of the document and the span) and the items extracted from the text,
//! each with its original span and the claim that holds it. Invariant: every span is in original
//! characters; nothing here changes the text.

pub mod extract;
pub mod normalize;
pub mod segment;
pub mod tokens;

pub use extract::Item;
pub use normalize::{normalize, Normalized};
pub use segment::{Role, Segment};

use sha2::{Digest, Sha256};

/// Bumped whenever segmentation or extraction changes, so stored analyses are redone.
pub const TEXT_LAYER_VERSION: i64 = 1;

/// A claim: a sentence or self-contained clause.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: String,
    pub ordinal: usize,
    pub start: usize,
    pub end: usize,
    pub role: Role,
}

/// The text layer's result for one document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub claims: Vec<Claim>,
    /// Items with the index (in `claims`) of the claim that holds their start, if any.
    pub items: Vec<(Option<usize>, Item)>,
}

/// The stable id of a claim: the first 16 hex digits of SHA-256 over the document hash and span.
pub fn claim_id(doc_sha256: &str, start: usize, end: usize) -> String {
    let h = Sha256::digest(format!("{doc_sha256}:{start}:{end}").as_bytes());
    crate::ingest::hex(&h[..8])
}

/// Segments and extracts one document.
pub fn analyze(doc_sha256: &str, text: &str, lang: &str) -> Analysis {
    let n = Normalized::new(text);
    let claims: Vec<Claim> = segment::segment(text)
        .into_iter()
        .enumerate()
        .map(|(i, s)| Claim {
            id: claim_id(doc_sha256, s.start, s.end),
            ordinal: i,
            start: s.start,
            end: s.end,
            role: s.role,
        })
        .collect();
    let items = extract::cues::extract(text, &n, lang);
    let items = items
        .into_iter()
        .map(|it| {
            let idx = claims.partition_point(|c| c.end <= it.start);
            let holder = (idx < claims.len() && claims[idx].start <= it.start).then_some(idx);
            (holder, it)
        })
        .collect();
    Analysis { claims, items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Any text, in any script, is analysed without a panic, and every span lies inside it.
        #[test]
        fn analysis_never_panics_and_spans_stay_inside(
            s in "(\\PC|[\n،؛.«»\"“”:(),0-9]|قال |selon |بحسب |aurait |09 الجزائر 948|http://a.b/c ){0,120}",
            lang in prop::sample::select(vec!["ar", "fr", "en", "other"]),
        ) {
            let n = s.chars().count();
            let a = analyze("00", &s, lang);
            for c in &a.claims {
                prop_assert!(c.start < c.end && c.end <= n);
            }
            for w in a.claims.windows(2) {
                prop_assert!(w[0].end <= w[1].start);
            }
            for (_, it) in &a.items {
                prop_assert!(it.start < it.end && it.end <= n, "{:?}", it);
            }
        }
    }
}
