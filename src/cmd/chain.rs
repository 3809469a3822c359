//! `claimtrail chain`: the sourcing chain of all pages, one page or one claim.

use super::*;
use crate::cli::ChainArgs;

/// Runs `claimtrail chain`; returns the exit status.
pub fn run(cli: &Cli, args: &ChainArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    run_corpus_stages(&mut store, None)?;
    let edges = store.edges(None)?;
    let externals = store.external_sources()?;
    let (selected, header) = match args.target.as_deref() {
        None => (edges, String::new()),
        Some(t) if t.parse::<i64>().is_ok() => {
            let d: i64 = t.parse().unwrap_or(0);
            doc_selection(&store, &[d])?;
            let set = [d].into_iter().collect();
            (report::chain::component(&edges, &set), String::new())
        }
        Some(claim) => {
            let (docs, header) = claim_pages(&store, claim, &render_options(cli))?;
            (report::chain::for_pages(&edges, &docs), header)
        }
    };
    let body = report::chain::render(&selected, &externals, args.format, &render_options(cli));
    let human = matches!(
        args.format,
        report::chain::ChainFormat::Tree | report::chain::ChainFormat::Table
    );
    print(&if human { header + &body } else { body })?;
    Ok(EXIT_OK)
}
