//! `claimtrail facts`: the story as a table of facts.

use super::*;
use crate::cli::FactsArgs;

/// Runs `claimtrail facts`; returns the exit status.
pub fn run(cli: &Cli, args: &FactsArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    let params = run_corpus_stages(&mut store, args.params.asked())?;
    let docs = store.documents()?;
    let alignments = store.alignment_links()?;
    let items = store.aligned_items()?;
    let divergences = store.divergences(None, None, None, 0.0)?;
    let facts = report::facts::facts(&docs, &alignments, &items, &divergences, params.diverge_min);
    print(&report::facts::render(
        &docs,
        &facts,
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(EXIT_OK)
}
