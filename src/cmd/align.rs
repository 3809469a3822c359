//! `claimtrail align`: aligned claims across pages and languages, with their reasons.

use super::*;
use crate::cli::AlignArgs;

/// Runs `claimtrail align`; returns the exit status.
pub fn run(cli: &Cli, args: &AlignArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    let params = run_corpus_stages(&mut store, args.params.asked())?;
    let (doc, pair) = doc_selection(&store, &args.docs)?;
    let rows = store.alignments(doc, pair, params.min_score)?;
    print(&report::align::render(
        &rows,
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(EXIT_OK)
}
