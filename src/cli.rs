//! Command-line definitions: one ordered list of subcommands and flags. Handlers live in main.rs and
//! call the library; nothing here does work.

use claimtrail::report::Format;
use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit status: everything succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit status: the run finished but some inputs failed (they are listed on stderr).
pub const EXIT_INPUT_FAILED: u8 = 1;
/// Exit status: the run could not be done (bad flags, bad database, bad manifest or gold file).
pub const EXIT_FATAL: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "claimtrail",
    version,
    about = "Audit how a story travelled: store pages, find duplicate passages, align claims \
             across Arabic, French and English, flag divergences, record the sourcing chain."
)]
pub struct Cli {
    /// SQLite database file (created when missing).
    #[arg(
        long,
        global = true,
        env = "CLAIMTRAIL_DB",
        default_value = "claimtrail.db"
    )]
    pub db: PathBuf,

    /// Table width in columns (default: the terminal's, else 120).
    #[arg(long, global = true)]
    pub width: Option<u16>,
    /// Colour in tables: auto (only on a terminal, and not when NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Put right-to-left text in visual order, for terminals that do not apply the Unicode
    /// bidirectional algorithm (by default each cell is isolated and the terminal orders it).
    #[arg(long, global = true)]
    pub bidi: bool,
    /// Show long texts whole instead of cutting them.
    #[arg(long, global = true)]
    pub full: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Store pages (files, folders, manifest) in the database.
    Ingest(IngestArgs),
    /// The main job: ingest PATH... and print the report.
    Run(RunArgs),
    /// List the stored documents.
    Docs(FormatArg),
    /// List claims (sentences and clauses) with their dates, numbers, names and cues.
    Claims(ClaimsArgs),
    /// List duplicate passages (inside one page and across pages) with their families.
    Dupes(DupesArgs),
    /// List aligned claims across pages and languages, each with the reasons of the match.
    Align(AlignArgs),
    /// List divergences between aligned claims (dates, numbers, names, attribution, hedging...).
    Diverge(DivergeArgs),
    /// The story as a table of facts: each fact the pages share, with every figure and date they
    /// give for it and which pages give it, when (different values first).
    Facts(FactsArgs),
    /// The sourcing chain: typed edges (translation, repost, adaptation, quotation, shared source)
    /// with evidence and confidence, for all pages, one page (DOC id) or one claim (CLAIM id).
    Chain(ChainArgs),
    /// List inconsistencies inside pages (a weekday that does not fit its date, an impossible date).
    Check(ClaimsArgs),
    /// Score the database's findings against a gold file (see samples/seeds.gold.jsonl).
    Eval(EvalArgs),
}

/// When to colour tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Sections of the `run` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    Summary,
    Docs,
    Dupes,
    Facts,
    Stories,
    Align,
    Diverge,
    Check,
    Chain,
}

#[derive(Args, Debug)]
pub struct InputArgs {
    /// Files or folders (walked recursively for .txt, .md, .html, .htm).
    #[arg(required_unless_present = "manifest")]
    pub paths: Vec<PathBuf>,
    /// Manifest (CSV or JSON) with file, outlet, url, published, language, kind, title. Without
    /// it, a folder's own manifest.csv or manifest.json is used.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Store nothing unless every input succeeds.
    #[arg(long)]
    pub strict: bool,
    /// Refuse files larger than this many bytes.
    #[arg(long, default_value_t = claimtrail::ingest::DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Keep a page that has undecodable bytes: each bad sequence becomes U+FFFD and its place is
    /// recorded (`docs --format json`: replaced_bytes); by default such a page is refused.
    #[arg(long)]
    pub lossy: bool,
}

#[derive(Args, Debug)]
#[command(
    override_usage = "claimtrail ingest [OPTIONS] <PATHS>...\n       claimtrail ingest [OPTIONS] --manifest <MANIFEST> [PATHS]..."
)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
#[command(
    override_usage = "claimtrail run [OPTIONS] <PATHS>...\n       claimtrail run [OPTIONS] --manifest <MANIFEST> [PATHS]..."
)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Shortest duplicate passage to report, in characters (each side).
    #[arg(long, default_value_t = claimtrail::dedup::DedupParams::default().min_chars)]
    pub min_chars: usize,
    /// Align every candidate page pair for duplicate passages. By default a page is paired with
    /// the source of each passage (the page sharing most, earliest first), and copies of one text
    /// are linked through their family: ten reposts of an article give ten pairs, not 55.
    /// Applies to the pages compared in this run.
    #[arg(long)]
    pub all_pairs: bool,
    #[command(flatten)]
    pub align: AlignParamArgs,
    /// Only these sections of the report (comma-separated): summary, docs, dupes, facts, stories,
    /// align, diverge, check, chain. Default: all but the claim-by-claim stories and the detailed align
    /// and diverge lists (JSON: all).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub only: Vec<Section>,
    /// At most this many rows per listing in the table report, the most telling first (longest
    /// passages, most confident findings); each cut listing says how many it holds and which
    /// command lists them all. 0: every row. JSON and CSV always hold every row.
    #[arg(long, default_value_t = 40)]
    pub rows: usize,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct DupesArgs {
    /// Only the pairs that touch this document id.
    #[arg(long)]
    pub doc: Option<i64>,
    /// Only passages of at least this many characters on each side (detection itself uses the
    /// `run --min-chars` value, default 80).
    #[arg(long, default_value_t = 0)]
    pub min_chars: usize,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct AlignParamArgs {
    /// Probability an aligned pair needs (0-1, the calibrated P(same claim); default 0.4). `run` uses the value given or the
    /// default; `align` and `diverge` recompute only when it is given and differs from the stored
    /// run's, and otherwise show what the last run stored.
    #[arg(long)]
    pub min_score: Option<f64>,
    /// Score needed when a pair is the only aligned claim between its two documents (default
    /// 0.8; never below --min-score).
    #[arg(long)]
    pub single_score: Option<f64>,
    /// Probability an aligned pair needs before its divergences are looked for (default 0.8):
    /// below it, the two claims are too often not about the same fact.
    #[arg(long)]
    pub diverge_min_probability: Option<f64>,
}

impl AlignParamArgs {
    /// The parameters asked for, when either flag is given (the other from the defaults).
    pub fn asked(&self) -> Option<claimtrail::align::Params> {
        (self.min_score.is_some()
            || self.single_score.is_some()
            || self.diverge_min_probability.is_some())
        .then(|| self.or_default())
    }

    /// The parameters asked for, the defaults filling in what is not given.
    pub fn or_default(&self) -> claimtrail::align::Params {
        let d = claimtrail::align::Params::default();
        let min_score = self.min_score.unwrap_or(d.min_score);
        claimtrail::align::Params {
            min_score,
            single: self.single_score.unwrap_or(d.single).max(min_score),
            diverge_min: self.diverge_min_probability.unwrap_or(d.diverge_min),
            ..d
        }
    }
}

#[derive(Args, Debug)]
pub struct AlignArgs {
    /// Two document ids: only the pairs between them; one: the pairs that touch it.
    #[arg(num_args = 0..=2)]
    pub docs: Vec<i64>,
    #[command(flatten)]
    pub params: AlignParamArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

/// A divergence type given to `--type`, checked against the one list of names.
fn divergence_kind(s: &str) -> Result<claimtrail::model::DivergenceKind, String> {
    claimtrail::model::DivergenceKind::from_name(s).ok_or_else(|| {
        format!(
            "unknown divergence type; expected one of {}",
            claimtrail::model::DivergenceKind::NAMES.join(", ")
        )
    })
}

#[derive(Args, Debug)]
pub struct DivergeArgs {
    /// Two document ids: only the divergences between them; one: those that touch it.
    #[arg(num_args = 0..=2)]
    pub docs: Vec<i64>,
    /// Only this type of divergence.
    #[arg(long = "type", value_parser = clap::builder::PossibleValuesParser::new(
        claimtrail::model::DivergenceKind::NAMES
    ).try_map(|s| divergence_kind(&s)))]
    pub kind: Option<claimtrail::model::DivergenceKind>,
    /// Every divergence found, also those below the confidence shown by default (0.5).
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub params: AlignParamArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct FactsArgs {
    #[command(flatten)]
    pub params: AlignParamArgs,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct ChainArgs {
    /// A document id (its part of the graph) or a claim id (the pages that carry the claim).
    pub target: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = claimtrail::report::chain::ChainFormat::Tree)]
    pub format: claimtrail::report::chain::ChainFormat,
}

#[derive(Args, Debug)]
pub struct ClaimsArgs {
    /// A document id (see `claimtrail docs`); all documents when absent.
    pub doc: Option<i64>,
    #[command(flatten)]
    pub format: FormatArg,
}

#[derive(Args, Debug)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Table,
    Json,
    Csv,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold file (JSON Lines, format in eval/FORMAT.md).
    pub gold: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
    pub format: EvalFormat,
    /// List every gold item (matched or not, by which prediction) and every false positive.
    #[arg(long)]
    pub explain: bool,
}
