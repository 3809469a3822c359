//! `claimtrail docs`: the stored documents.

use super::*;
use crate::cli::FormatArg;

/// Runs `claimtrail docs`; returns the exit status.
pub fn run(cli: &Cli, args: &FormatArg) -> Result<u8, Error> {
    let store = open(cli, false)?;
    print(&report::documents::render(
        &store.documents()?,
        args.format,
        &render_options(cli),
    ))?;
    Ok(EXIT_OK)
}
