//! `claimtrail eval`: scores the stored findings against a gold file.

use super::*;
use crate::cli::{EvalArgs, EvalFormat};

/// Runs `claimtrail eval`; returns the exit status.
pub fn run(cli: &Cli, args: &EvalArgs) -> Result<u8, Error> {
    let store = open(cli, false)?;
    let result = claimtrail::eval::evaluate(&store, &args.gold)?;
    let out = match (args.format, args.explain) {
        (EvalFormat::Json, false) => json(&result.to_json()),
        (EvalFormat::Json, true) => json(&result.explain_json()),
        (EvalFormat::Table, false) => result.to_table(),
        (EvalFormat::Table, true) => format!("{}\n{}", result.to_table(), result.explain()),
        (EvalFormat::Csv, false) => result.to_csv(),
        (EvalFormat::Csv, true) => {
            return Err(claimtrail::Error::Other(
                "--explain lists items of several shapes: use --format table or json with it"
                    .to_string(),
            ))
        }
    };
    print(&out)?;
    Ok(EXIT_OK)
}
