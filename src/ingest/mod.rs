//! Ingest: files, folders and manifests -> stored documents.
//!
//! Input: paths (files or folders, walked recursively for `.txt`, `.md`, `.html`, `.htm`) and
//! optional manifests (a folder's own `manifest.csv` / `manifest.json` is used when no `--manifest`
//! is given). Output: one row per new document in `documents`, keyed by the SHA-256 of its original
//! bytes, and an [`IngestReport`] listing what was stored, what was already there, and what failed.
//!
//! Invariants: each document is written in one transaction (with `strict`, the whole batch is one
//! transaction, rolled back if any input fails); the original bytes and the decoded text are stored
//! verbatim; a file is read only after its size is checked against `max_bytes`, and only one file is
//! held in memory at a time.

pub mod dates;
pub mod decode;
pub mod html;
pub mod language;
pub mod manifest;

use crate::error::{Error, Result};
use crate::store::{Inserted, MetadataUpdate, NewDocument, Store};
use indicatif::ProgressBar;
use manifest::{Manifest, ManifestEntry};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// File extensions ingest reads.
pub const EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// The default size limit for one document: 50 MB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Options of one ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// A manifest given by the user; when `None`, a folder's own `manifest.csv`/`.json` is used.
    pub manifest: Option<PathBuf>,
    /// Files larger than this are refused.
    pub max_bytes: u64,
    /// Store nothing unless every input succeeds.
    pub strict: bool,
    /// Keep a page with undecodable bytes: each bad sequence becomes U+FFFD and its place is
    /// recorded (`replaced_bytes`); the original bytes are stored as always.
    pub lossy: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            manifest: None,
            max_bytes: DEFAULT_MAX_BYTES,
            strict: false,
            lossy: false,
        }
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Stored as a new document; `previous_version` when its URL was stored with other content.
    Stored {
        id: i64,
        path: PathBuf,
        previous_version: Option<i64>,
    },
    /// The same bytes were already stored: nothing added.
    Unchanged { id: i64, path: PathBuf },
    /// Already stored; the manifest changed these metadata fields.
    Updated {
        id: i64,
        path: PathBuf,
        fields: Vec<&'static str>,
    },
}

/// The result of an ingest run.
#[derive(Debug, Default)]
pub struct IngestReport {
    pub outcomes: Vec<Outcome>,
    /// One error per failed input, each naming its file (and manifest line).
    pub failures: Vec<Error>,
    /// Things the user should know that are not failures (a manifest picked up, malformed HTML).
    pub notices: Vec<String>,
    /// True when `strict` rolled the batch back.
    pub rolled_back: bool,
}

impl IngestReport {
    /// The number of new documents stored.
    pub fn stored(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Stored { .. }))
            .count()
    }
}

fn supported(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
        .unwrap_or(false)
}

/// The files to read, in order, after walking folders and reading manifests.
struct Plan {
    files: Vec<PathBuf>,
    manifests: Vec<Manifest>,
}

fn plan(paths: &[PathBuf], opts: &IngestOptions, report: &mut IngestReport) -> Result<Plan> {
    let mut files = Vec::new();
    let mut manifests = Vec::new();
    if let Some(m) = &opts.manifest {
        manifests.push(manifest::read(m)?);
    }
    for path in paths {
        if !path.exists() {
            report
                .failures
                .push(Error::input(path, "no such file or folder"));
            continue;
        }
        if path.is_dir() {
            let mut found = Vec::new();
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() && supported(e.path()) => {
                        found.push(e.path().to_path_buf())
                    }
                    Ok(_) => {}
                    Err(e) => report.failures.push(Error::input(
                        e.path().unwrap_or(path),
                        format!("cannot read folder entry: {e}"),
                    )),
                }
            }
            if found.is_empty() {
                report.failures.push(Error::input(
                    path,
                    "folder has no supported files (.txt, .md, .html, .htm)",
                ));
            }
            files.extend(found);
            if opts.manifest.is_none() {
                for name in ["manifest.csv", "manifest.json"] {
                    let m = path.join(name);
                    if m.is_file() {
                        report
                            .notices
                            .push(format!("{}: using this folder's manifest", m.display()));
                        manifests.push(manifest::read(&m)?);
                        break;
                    }
                }
            }
        } else if supported(path) {
            files.push(path.clone());
        } else {
            report.failures.push(Error::input(
                path,
                "unsupported file type (expected .txt, .md, .html or .htm)",
            ));
        }
    }
    let mut seen = HashSet::new();
    let mut failed_by_manifest = HashSet::new();
    for m in &mut manifests {
        report.failures.append(&mut m.errors);
        failed_by_manifest.extend(m.failed_files.iter().cloned());
        files.extend(m.order.iter().cloned());
    }
    let mut ordered = Vec::new();
    for f in files {
        let key = f.canonicalize().unwrap_or_else(|_| f.clone());
        if failed_by_manifest.contains(&key) || !seen.insert(key) {
            continue;
        }
        ordered.push(f);
    }
    Ok(Plan {
        files: ordered,
        manifests,
    })
}

/// A file read and decoded by the reader thread.
struct Prepared {
    file: PathBuf,
    doc: Result<NewDocument>,
    notices: Vec<String>,
}

fn manifest_entry<'a>(manifests: &'a [Manifest], file: &Path) -> Option<&'a ManifestEntry> {
    let key = file.canonicalize().ok()?;
    manifests.iter().rev().find_map(|m| m.entries.get(&key))
}

/// Ingests `paths` into `store`. Per-file problems are collected in the report; an error is
/// returned only for problems that stop the whole run (an unreadable manifest, the database).
pub fn ingest(
    store: &mut Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
    progress: &ProgressBar,
) -> Result<IngestReport> {
    let mut report = IngestReport::default();
    let plan = plan(paths, opts, &mut report)?;
    progress.set_length(plan.files.len() as u64);
    if opts.strict {
        store
            .conn()
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| store.err(e))?;
    }
    // Reading, decoding and extraction run on a second thread while this one writes to SQLite; the
    // bounded channel keeps at most a few prepared documents in memory.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Prepared>(8);
    let files = plan.files.clone();
    let manifests = std::sync::Arc::new(plan.manifests);
    let reader_manifests = manifests.clone();
    let max_bytes = opts.max_bytes;
    let lossy = opts.lossy;
    let reader = std::thread::spawn(move || {
        for file in files {
            let mut notices = Vec::new();
            let entry = manifest_entry(&reader_manifests, &file);
            let doc = prepare(&file, entry, max_bytes, lossy, &mut notices);
            if tx.send(Prepared { file, doc, notices }).is_err() {
                break;
            }
        }
    });
    let mut fatal = None;
    for prepared in rx.iter() {
        progress.set_message(prepared.file.display().to_string());
        report.notices.extend(prepared.notices);
        let entry = manifest_entry(&manifests, &prepared.file);
        let result = prepared
            .doc
            .and_then(|doc| store_one(store, &prepared.file, entry, doc));
        match result {
            Ok(outcome) => report.outcomes.push(outcome),
            Err(e @ Error::Database { .. }) => {
                fatal = Some(e);
                break;
            }
            Err(e) => report.failures.push(e),
        }
        progress.inc(1);
    }
    drop(rx);
    let _ = reader.join();
    if let Some(e) = fatal {
        if opts.strict {
            let _ = store.conn().execute_batch("ROLLBACK");
        }
        return Err(e);
    }
    if opts.strict {
        if report.failures.is_empty() {
            store
                .conn()
                .execute_batch("COMMIT")
                .map_err(|e| store.err(e))?;
        } else {
            store
                .conn()
                .execute_batch("ROLLBACK")
                .map_err(|e| store.err(e))?;
            report.rolled_back = true;
            report.outcomes.clear();
        }
    }
    Ok(report)
}

/// Reads, decodes and extracts one file without touching the database.
pub fn prepare(
    file: &Path,
    entry: Option<&ManifestEntry>,
    max_bytes: u64,
    lossy: bool,
    notices: &mut Vec<String>,
) -> Result<NewDocument> {
    let meta =
        std::fs::metadata(file).map_err(|e| Error::input(file, format!("cannot read: {e}")))?;
    if meta.len() > max_bytes {
        return Err(Error::input(
            file,
            format!(
                "file is {} bytes, over the limit of {} bytes (raise it with --max-bytes)",
                meta.len(),
                max_bytes
            ),
        ));
    }
    let raw = std::fs::read(file).map_err(|e| Error::input(file, format!("cannot read: {e}")))?;
    let is_html = file
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        .unwrap_or(false);
    let is_md = file
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.eq_ignore_ascii_case("md"))
        .unwrap_or(false);
    let hint = if is_html {
        html::declared_charset(&raw)
    } else {
        None
    };
    let decoded = if lossy {
        decode::decode_lossy(&raw, hint)
    } else {
        decode::decode(&raw, hint).map_err(|p| {
            if p.contains("invalid UTF-8") || p.contains("not valid") {
                format!("{p}; `--lossy` keeps it with the bad bytes replaced and recorded")
            } else {
                p
            }
        })
    }
    .map_err(|p| Error::input(file, p))?;
    if let Some(&(first, _)) = decoded.replaced.first() {
        notices.push(format!(
            "{}: {} undecodable byte sequence(s) replaced by U+FFFD (--lossy), the first at byte \
             offset {first}; the original bytes are kept",
            file.display(),
            decoded.replaced.len()
        ));
    }
    let sha256 = crate::model::sha256_hex(&raw);

    let mut doc = NewDocument {
        sha256,
        path: file.display().to_string(),
        format: if is_html {
            "html"
        } else if is_md {
            "markdown"
        } else {
            "text"
        }
        .into(),
        encoding: decoded.encoding.to_string(),
        encoding_source: decoded.source.as_str().into(),
        raw: Vec::new(),
        text: String::new(),
        language: String::new(),
        language_source: "detected".into(),
        language_confidence: None,
        title: None,
        title_source: None,
        outlet: None,
        outlet_source: None,
        replaced_bytes: decoded.replaced.clone(),
        site_name: None,
        url: None,
        canonical_url: None,
        source_url: None,
        published: None,
        published_source: None,
        kind: None,
        html_parse_errors: 0,
    };
    if is_html {
        let page = html::extract(&decoded.text).map_err(|p| Error::input(file, p))?;
        if page.parse_errors > 0 {
            notices.push(format!(
                "{}: malformed HTML ({} parse errors repaired by the parser); check the extracted text",
                file.display(),
                page.parse_errors
            ));
        }
        if page.flattened > 0 {
            notices.push(format!(
                "{}: HTML nested deeper than {} elements: {} deeper tags were dropped before \
                 parsing (their text is kept)",
                file.display(),
                html::MAX_DEPTH,
                page.flattened
            ));
        }
        doc.html_parse_errors = page.parse_errors;
        doc.title = page.title;
        doc.title_source = doc.title.as_ref().map(|_| "html".to_string());
        doc.canonical_url = page.canonical_url;
        doc.url = doc.canonical_url.clone();
        doc.site_name = page.site_name;
        if let Some(p) = page.published.as_deref().and_then(dates::normalize_date) {
            doc.published = Some(p);
            doc.published_source = Some("html".into());
        }
        doc.text = page.text;
    } else {
        doc.text = decoded.text;
        doc.title = first_line_title(&doc.text);
        doc.title_source = doc.title.as_ref().map(|_| "text".to_string());
    }
    doc.raw = raw;
    let (lang, confidence) = language::detect(&doc.text);
    doc.language = lang.into();
    doc.language_confidence = confidence;
    if let Some(m) = entry {
        apply_manifest(&mut doc, m);
    }
    derive_outlet(&mut doc);
    Ok(doc)
}

fn apply_manifest(doc: &mut NewDocument, m: &ManifestEntry) {
    if m.outlet.is_some() {
        doc.outlet = m.outlet.clone();
        doc.outlet_source = Some("manifest".into());
    }
    if m.url.is_some() {
        doc.url = m.url.clone();
    }
    if m.source_url.is_some() {
        doc.source_url = m.source_url.clone();
    }
    if m.published.is_some() {
        doc.published = m.published.clone();
        doc.published_source = Some("manifest".into());
    }
    if let Some(l) = &m.language {
        doc.language = l.clone();
        doc.language_source = "manifest".into();
    }
    if m.kind.is_some() {
        doc.kind = m.kind.clone();
    }
    if m.title.is_some() {
        doc.title = m.title.clone();
        doc.title_source = Some("manifest".into());
    }
}

/// The outlet, when no manifest names it: the site's name from the HTML, else the host of the
/// page's own URL (`text::origin::host`: `lematin.ma`), the precedence `outlet_key` uses.
fn derive_outlet(doc: &mut NewDocument) {
    if doc.outlet.is_some() {
        return;
    }
    if let Some(site) = doc.site_name.clone().filter(|s| !s.trim().is_empty()) {
        doc.outlet = Some(site.trim().to_string());
        doc.outlet_source = Some("html".into());
    } else if let Some(host) = doc.url.as_deref().and_then(crate::text::origin::host) {
        doc.outlet = Some(host);
        doc.outlet_source = Some("url".into());
    }
}

/// Writes one prepared document (or applies its manifest metadata when the bytes are stored).
fn store_one(
    store: &mut Store,
    file: &Path,
    entry: Option<&ManifestEntry>,
    doc: NewDocument,
) -> Result<Outcome> {
    let id = match store.insert_document(&doc)? {
        Inserted::New { id, previous } => {
            return Ok(Outcome::Stored {
                id,
                path: file.to_path_buf(),
                previous_version: previous,
            })
        }
        Inserted::Exists(id) => id,
    };
    // The same bytes are stored: the manifest may still bring metadata.
    if let Some(m) = entry {
        let update = MetadataUpdate {
            outlet: m.outlet.clone(),
            url: m.url.clone(),
            source_url: m.source_url.clone(),
            published: m.published.clone(),
            language: m.language.clone(),
            kind: m.kind.clone(),
            title: m.title.clone(),
        };
        let fields = store.update_metadata(id, &update)?;
        if !fields.is_empty() {
            return Ok(Outcome::Updated {
                id,
                path: file.to_path_buf(),
                fields,
            });
        }
    }
    Ok(Outcome::Unchanged {
        id,
        path: file.to_path_buf(),
    })
}

/// The headline of a plain-text page: the first line, before the body starts (a line of more
/// than 200 characters, or a sentence of twelve words or more), that reads as one: three words or
/// more, not ending with a full stop or a colon, not navigation ("Menu | Search", "القائمة",
/// "Accueil next Nation"), not a "read also" link, not a photo caption, not a line that is only a
/// date or a time. None when the page opens with its body.
fn first_line_title(text: &str) -> Option<String> {
    let nav = crate::text::lists::list("navigation_words");
    let is_nav = |l: &str| {
        let n = crate::text::normalize::normalize(l);
        let parts: Vec<&str> = n
            .split(['|', '•', '·', '»', '/', '>'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let short = parts.iter().all(|p| p.split_whitespace().count() <= 3);
        let first_nav = n
            .split_whitespace()
            .next()
            .is_some_and(|w| nav.contains(&w));
        parts.is_empty()
            || short && parts.iter().any(|p| nav.contains(p))
            || short && parts.len() >= 3
            || first_nav && n.split_whitespace().count() <= 4
            || nav.iter().any(|w| w.contains(' ') && n.starts_with(w))
    };
    // A photo caption ends with its credit: "(Muhammad J Elalwany/AP)".
    let caption = |l: &str| {
        l.ends_with(')')
            && l.rfind('(').is_some_and(|i| {
                let credit = &l[i..];
                credit.contains('/') || credit.to_lowercase().contains("photo")
            })
    };
    let date_only = |l: &str| {
        let letters = l.chars().filter(|c| c.is_alphabetic()).count();
        let digits = l
            .chars()
            .filter(|c| c.is_ascii_digit() || ('٠'..='٩').contains(c))
            .count();
        digits >= 4 && l.split_whitespace().count() <= 6 && letters <= 24
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(15)
        // The body has started: a long line, or a sentence of twelve words or more.
        .take_while(|l| {
            l.chars().count() <= 200 && !(l.ends_with('.') && l.split_whitespace().count() >= 12)
        })
        .find(|l| {
            l.split_whitespace().count() >= 3
                && !l.ends_with(['.', ':'])
                && !l.starts_with(">>")
                && !caption(l)
                && !is_nav(l)
                && !date_only(l)
        })
        .map(str::to_string)
}

pub use crate::model::hex;
