//! claimtrail: audit how a story travelled.
//!
//! Pipeline stages, one module each: [`ingest`] (files, manifests, decoding, HTML extraction,
//! language) -> [`store`] (SQLite) -> [`eval`] (scores findings against gold files) -> [`report`]
//! (tables, JSON, CSV). See `ARCHITECTURE.md` for the map.

pub mod align;
pub mod chain;
pub mod check;
pub mod dedup;
pub mod diverge;
pub mod error;
pub mod eval;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod store;
pub mod text;

pub use error::{Error, Result};

/// The version tag carried by every JSON object claimtrail prints.
pub const JSON_SCHEMA: &str = "claimtrail/1";
