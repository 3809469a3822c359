//! `claimtrail claims`: claims with their dates, numbers, names and cues.

use super::*;
use crate::cli::ClaimsArgs;

/// Runs `claimtrail claims`; returns the exit status.
pub fn run(cli: &Cli, args: &ClaimsArgs) -> Result<u8, Error> {
    let mut store = open(cli, false)?;
    run_stages(&mut store, None)?;
    read_only_note(&store, None)?;
    if let Some(d) = args.doc {
        ensure_document(&store, d)?;
    }
    let claims = store.claims(args.doc)?;
    let items = store.items(args.doc)?;
    print(&report::claims::render(
        &claims,
        &items,
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(EXIT_OK)
}
