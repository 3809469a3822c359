//! Text layer: normalisation with offset maps, tokens and stems, claim segmentation, and extraction
//! of dates, numbers, names and sourcing cues.

pub mod normalize;
pub mod tokens;

pub use normalize::{normalize, Normalized};
