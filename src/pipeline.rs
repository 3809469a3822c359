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
