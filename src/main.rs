//! The `claimtrail` binary: parses flags, calls the library, prints. No work is done here.

mod cli;

use claimtrail::ingest::{self, IngestOptions, IngestReport, Outcome};
use claimtrail::report::{self, Format};
use claimtrail::store::Store;
use claimtrail::Error;
use clap::{Parser, ValueEnum};
use cli::{Cli, Command, EvalFormat, InputArgs, EXIT_FATAL, EXIT_INPUT_FAILED, EXIT_OK};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    report::set_options(render_options(&cli));
    match dispatch(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("claimtrail: error: {e}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}

fn dispatch(cli: &Cli) -> Result<u8, Error> {
    match &cli.command {
        Command::Ingest(args) => {
            let mut store = open(cli, true)?;
            let report = run_ingest(&mut store, &args.input)?;
            print(&render_outcomes(&report, args.format.format))?;
            Ok(exit_for(&report))
        }
        Command::Run(args) => {
            let mut store = open(cli, true)?;
            let report = run_ingest(&mut store, &args.input)?;
            let params = claimtrail::dedup::DedupParams {
                min_chars: args.min_chars,
                all_pairs: args.all_pairs,
                ..Default::default()
            };
            run_stages(&mut store, Some(params))?;
            run_corpus_stages(&mut store, Some(args.align.or_default()))?;
            let docs = store.documents()?;
            let dupes = store.duplicates(None, 0)?;
            let alignments = store.alignments(None, None, 0.0)?;
            let divergences = store.divergences(None, None, None)?;
            let inconsistencies = store.inconsistencies(None)?;
            let edges = store.edges(None)?;
            let externals = store.external_sources()?;
            let json = args.format.format != Format::Table;
            let only = |s: cli::Section| {
                if args.only.is_empty() {
                    json || !matches!(s, cli::Section::Align | cli::Section::Diverge)
                } else {
                    args.only.contains(&s)
                }
            };
            let r = report::run::RunReport {
                sections: report::run::Sections {
                    docs: only(cli::Section::Docs),
                    dupes: only(cli::Section::Dupes),
                    align: only(cli::Section::Align),
                    diverge: only(cli::Section::Diverge),
                    check: only(cli::Section::Check),
                    chain: only(cli::Section::Chain),
                    stories: only(cli::Section::Stories),
                },
                docs: &docs,
                dupes: &dupes,
                alignments: &alignments,
                divergences: &divergences,
                inconsistencies: &inconsistencies,
                edges: &edges,
                externals: &externals,
            };
            print(&report::run::render(&r, args.format.format))?;
            Ok(exit_for(&report))
        }
        Command::Docs(f) => {
            let store = open(cli, false)?;
            print(&report::documents::render(&store.documents()?, f.format))?;
            Ok(EXIT_OK)
        }
        Command::Claims(args) => {
            let mut store = open(cli, false)?;
            run_stages(&mut store, None)?;
            if let Some(d) = args.doc {
                if store.document(d).is_err() {
                    return Err(Error::Other(format!(
                        "no document with id {d}; see `claimtrail docs`"
                    )));
                }
            }
            let claims = store.claims(args.doc)?;
            let items = store.items(args.doc)?;
            print(&report::claims::render(&claims, &items, args.format.format))?;
            Ok(EXIT_OK)
        }
        Command::Check(args) => {
            let mut store = open(cli, false)?;
            run_stages(&mut store, None)?;
            if let Some(d) = args.doc {
                if store.document(d).is_err() {
                    return Err(Error::Other(format!(
                        "no document with id {d}; see `claimtrail docs`"
                    )));
                }
            }
            let rows = store.inconsistencies(args.doc)?;
            print(&report::check::render(&rows, args.format.format))?;
            Ok(EXIT_OK)
        }
        Command::Align(args) => {
            let mut store = open(cli, false)?;
            run_stages(&mut store, None)?;
            let params = run_corpus_stages(&mut store, args.params.asked())?;
            let (doc, pair) = doc_selection(&store, &args.docs)?;
            let rows = store.alignments(doc, pair, params.min_score)?;
            print(&report::align::render(&rows, args.format.format))?;
            Ok(EXIT_OK)
        }
        Command::Diverge(args) => {
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
        Command::Chain(args) => {
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
                    let (docs, header) = claim_pages(&store, claim)?;
                    (report::chain::for_pages(&edges, &docs), header)
                }
            };
            let body = report::chain::render(&selected, &externals, args.format);
            let human = matches!(
                args.format,
                report::chain::ChainFormat::Tree | report::chain::ChainFormat::Table
            );
            print(&if human { header + &body } else { body })?;
            Ok(EXIT_OK)
        }
        Command::Dupes(args) => {
            let mut store = open(cli, false)?;
            run_stages(&mut store, None)?;
            let rows = store.duplicates(args.doc, args.min_chars)?;
            print(&report::dupes::render(&rows, args.format.format))?;
            Ok(EXIT_OK)
        }
        Command::Eval(args) => {
            let store = open(cli, false)?;
            let result = claimtrail::eval::evaluate(&store, &args.gold)?;
            let out = match (args.format, args.explain) {
                (EvalFormat::Json, false) => json(&result.to_json()),
                (EvalFormat::Json, true) => json(&result.explain_json()),
                (EvalFormat::Table, false) => result.to_table(),
                (EvalFormat::Table, true) => format!("{}\n{}", result.to_table(), result.explain()),
                (EvalFormat::Csv, false) => result.to_csv(),
                (EvalFormat::Csv, true) => return Err(claimtrail::Error::Other(
                    "--explain lists items of several shapes: use --format table or json with it"
                        .to_string(),
                )),
            };
            print(&out)?;
            Ok(EXIT_OK)
        }
    }
}

fn render_options(cli: &Cli) -> report::RenderOptions {
    use std::io::IsTerminal;
    let tty = std::io::stdout().is_terminal();
    let color = match cli.color {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = cli.width.unwrap_or_else(|| {
        if tty {
            comfy_table::Table::new().width().unwrap_or(120)
        } else {
            120
        }
    });
    report::RenderOptions {
        width: width.max(40),
        color,
        visual_bidi: cli.bidi,
        full: cli.full,
    }
}

fn open(cli: &Cli, create: bool) -> Result<Store, Error> {
    let store = if create {
        Store::open(&cli.db)?
    } else {
        Store::open_existing(&cli.db)?
    };
    if let Some(old) = store.upgraded_from() {
        eprintln!(
            "claimtrail: upgraded database {} from schema version {old} to {}",
            cli.db.display(),
            claimtrail::store::schema_version()
        );
    }
    Ok(store)
}

fn run_ingest(store: &mut Store, input: &InputArgs) -> Result<IngestReport, Error> {
    let opts = IngestOptions {
        manifest: input.manifest.clone(),
        max_bytes: input.max_bytes,
        strict: input.strict,
    };
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} ingest {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = ingest::ingest(store, &input.paths, &opts, &bar)?;
    bar.finish_and_clear();
    for n in &report.notices {
        eprintln!("claimtrail: note: {n}");
    }
    for f in &report.failures {
        eprintln!("claimtrail: error: {f}");
    }
    let unchanged = report
        .outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Unchanged { .. }))
        .count();
    let updated = report
        .outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Updated { .. }))
        .count();
    if report.rolled_back {
        eprintln!(
            "claimtrail: --strict: {} input(s) failed, nothing was stored",
            report.failures.len()
        );
    } else {
        eprintln!(
            "claimtrail: {} stored, {} already stored (nothing added), {} updated from the manifest, {} failed",
            report.stored(),
            unchanged,
            updated,
            report.failures.len()
        );
    }
    Ok(report)
}

/// Runs the stages after ingest on whatever they have not processed yet.
/// The text layer and the duplicate passages, for the documents not done yet. `asked`: the
/// dedup parameters given on the command line (`run`); read commands pass `None` and the stored
/// parameters are used.
fn run_stages(
    store: &mut Store,
    asked: Option<claimtrail::dedup::DedupParams>,
) -> Result<(), Error> {
    let (params, source) = claimtrail::pipeline::dedup_params(store, asked)?;
    let params = &params;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} text layer {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let s = claimtrail::pipeline::run_text_layer(store, &bar)?;
    bar.finish_and_clear();
    if s.documents > 0 {
        eprintln!(
            "claimtrail: text layer: {} document(s), {} claims, {} items, {} inconsistencies",
            s.documents, s.claims, s.items, s.inconsistencies
        );
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} duplicate passages {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let d = claimtrail::pipeline::run_dedup(store, params, &bar)?;
    bar.finish_and_clear();
    if let Some(reason) = d.redo {
        eprintln!(
            "claimtrail: note: duplicate passages compared again on every page ({}), with {} (min-chars {}{})",
            reason.describe(),
            source.describe(),
            params.min_chars,
            if params.all_pairs { ", all pairs" } else { "" }
        );
    }
    if d.documents > 0 {
        eprintln!(
            "claimtrail: duplicate passages: {} document(s), {} pairs in {} families",
            d.documents, d.duplicate_pairs, d.families
        );
    }
    Ok(())
}

/// The pages that carry a claim (its own and those of the claims aligned with it), and a header
/// listing each version of the claim.
fn claim_pages(
    store: &Store,
    claim: &str,
) -> Result<(std::collections::BTreeSet<i64>, String), Error> {
    let claims = store.claims(None)?;
    let Some(c) = claims.iter().find(|c| c.id == claim) else {
        return Err(Error::Other(format!(
            "no document or claim with id {claim}; see `claimtrail docs` and `claimtrail claims`"
        )));
    };
    let mut docs = std::collections::BTreeSet::new();
    docs.insert(c.doc_id);
    let mut header = format!(
        "Claim {claim} (document {}):
  {}
",
        c.doc_id,
        report::truncate(&c.text, 200)
    );
    for a in store.alignments(Some(c.doc_id), None, 0.0)? {
        let (other_doc, other_text) = if a.claim_a == claim {
            (a.doc_b, &a.b_text)
        } else if a.claim_b == claim {
            (a.doc_a, &a.a_text)
        } else {
            continue;
        };
        docs.insert(other_doc);
        header.push_str(&format!(
            "  in document {other_doc} (score {:.2}): {}
",
            a.score,
            report::truncate(other_text, 200)
        ));
    }
    header.push('\n');
    Ok((docs, header))
}

/// One document id (pairs touching it) or two (pairs between them), checked to exist.
type DocSelection = (Option<i64>, Option<(i64, i64)>);

fn doc_selection(store: &Store, docs: &[i64]) -> Result<DocSelection, Error> {
    for d in docs {
        if store.document(*d).is_err() {
            return Err(Error::Other(format!(
                "no document with id {d}; see `claimtrail docs`"
            )));
        }
    }
    Ok(match docs {
        [a] => (Some(*a), None),
        [a, b] => (None, Some((*a, *b))),
        _ => (None, None),
    })
}

/// The corpus-wide stages (align), redone only when the documents or parameters changed.
/// The corpus stages (alignment, divergences, chain, cross-page checks), redone only when the
/// documents, the versions or the parameters changed. `asked`: the parameters given on the command
/// line, if any; otherwise the stored ones. Returns the parameters the stored findings were made
/// with, and says on stderr what it did and with which parameters.
fn run_corpus_stages(
    store: &mut Store,
    asked: Option<claimtrail::align::Params>,
) -> Result<claimtrail::align::Params, Error> {
    use claimtrail::pipeline::{ParamSource, RunReason};
    let (params, source) = claimtrail::pipeline::align_params(store, asked)?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} aligning claims")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let a = claimtrail::pipeline::run_align(store, &params)?;
    bar.finish_and_clear();
    let values = format!(
        "min-score {}, single-score {}",
        params.min_score, params.single
    );
    match a.reason {
        Some(reason) => {
            if source != ParamSource::Asked || reason != RunReason::FirstRun {
                eprintln!(
                    "claimtrail: note: alignment, divergences and sourcing chain recomputed ({}), with {} ({values})",
                    reason.describe(),
                    source.describe()
                );
            }
            eprintln!(
                "claimtrail: alignment: {} claims, {} of {} cross-document pairs scored, {} aligned, {} divergences, {} sourcing edges",
                a.stats.claims, a.stats.pairs_scored, a.stats.cross_document_pairs, a.stats.aligned, a.divergences, a.edges
            );
        }
        None if source == ParamSource::Stored => eprintln!(
            "claimtrail: note: showing the stored findings, made with {values} (`align` or `diverge` with --min-score recomputes)"
        ),
        None => {}
    }
    Ok(params)
}

fn exit_for(report: &IngestReport) -> u8 {
    if report.failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT_FAILED
    }
}

fn render_outcomes(report: &IngestReport, format: Format) -> String {
    let rows: Vec<Vec<String>> = report
        .outcomes
        .iter()
        .map(|o| match o {
            Outcome::Stored {
                id,
                path,
                previous_version,
            } => vec![
                "stored".into(),
                id.to_string(),
                path.display().to_string(),
                previous_version
                    .map(|p| format!("new version of document {p}"))
                    .unwrap_or_default(),
            ],
            Outcome::Unchanged { id, path } => vec![
                "unchanged".into(),
                id.to_string(),
                path.display().to_string(),
                "same bytes already stored; nothing added".into(),
            ],
            Outcome::Updated { id, path, fields } => vec![
                "updated".into(),
                id.to_string(),
                path.display().to_string(),
                format!("manifest changed {}", fields.join(", ")),
            ],
        })
        .chain(
            report
                .failures
                .iter()
                .map(|e| vec!["failed".into(), String::new(), String::new(), e.to_string()]),
        )
        .collect();
    let headers = ["status", "id", "path", "detail"];
    match format {
        Format::Csv => report::to_csv(&headers, &rows),
        Format::Json => {
            let items: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({"status": r[0], "id": r[1].parse::<i64>().ok(), "path": r[2], "detail": r[3]})
                })
                .collect();
            json(
                &serde_json::json!({"schema": claimtrail::JSON_SCHEMA, "ingest": items, "rolled_back": report.rolled_back}),
            )
        }
        Format::Table => {
            let mut t = report::new_table(&headers);
            for r in rows {
                t.add_row(r);
            }
            report::finish(&t)
        }
    }
}

fn json(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

fn print(s: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    let newline: &[u8] = if s.ends_with('\n') { b"" } else { b"\n" };
    match out
        .write_all(s.as_bytes())
        .and_then(|_| out.write_all(newline))
        .and_then(|_| out.flush())
    {
        Ok(()) => Ok(()),
        // A closed pipe (`claimtrail docs | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Other(format!("cannot write to stdout: {e}"))),
    }
}
