//! `claimtrail diverge`: divergences between aligned claims.

use super::*;
use crate::cli::DivergeArgs;
use clap::ValueEnum;

/// Runs `claimtrail diverge`; returns the exit status.
pub fn run(cli: &Cli, args: &DivergeArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    run_corpus_stages(&mut store, args.params.asked())?;
    let (doc, pair) = doc_selection(&store, &args.docs)?;
    let kind = args
        .kind
        .and_then(|k| k.to_possible_value())
        .map(|v| v.get_name().to_string());
    let rows = store.divergences(doc, pair, kind.as_deref())?;
    print(&report::diverge::render(&rows, args.format.format))?;
    Ok(EXIT_OK)
}
