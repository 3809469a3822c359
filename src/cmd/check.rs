//! `claimtrail check`: inconsistencies inside pages and across them.

use super::*;
use crate::cli::ClaimsArgs;

/// Runs `claimtrail check`; returns the exit status.
pub fn run(cli: &Cli, args: &ClaimsArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    read_only_note(&store, None)?;
    if let Some(d) = args.doc {
        ensure_document(&store, d)?;
    }
    let rows = store.inconsistencies(args.doc)?;
    print(&report::check::render(
        &rows,
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(EXIT_OK)
}
