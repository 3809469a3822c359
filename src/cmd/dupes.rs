//! `claimtrail dupes`: duplicate passages inside one page and across pages.

use super::*;
use crate::cli::DupesArgs;

/// Runs `claimtrail dupes`; returns the exit status.
pub fn run(cli: &Cli, args: &DupesArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    read_only_note(&store, None)?;
    let rows = store.duplicates(args.doc, args.min_chars)?;
    print(&report::dupes::render(
        &rows,
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(EXIT_OK)
}
