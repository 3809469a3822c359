//! `claimtrail run`: the main job: ingest, every stage, and one report with a section each.

use super::*;
use crate::cli::RunArgs;

/// Runs `claimtrail run`; returns the exit status.
pub fn run(cli: &Cli, args: &RunArgs) -> Result<u8, Error> {
    let mut store = open(cli, true)?;
    let report = run_ingest(&mut store, &args.input)?;
    let params = claimtrail::dedup::DedupParams {
        min_chars: args.min_chars,
        all_pairs: args.all_pairs,
        ..Default::default()
    };
    run_stages(&mut store, Some(params))?;
    let params = run_corpus_stages(&mut store, Some(args.align.or_default()))?;
    let json = args.format.format != Format::Table;
    let only = |s: cli::Section| {
        if args.only.is_empty() {
            json || !matches!(
                s,
                cli::Section::Align | cli::Section::Diverge | cli::Section::Stories
            )
        } else {
            args.only.contains(&s)
        }
    };
    let sections = report::run::Sections {
        summary: only(cli::Section::Summary),
        docs: only(cli::Section::Docs),
        dupes: only(cli::Section::Dupes),
        align: only(cli::Section::Align),
        diverge: only(cli::Section::Diverge),
        check: only(cli::Section::Check),
        chain: only(cli::Section::Chain),
        stories: only(cli::Section::Stories),
        facts: only(cli::Section::Facts),
    };
    let explained = json || sections.align || sections.stories;
    let data = report::run::RunData::load(&store, params.diverge_min, explained)?;
    let r = data.report(sections, args.rows);
    print(&report::run::render(
        &r,
        args.format.format,
        &render_options(cli),
    ))?;
    Ok(exit_for(&report))
}
