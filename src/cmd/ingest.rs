//! `claimtrail ingest`: store pages (files, folders, a manifest) and list what became of each.

use super::*;
use crate::cli::IngestArgs;

/// Runs `claimtrail ingest`; returns the exit status.
pub fn run(cli: &Cli, args: &IngestArgs) -> Result<u8, Error> {
    let mut store = open(cli, true)?;
    let report = run_ingest(&mut store, &args.input)?;
    print(&report::ingest::render(
        &report,
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(exit_for(&report))
}
