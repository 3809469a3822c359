//! The command handlers, one file each, and what they share: opening the database, running the
//! stages that are due (with the stored parameters unless others are given, saying so on stderr),
//! progress bars on stderr, and printing to stdout.

pub mod align;
pub mod chain;
pub mod check;
pub mod claims;
pub mod diverge;
pub mod docs;
pub mod dupes;
pub mod eval;
pub mod facts;
pub mod ingest;
pub mod run;

pub(crate) use crate::cli::{self, Cli, InputArgs, EXIT_INPUT_FAILED, EXIT_OK};
pub(crate) use claimtrail::ingest::{self as ingest_stage, IngestOptions, IngestReport, Outcome};
pub(crate) use claimtrail::report::{self, Format};
pub(crate) use claimtrail::store::Store;
pub(crate) use claimtrail::Error;
pub(crate) use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
pub(crate) use std::io::Write;

/// A progress bar on stderr (hidden when stderr is not a terminal) with this template.
pub(crate) fn progress(template: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Fails with a clear message when there is no document with id `d`.
pub(crate) fn ensure_document(store: &Store, d: i64) -> Result<(), Error> {
    if store.document(d).is_err() {
        return Err(Error::Other(format!(
            "no document with id {d}; see `claimtrail docs`"
        )));
    }
    Ok(())
}

/// The render options from the global flags (width, colour, bidi, `--full`). They reach only the
/// printers, never what is stored.
pub(crate) fn render_options(cli: &Cli) -> report::RenderOptions {
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

pub(crate) fn open(cli: &Cli, create: bool) -> Result<Store, Error> {
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

pub(crate) fn run_ingest(store: &mut Store, input: &InputArgs) -> Result<IngestReport, Error> {
    let opts = IngestOptions {
        manifest: input.manifest.clone(),
        max_bytes: input.max_bytes,
        strict: input.strict,
        lossy: input.lossy,
    };
    let bar = progress("{spinner} ingest {pos}/{len} {wide_msg}");
    let report = ingest_stage::ingest(store, &input.paths, &opts, &bar)?;
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

/// The text layer and the duplicate passages, for the documents not done yet. `asked`: the
/// dedup parameters given on the command line (`run`); read commands pass `None` and the stored
/// parameters are used.
pub(crate) fn run_stages(
    store: &mut Store,
    asked: Option<claimtrail::dedup::DedupParams>,
) -> Result<(), Error> {
    let (params, source) = claimtrail::pipeline::dedup_params(store, asked)?;
    let params = &params;
    if store.read_only() {
        // Nothing can be stored; the command says whether what is stored is up to date
        // (`read_only_note`), with the parameters it was asked for.
        return Ok(());
    }
    let bar = progress("{spinner} text layer {pos}/{len}");
    let s = claimtrail::pipeline::run_text_layer(store, &bar)?;
    bar.finish_and_clear();
    if s.documents > 0 {
        eprintln!(
            "claimtrail: text layer: {} document(s), {} claims, {} items, {} inconsistencies",
            s.documents, s.claims, s.items, s.inconsistencies
        );
    }
    for w in &s.warnings {
        eprintln!("claimtrail: warning: {}", claimtrail::report::neutralise(w));
    }
    let bar = progress("{spinner} duplicate passages {pos}/{len}");
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
pub(crate) fn claim_pages(
    store: &Store,
    claim: &str,
    o: &report::RenderOptions,
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
        report::truncate(o, &c.text, 200)
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
            report::truncate(o, other_text, 200)
        ));
    }
    header.push('\n');
    Ok((docs, header))
}

/// One document id (pairs touching it) or two (pairs between them), checked to exist.
pub(crate) type DocSelection = (Option<i64>, Option<(i64, i64)>);

pub(crate) fn doc_selection(store: &Store, docs: &[i64]) -> Result<DocSelection, Error> {
    for d in docs {
        ensure_document(store, *d)?;
    }
    Ok(match docs {
        [a] => (Some(*a), None),
        [a, b] => (None, Some((*a, *b))),
        _ => (None, None),
    })
}

/// The corpus stages (alignment, divergences, chain, cross-page checks), redone only when the
/// documents, the versions or the parameters changed. `asked`: the parameters given on the command
/// line, if any; otherwise the stored ones. Returns the parameters the stored findings were made
/// with, and says on stderr what it did and with which parameters.
/// On a read-only database, says on stderr whether its stored findings are what a run with these
/// align parameters (`None`: the stored ones) would store; nothing otherwise. Called once per
/// command: by `run_corpus_stages`, or by the commands that run only the per-page stages.
pub(crate) fn read_only_note(
    store: &Store,
    params: Option<&claimtrail::align::Params>,
) -> Result<(), Error> {
    if !store.read_only() {
        return Ok(());
    }
    let stored;
    let params = match params {
        Some(p) => p,
        None => {
            stored = claimtrail::pipeline::align_params(store, None)?.0;
            &stored
        }
    };
    let (dedup, _) = claimtrail::pipeline::dedup_params(store, None)?;
    let note = match claimtrail::pipeline::stale(store, &dedup, params)? {
        Some(why) => format!(
            "warning: database {} is read-only: its findings are shown as stored, and they are \
             out of date ({why}); run claimtrail on a writable copy to bring them up to date",
            store.path().display()
        ),
        None => format!(
            "note: database {} is read-only; its stored findings are up to date",
            store.path().display()
        ),
    };
    eprintln!("claimtrail: {note}");
    Ok(())
}

pub(crate) fn run_corpus_stages(
    store: &mut Store,
    asked: Option<claimtrail::align::Params>,
) -> Result<claimtrail::align::Params, Error> {
    use claimtrail::pipeline::{ParamSource, RunReason};
    let (params, source) = claimtrail::pipeline::align_params(store, asked)?;
    if store.read_only() {
        read_only_note(store, Some(&params))?;
        return Ok(params);
    }
    let bar = progress("{spinner} aligning claims");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let a = claimtrail::pipeline::run_align(store, &params)?;
    bar.finish_and_clear();
    for w in &a.warnings {
        eprintln!("claimtrail: warning: {}", claimtrail::report::neutralise(w));
    }
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

pub(crate) fn exit_for(report: &IngestReport) -> u8 {
    if report.failures.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT_FAILED
    }
}

pub(crate) fn json(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

pub(crate) fn print(s: &str) -> Result<(), Error> {
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
