//! Manifests: what the user knows about each page (outlet, URL, date, language, kind, title).
//!
//! CSV with a header row naming at least the columns `file, outlet, url, published, language,
//! kind, title` (values may be empty; an optional `source_url` column names a page the document
//! says it reproduces; other columns are ignored), or JSON: an array of objects with the same keys
//! (only `file` required), or `{"documents": [...]}`. `file` is relative to the manifest's folder.
//! Values given here win over what is detected.

use super::dates::normalize_date;
use super::language::parse_language;
use crate::error::Error;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The kinds of page a manifest may name.
pub const KINDS: &[&str] = &["original", "outlet", "translation", "repost", "forum"];

/// The columns a CSV manifest may have, in the order claimtrail writes them; only `file` is
/// required (a missing column is an empty value).
pub const COLUMNS: &[&str] = &[
    "file",
    "outlet",
    "url",
    "published",
    "language",
    "kind",
    "title",
];

/// One manifest row, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ManifestEntry {
    /// The file, resolved against the manifest's folder and canonicalised.
    pub file: PathBuf,
    /// 1-based line (CSV) or 1-based entry number (JSON) in the manifest.
    pub line: usize,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub source_url: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
}

/// A parsed manifest: good entries by canonical file path, and the errors of bad rows (each names
/// the manifest and its line). `failed_files` are files whose rows were bad: they must not be
/// ingested with guessed metadata.
#[derive(Debug, Default)]
pub struct Manifest {
    pub path: PathBuf,
    pub entries: HashMap<PathBuf, ManifestEntry>,
    pub order: Vec<PathBuf>,
    pub errors: Vec<Error>,
    pub failed_files: Vec<PathBuf>,
}

fn opt(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Reads a manifest. A file-level problem (unreadable, not CSV/JSON, a missing column) is an
/// error; a bad row is recorded in [`Manifest::errors`] and its file in `failed_files`.
pub fn read(path: &Path) -> Result<Manifest, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::input(path, format!("cannot read manifest: {e}")))?;
    let text =
        String::from_utf8(bytes).map_err(|_| Error::input(path, "manifest is not UTF-8 text"))?;
    parse(path, &text)
}

/// Parses a manifest's text as if read from `path` (its folder resolves the files it lists; its
/// extension or first character says CSV or JSON).
pub fn parse(path: &Path, text: &str) -> Result<Manifest, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let is_json = path
        .extension()
        .map(|e| e.eq_ignore_ascii_case("json"))
        .unwrap_or(false)
        || text.trim_start().starts_with(['[', '{']);
    let rows = if is_json {
        json_rows(path, text)?
    } else {
        csv_rows(path, text)?
    };
    let mut m = Manifest {
        path: path.to_path_buf(),
        ..Default::default()
    };
    let mut first_line: HashMap<PathBuf, usize> = HashMap::new();
    for (line, raw) in rows {
        match validate(path, &base, line, &raw) {
            Ok(entry) => {
                if let Some(first) = first_line.get(&entry.file) {
                    m.errors.push(Error::input_line(
                        path,
                        line,
                        format!(
                            "file {} is listed twice (first on line {first}); which row is right?",
                            raw.get("file").cloned().unwrap_or_default()
                        ),
                    ));
                    m.entries.remove(&entry.file);
                    m.failed_files.push(entry.file);
                    continue;
                }
                first_line.insert(entry.file.clone(), line);
                m.order.push(entry.file.clone());
                m.entries.insert(entry.file.clone(), entry);
            }
            Err((e, file)) => {
                m.errors.push(e);
                if let Some(f) = file {
                    m.failed_files.push(f);
                }
            }
        }
    }
    m.order.retain(|f| m.entries.contains_key(f));
    Ok(m)
}

type RawRow = HashMap<String, String>;

fn csv_rows(path: &Path, text: &str) -> Result<Vec<(usize, RawRow)>, Error> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::input_line(path, 1, format!("not a CSV manifest: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if !headers.iter().any(|h| h == "file") {
        return Err(Error::input_line(
            path,
            1,
            format!(
                "manifest header lacks the column file; it may also name {}",
                COLUMNS[1..].join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            Error::input_line(path, line, format!("bad CSV row: {e}"))
        })?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        let row: RawRow = headers
            .iter()
            .cloned()
            .zip(rec.iter().map(str::to_string))
            .collect();
        rows.push((line, row));
    }
    Ok(rows)
}

fn json_rows(path: &Path, text: &str) -> Result<Vec<(usize, RawRow)>, Error> {
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Error::input_line(path, e.line(), format!("not a JSON manifest: {e}")))?;
    let list = match &v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("documents") {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(Error::input(
                    path,
                    "JSON manifest must be an array of objects or {\"documents\": [...]}",
                ))
            }
        },
        _ => {
            return Err(Error::input(
                path,
                "JSON manifest must be an array of objects",
            ))
        }
    };
    let mut rows = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let obj = item.as_object().ok_or_else(|| {
            Error::input_line(
                path,
                i + 1,
                "manifest entry is not an object (entry number)",
            )
        })?;
        let mut row = RawRow::new();
        for (k, val) in obj {
            let s = match val {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            row.insert(k.to_lowercase(), s);
        }
        rows.push((i + 1, row));
    }
    Ok(rows)
}

fn validate(
    path: &Path,
    base: &Path,
    line: usize,
    raw: &RawRow,
) -> Result<ManifestEntry, (Error, Option<PathBuf>)> {
    let err = |p: String, f: Option<PathBuf>| (Error::input_line(path, line, p), f);
    let file = opt(raw.get("file").map(String::as_str))
        .ok_or_else(|| err("empty `file` value".into(), None))?;
    let joined = base.join(&file);
    let canonical = joined.canonicalize().map_err(|_| {
        err(
            format!(
                "file {file} does not exist (looked for {})",
                joined.display()
            ),
            None,
        )
    })?;
    if !canonical.is_file() {
        return Err(err(format!("{file} is not a file"), None));
    }
    let f = Some(canonical.clone());
    let kind = opt(raw.get("kind").map(String::as_str)).map(|k| k.to_lowercase());
    if let Some(k) = &kind {
        if !KINDS.contains(&k.as_str()) {
            return Err(err(
                format!(
                    "unknown kind `{k}` for {file}; expected one of {}",
                    KINDS.join(", ")
                ),
                f,
            ));
        }
    }
    let published = match opt(raw.get("published").map(String::as_str)) {
        Some(p) => Some(normalize_date(&p).ok_or_else(|| {
            err(
                format!(
                    "bad date `{p}` for {file}; use ISO 8601, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
                ),
                f.clone(),
            )
        })?),
        None => None,
    };
    let language = match opt(raw.get("language").map(String::as_str)) {
        Some(l) => Some(
            parse_language(&l)
                .ok_or_else(|| {
                    err(
                        format!("unknown language `{l}` for {file}; use ar, fr, en or other"),
                        f.clone(),
                    )
                })?
                .to_string(),
        ),
        None => None,
    };
    Ok(ManifestEntry {
        file: canonical,
        line,
        outlet: opt(raw.get("outlet").map(String::as_str)),
        url: opt(raw.get("url").map(String::as_str)),
        source_url: opt(raw.get("source_url").map(String::as_str)),
        published,
        language,
        kind,
        title: opt(raw.get("title").map(String::as_str)),
    })
}
