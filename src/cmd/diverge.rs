//! `claimtrail diverge`: divergences between aligned claims.

use super::*;
use crate::cli::DivergeArgs;

/// Runs `claimtrail diverge`; returns the exit status.
pub fn run(cli: &Cli, args: &DivergeArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    run_corpus_stages(&mut store, args.params.asked())?;
    let (doc, pair) = doc_selection(&store, &args.docs)?;
    let all = store.divergences(doc, pair, args.kind.map(|k| k.name()), 0.0)?;
    let min = if args.all {
        0.0
    } else {
        claimtrail::diverge::SHOW_CONFIDENCE
    };
    let (rows, hidden): (Vec<_>, Vec<_>) = all.into_iter().partition(|r| r.confidence >= min);
    print(&report::diverge::render(
        &rows,
        hidden.len(),
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(EXIT_OK)
}
