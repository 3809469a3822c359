//! The `claimtrail` binary: parses flags and hands each subcommand to its handler in `cmd/`. No
//! work is done here.

mod cli;
mod cmd;

use clap::Parser;
use cli::{Cli, Command, EXIT_FATAL};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Ingest(args) => cmd::ingest::run(&cli, args),
        Command::Run(args) => cmd::run::run(&cli, args),
        Command::Docs(args) => cmd::docs::run(&cli, args),
        Command::Claims(args) => cmd::claims::run(&cli, args),
        Command::Check(args) => cmd::check::run(&cli, args),
        Command::Align(args) => cmd::align::run(&cli, args),
        Command::Diverge(args) => cmd::diverge::run(&cli, args),
        Command::Facts(args) => cmd::facts::run(&cli, args),
        Command::Chain(args) => cmd::chain::run(&cli, args),
        Command::Dupes(args) => cmd::dupes::run(&cli, args),
        Command::Eval(args) => cmd::eval::run(&cli, args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("claimtrail: error: {e}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}
