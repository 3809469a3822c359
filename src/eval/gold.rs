//! Reading a gold file (`eval/FORMAT.md`, format `claimtrail-gold/1`).
//!
//! Input: the file's text, line by line (JSON Lines; blank lines skipped), and for each header
//! document its database id and stored text. Output: the header's documents and the gold items, each
//! place (a quote, or a character span with the SHA-256 of its text) already turned into character
//! spans of the stored text. Invariants: every error names the
//! gold file and the 1-based line it concerns; nothing here panics on bad input.

use super::text::{fold_whitespace, normalise_value, Folded, Span};
use super::{Kind, Level};
use crate::error::{Error, Result};
use crate::model::{CueKind, DivergenceKind, EdgeRelation, InconsistencyKind};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// The format tag a gold file's header must carry.
pub const GOLD_FORMAT: &str = "claimtrail-gold/1";

/// Divergence types a gold file may use: every divergence kind but `spelling`, which gold files
/// count as `name`.
pub fn divergence_types() -> Vec<&'static str> {
    DivergenceKind::NAMES
        .iter()
        .copied()
        .filter(|n| *n != DivergenceKind::Spelling.name())
        .collect()
}

/// Inconsistency types a gold file may use.
pub const INCONSISTENCY_TYPES: &[&str] = InconsistencyKind::NAMES;

/// Cue types a gold file may use.
pub const CUE_TYPES: &[&str] = CueKind::NAMES;

/// Edge relations a gold file may use.
pub const EDGE_RELATIONS: &[&str] = EdgeRelation::NAMES;

/// One document of the header, before it is looked up in the database.
#[derive(Debug, Clone)]
pub struct HeaderDoc {
    /// The gold id (a name valid inside the gold file only).
    pub id: String,
    /// Lower-case hex SHA-256 of the document's original bytes.
    pub sha256: String,
    /// The file name the header gives, for people only.
    pub file: Option<String>,
}

/// The header line.
#[derive(Debug, Clone)]
pub struct Header {
    /// Its documents, ordered by gold id.
    pub docs: Vec<HeaderDoc>,
}

/// A header document found in the database, with its text folded for quote matching.
#[derive(Debug)]
pub struct ResolvedDoc {
    /// `documents.id`.
    pub db_id: i64,
    /// The stored text with white space folded.
    pub folded: Folded,
    /// The stored text itself (for span places, checked by hash).
    pub text: String,
}

/// A gold document id together with its database id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    /// The gold id.
    pub id: String,
    /// `documents.id`.
    pub db: i64,
}

/// Which occurrence of a quote a place means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurrence {
    /// No `occurrence` given: the quote occurs exactly once.
    Only,
    /// The N-th occurrence (1-based).
    Nth(usize),
    /// Every occurrence counts as the place.
    Any,
    /// Given as a character span with a hash, not as a quote.
    Span,
}

/// A place in a document: a quote resolved to one or more character spans.
#[derive(Debug, Clone)]
pub struct Place {
    /// The document.
    pub doc: DocRef,
    /// The quote as written in the gold file; for a span place, the stored text of the span.
    pub quote: String,
    /// The occurrence asked for.
    pub occurrence: Occurrence,
    /// The spans of the stored text the place covers (one, or all occurrences for `"any"`).
    pub spans: Vec<Span>,
}

/// Where a gold edge comes from.
#[derive(Debug, Clone)]
pub enum EdgeFrom {
    /// A gold document.
    Doc(DocRef),
    /// An external source whose key or label contains one of these names (as written; compare
    /// with [`EdgeFrom::normalised_names`]).
    External(Vec<String>),
}

impl EdgeFrom {
    /// The external names normalised for comparison (empty for a document).
    pub fn normalised_names(&self) -> Vec<String> {
        match self {
            EdgeFrom::Doc(_) => Vec::new(),
            EdgeFrom::External(names) => names.iter().map(|n| normalise_value(n)).collect(),
        }
    }
}

/// What a gold item says, by kind.
#[derive(Debug, Clone)]
pub enum Body {
    /// Two places that repeat each other.
    Duplicate { a: Place, b: Place },
    /// Two places that make the same claim.
    Alignment { a: Place, b: Place },
    /// Two places that diverge in the way `ty` says.
    Divergence { ty: String, a: Place, b: Place },
    /// An in-document inconsistency at a place.
    Inconsistency { ty: String, at: Place },
    /// A sourcing cue at a place; `value` is already normalised.
    Cue {
        ty: String,
        at: Place,
        value: Option<String>,
        value_raw: Option<String>,
    },
    /// A sourcing-graph edge.
    Edge {
        relations: Vec<String>,
        from: EdgeFrom,
        to: DocRef,
        directed: bool,
    },
    /// No duplicate passage between two different documents of the list.
    NoDuplicate { docs: Vec<DocRef> },
    /// No inconsistency in any document of the list.
    NoInconsistency { docs: Vec<DocRef> },
    /// No aligned claims between the two documents of each pair.
    NoAlignment { pairs: Vec<[DocRef; 2]> },
    /// No edge between the two documents of each pair.
    NoEdge { pairs: Vec<[DocRef; 2]> },
    /// The gold items of kind `of` between these documents are complete.
    Exhaustive {
        of: Kind,
        scope: Scope,
        /// For edges: edges from an external source into a document of the scope are covered too.
        external: bool,
    },
}

/// Which document pairs an `exhaustive` item covers.
#[derive(Debug, Clone)]
pub enum Scope {
    /// The two documents of each pair (either order).
    Pairs(Vec<[DocRef; 2]>),
    /// Every pair of listed documents, and each document with itself.
    Docs(Vec<DocRef>),
}

impl Scope {
    /// True when a finding between documents `x` and `y` (database ids) lies inside the scope.
    pub fn covers(&self, x: i64, y: i64) -> bool {
        match self {
            Scope::Pairs(pairs) => pairs
                .iter()
                .any(|p| (p[0].db == x && p[1].db == y) || (p[0].db == y && p[1].db == x)),
            Scope::Docs(docs) => docs.iter().any(|d| d.db == x) && docs.iter().any(|d| d.db == y),
        }
    }

    /// True when document `x` is one of the scope's documents.
    pub fn mentions(&self, x: i64) -> bool {
        match self {
            Scope::Pairs(pairs) => pairs.iter().any(|p| p[0].db == x || p[1].db == x),
            Scope::Docs(docs) => docs.iter().any(|d| d.db == x),
        }
    }
}

/// One gold line after the header.
#[derive(Debug, Clone)]
pub struct GoldItem {
    /// 1-based line number in the gold file.
    pub line: usize,
    /// Its kind.
    pub kind: Kind,
    /// `core`, `stretch` or `acceptable`.
    pub level: Level,
    /// The labeller's note, if any.
    pub note: Option<String>,
    /// What it says.
    pub body: Body,
}

/// The non-blank lines of `content` with their 1-based line numbers (a leading BOM is ignored).
pub fn lines(content: &str) -> impl Iterator<Item = (usize, &str)> {
    content
        .strip_prefix('\u{FEFF}')
        .unwrap_or(content)
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// Where an error is: the gold file and a line.
struct At<'a> {
    path: &'a Path,
    line: usize,
}

impl At<'_> {
    fn err(&self, problem: impl Into<String>) -> Error {
        Error::input_line(self.path, self.line, problem)
    }
}

/// Parses one line as a JSON object.
fn parse_object(at: &At<'_>, line: &str) -> Result<Map<String, Value>> {
    let value: Value = serde_json::from_str(line).map_err(|e| {
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) => format!("{} (column {})", &msg[..i], e.column()),
            None => msg,
        };
        at.err(format!("not JSON: {msg}"))
    })?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(at.err("not a JSON object")),
    }
}

/// Parses the header line.
pub fn parse_header(path: &Path, line_no: usize, line: &str) -> Result<Header> {
    let at = At {
        path,
        line: line_no,
    };
    let obj = parse_object(&at, line)?;
    let expected = format!(
        "the first line must be the header {{\"gold\": \"{GOLD_FORMAT}\", \"docs\": {{...}}}}"
    );
    match obj.get("gold") {
        None => return Err(at.err(format!("missing field \"gold\": {expected}"))),
        Some(Value::String(s)) if s == GOLD_FORMAT => {}
        Some(Value::String(s)) => {
            return Err(at.err(format!(
                "unsupported gold format \"{s}\"; this claimtrail reads \"{GOLD_FORMAT}\""
            )))
        }
        Some(_) => {
            return Err(at.err(format!(
                "field \"gold\" must be the string \"{GOLD_FORMAT}\""
            )))
        }
    }
    let docs = match obj.get("docs") {
        None => return Err(at.err(format!("missing field \"docs\": {expected}"))),
        Some(Value::Object(docs)) => docs,
        Some(_) => {
            return Err(at.err(
                "field \"docs\" must be an object {ID: {\"sha256\": HEX, \"file\": NAME}, ...}",
            ))
        }
    };
    let mut out = Vec::with_capacity(docs.len());
    for (id, entry) in docs {
        let Value::Object(entry) = entry else {
            return Err(at.err(format!(
                "docs.{id} must be an object {{\"sha256\": HEX, \"file\": NAME}}"
            )));
        };
        let sha256 = match entry.get("sha256") {
            None => return Err(at.err(format!("docs.{id}: missing field \"sha256\""))),
            Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
            Some(_) => return Err(at.err(format!("docs.{id}: field \"sha256\" must be a string"))),
        };
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(at.err(format!(
                "docs.{id}: sha256 \"{sha256}\" is not 64 hexadecimal digits"
            )));
        }
        let file = entry
            .get("file")
            .and_then(Value::as_str)
            .map(str::to_string);
        out.push(HeaderDoc {
            id: id.clone(),
            sha256,
            file,
        });
    }
    Ok(Header { docs: out })
}

/// Parses one item line; `docs` maps the header's gold ids to their stored documents.
pub fn parse_item(
    path: &Path,
    line_no: usize,
    line: &str,
    docs: &HashMap<String, ResolvedDoc>,
) -> Result<GoldItem> {
    let at = At {
        path,
        line: line_no,
    };
    let obj = parse_object(&at, line)?;
    let p = Parser {
        at: &at,
        obj: &obj,
        docs,
    };
    let kind_name = p.string("kind")?;
    let kind = Kind::from_name(kind_name).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        at.err(format!(
            "unknown kind \"{kind_name}\" (expected one of {})",
            names.join(", ")
        ))
    })?;
    let level = match p.string("level")? {
        "core" => Level::Core,
        "stretch" => Level::Stretch,
        "acceptable" => Level::Acceptable,
        other => {
            return Err(at.err(format!(
                "level must be \"core\", \"stretch\" or \"acceptable\", not \"{other}\""
            )))
        }
    };
    if level == Level::Acceptable && !kind.is_positive() {
        return Err(at.err(format!(
            "level \"acceptable\" is for findings, not for a {} item",
            kind.name()
        )));
    }
    let note = obj.get("note").and_then(Value::as_str).map(str::to_string);
    let body = match kind {
        Kind::Duplicate => Body::Duplicate {
            a: p.place("a")?,
            b: p.place("b")?,
        },
        Kind::Alignment => Body::Alignment {
            a: p.place("a")?,
            b: p.place("b")?,
        },
        Kind::Divergence => Body::Divergence {
            ty: p.vocabulary("type", "divergence type", &divergence_types())?,
            a: p.place("a")?,
            b: p.place("b")?,
        },
        Kind::Inconsistency => Body::Inconsistency {
            ty: p.vocabulary("type", "inconsistency type", INCONSISTENCY_TYPES)?,
            at: p.place("at")?,
        },
        Kind::Cue => {
            let ty = p.vocabulary("type", "cue type", CUE_TYPES)?;
            let at_place = p.place("at")?;
            let value_raw = match obj.get("value") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err(at.err("field \"value\" must be a string")),
            };
            Body::Cue {
                ty,
                at: at_place,
                value: value_raw.as_deref().map(normalise_value),
                value_raw,
            }
        }
        Kind::Edge => p.edge()?,
        Kind::NoDuplicate => Body::NoDuplicate {
            docs: p.doc_list("docs")?,
        },
        Kind::NoInconsistency => Body::NoInconsistency {
            docs: p.doc_list("docs")?,
        },
        Kind::NoAlignment => Body::NoAlignment {
            pairs: p.pairs("pairs")?,
        },
        Kind::NoEdge => Body::NoEdge {
            pairs: p.pairs("pairs")?,
        },
        Kind::Exhaustive => p.exhaustive()?,
    };
    Ok(GoldItem {
        line: line_no,
        kind,
        level,
        note,
        body,
    })
}

/// Reads the fields of one item object.
struct Parser<'a> {
    at: &'a At<'a>,
    obj: &'a Map<String, Value>,
    docs: &'a HashMap<String, ResolvedDoc>,
}

impl<'a> Parser<'a> {
    fn field(&self, name: &str) -> Result<&'a Value> {
        self.obj
            .get(name)
            .ok_or_else(|| self.at.err(format!("missing field \"{name}\"")))
    }

    fn string(&self, name: &str) -> Result<&'a str> {
        self.field(name)?
            .as_str()
            .ok_or_else(|| self.at.err(format!("field \"{name}\" must be a string")))
    }

    fn vocabulary(&self, name: &str, what: &str, allowed: &[&str]) -> Result<String> {
        let value = self.string(name)?;
        if allowed.contains(&value) {
            Ok(value.to_string())
        } else {
            Err(self.at.err(format!(
                "unknown {what} \"{value}\" (expected one of {})",
                allowed.join(", ")
            )))
        }
    }

    fn doc_ref(&self, id: &str, field: &str) -> Result<DocRef> {
        match self.docs.get(id) {
            Some(doc) => Ok(DocRef {
                id: id.to_string(),
                db: doc.db_id,
            }),
            None => {
                let mut known: Vec<&str> = self.docs.keys().map(String::as_str).collect();
                known.sort_unstable();
                Err(self.at.err(format!(
                    "document \"{id}\" (field \"{field}\") is not in the header (it lists: {})",
                    known.join(", ")
                )))
            }
        }
    }

    fn place(&self, name: &str) -> Result<Place> {
        let Value::Object(obj) = self.field(name)? else {
            return Err(self.at.err(format!(
                "field \"{name}\" must be an object {{\"doc\": ID, \"quote\": TEXT[, \"occurrence\": N or \"any\"]}} \
                 or {{\"doc\": ID, \"span\": [START, END], \"sha256\": HEX}}"
            )));
        };
        if obj.contains_key("span") || obj.contains_key("sha256") {
            return self.span_place(name, obj);
        }
        let doc_id = match obj.get("doc") {
            None => return Err(self.at.err(format!("missing field \"{name}.doc\""))),
            Some(Value::String(s)) => s.as_str(),
            Some(_) => {
                return Err(self
                    .at
                    .err(format!("field \"{name}.doc\" must be a string")))
            }
        };
        let quote = match obj.get("quote") {
            None => return Err(self.at.err(format!("missing field \"{name}.quote\""))),
            Some(Value::String(s)) => s.as_str(),
            Some(_) => {
                return Err(self
                    .at
                    .err(format!("field \"{name}.quote\" must be a string")))
            }
        };
        let occurrence = match obj.get("occurrence") {
            None | Some(Value::Null) => Occurrence::Only,
            Some(Value::String(s)) if s == "any" => Occurrence::Any,
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {
                let n = n.as_u64().unwrap_or(1);
                Occurrence::Nth(usize::try_from(n).unwrap_or(usize::MAX))
            }
            Some(_) => {
                return Err(self.at.err(format!(
                    "field \"{name}.occurrence\" must be a positive integer or \"any\""
                )))
            }
        };
        let doc = self.doc_ref(doc_id, &format!("{name}.doc"))?;
        let folded_quote = fold_whitespace(quote);
        if folded_quote.trim().is_empty() {
            return Err(self.at.err(format!("field \"{name}.quote\" is empty")));
        }
        let all = self
            .docs
            .get(doc_id)
            .map(|d| d.folded.occurrences(&folded_quote))
            .unwrap_or_default();
        let shown = shorten(quote, 60);
        let spans = match occurrence {
            _ if all.is_empty() => {
                return Err(self.at.err(format!(
                    "quote \"{shown}\" (field \"{name}\") does not occur in document {doc_id}"
                )))
            }
            Occurrence::Only if all.len() > 1 => {
                return Err(self.at.err(format!(
                    "quote \"{shown}\" (field \"{name}\") occurs {} times in document {doc_id}; \
                     give \"occurrence\" (a number from 1, or \"any\")",
                    all.len()
                )))
            }
            Occurrence::Only | Occurrence::Any | Occurrence::Span => all,
            Occurrence::Nth(n) => match all.get(n - 1) {
                Some(span) => vec![*span],
                None => {
                    return Err(self.at.err(format!(
                        "field \"{name}.occurrence\" is {n}, but quote \"{shown}\" occurs only {} \
                         time{} in document {doc_id}",
                        all.len(),
                        if all.len() == 1 { "" } else { "s" }
                    )))
                }
            },
        };
        Ok(Place {
            doc,
            quote: quote.to_string(),
            occurrence,
            spans,
        })
    }

    /// A place given as `{"doc", "span": [START, END], "sha256"}`: a character span of the stored
    /// text, checked against the SHA-256 of the UTF-8 bytes of that slice.
    fn span_place(&self, name: &str, obj: &Map<String, Value>) -> Result<Place> {
        if obj.contains_key("quote") {
            return Err(self.at.err(format!(
                "field \"{name}\" gives both a quote and a span; give one"
            )));
        }
        let doc_id = match obj.get("doc") {
            Some(Value::String(s)) => s.as_str(),
            None => return Err(self.at.err(format!("missing field \"{name}.doc\""))),
            Some(_) => {
                return Err(self
                    .at
                    .err(format!("field \"{name}.doc\" must be a string")))
            }
        };
        let bounds = match obj.get("span") {
            Some(Value::Array(v)) if v.len() == 2 => (v[0].as_u64(), v[1].as_u64()),
            None => return Err(self.at.err(format!("missing field \"{name}.span\""))),
            Some(_) => (None, None),
        };
        let (Some(start), Some(end)) = bounds else {
            return Err(self.at.err(format!(
                "field \"{name}.span\" must be [START, END], two character offsets"
            )));
        };
        let sha256 = match obj.get("sha256") {
            Some(Value::String(s)) if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                s.to_ascii_lowercase()
            }
            None => return Err(self.at.err(format!("missing field \"{name}.sha256\""))),
            Some(_) => {
                return Err(self.at.err(format!(
                    "field \"{name}.sha256\" must be 64 hexadecimal digits"
                )))
            }
        };
        if obj.contains_key("occurrence") {
            return Err(self.at.err(format!(
                "field \"{name}\": \"occurrence\" goes with a quote, not with a span"
            )));
        }
        let doc = self.doc_ref(doc_id, &format!("{name}.doc"))?;
        let text = self
            .docs
            .get(doc_id)
            .map(|d| d.text.as_str())
            .unwrap_or_default();
        let len = text.chars().count() as u64;
        if start >= end || end > len {
            return Err(self.at.err(format!(
                "field \"{name}.span\" [{start}, {end}] is not a non-empty span of document {doc_id} \
                 ({len} characters)"
            )));
        }
        let slice: String = text
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect();
        let got = crate::model::sha256_hex(slice.as_bytes());
        if got != sha256 {
            return Err(self.at.err(format!(
                "field \"{name}\": the text at [{start}, {end}] of document {doc_id} does not match \
                 its sha256 (expected {sha256}, the stored text gives {got}); the gold file was made \
                 for another text"
            )));
        }
        Ok(Place {
            doc,
            quote: slice,
            occurrence: Occurrence::Span,
            spans: vec![Span {
                start: start as i64,
                end: end as i64,
            }],
        })
    }

    fn exhaustive(&self) -> Result<Body> {
        let of_name = self.string("of")?;
        let of = match Kind::from_name(of_name) {
            Some(k @ (Kind::Duplicate | Kind::Alignment | Kind::Divergence | Kind::Edge)) => k,
            _ => {
                return Err(self.at.err(format!(
                "field \"of\" must be duplicate, alignment, divergence or edge, not \"{of_name}\""
            )))
            }
        };
        let scope = match (
            self.obj.contains_key("pairs"),
            self.obj.contains_key("docs"),
        ) {
            (true, false) => Scope::Pairs(self.pairs("pairs")?),
            (false, true) => Scope::Docs(self.doc_list("docs")?),
            _ => {
                return Err(self
                    .at
                    .err("an exhaustive item needs exactly one of \"pairs\" and \"docs\""))
            }
        };
        let external = match self.obj.get("external") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(self.at.err("field \"external\" must be true or false")),
        };
        if external && of != Kind::Edge {
            return Err(self
                .at
                .err("field \"external\" is for exhaustive edges only"));
        }
        Ok(Body::Exhaustive {
            of,
            scope,
            external,
        })
    }

    fn edge(&self) -> Result<Body> {
        let relations = match self.field("relation")? {
            Value::String(s) => vec![s.as_str()],
            Value::Array(list) if !list.is_empty() => {
                let mut out = Vec::with_capacity(list.len());
                for v in list {
                    match v.as_str() {
                        Some(s) => out.push(s),
                        None => {
                            return Err(self
                                .at
                                .err("field \"relation\" must be a string or a list of strings"))
                        }
                    }
                }
                out
            }
            _ => {
                return Err(self
                    .at
                    .err("field \"relation\" must be a string or a non-empty list of strings"))
            }
        };
        for r in &relations {
            if !EDGE_RELATIONS.contains(r) {
                return Err(self.at.err(format!(
                    "unknown relation \"{r}\" (expected one of {})",
                    EDGE_RELATIONS.join(", ")
                )));
            }
        }
        let from = match self.field("from")? {
            Value::String(id) => EdgeFrom::Doc(self.doc_ref(id, "from")?),
            Value::Object(obj) => {
                let names =
                    match obj.get("external") {
                        Some(Value::Array(list)) if !list.is_empty() => list,
                        _ => return Err(self.at.err(
                            "field \"from\" must be a document id or {\"external\": [NAME, ...]} \
                             with at least one name",
                        )),
                    };
                let mut out = Vec::with_capacity(names.len());
                for n in names {
                    match n.as_str() {
                        Some(s) if !normalise_value(s).is_empty() => out.push(s.to_string()),
                        _ => {
                            return Err(self
                                .at
                                .err("field \"from.external\" must list non-empty strings"))
                        }
                    }
                }
                EdgeFrom::External(out)
            }
            _ => {
                return Err(self
                    .at
                    .err("field \"from\" must be a document id or {\"external\": [NAME, ...]}"))
            }
        };
        let to_id = self.string("to")?;
        let to = self.doc_ref(to_id, "to")?;
        let directed = match self.obj.get("directed") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err(self.at.err("field \"directed\" must be true or false")),
        };
        Ok(Body::Edge {
            relations: relations.into_iter().map(str::to_string).collect(),
            from,
            to,
            directed,
        })
    }

    fn doc_list(&self, name: &str) -> Result<Vec<DocRef>> {
        let Value::Array(list) = self.field(name)? else {
            return Err(self
                .at
                .err(format!("field \"{name}\" must be a list of document ids")));
        };
        list.iter()
            .map(|v| match v.as_str() {
                Some(id) => self.doc_ref(id, name),
                None => Err(self
                    .at
                    .err(format!("field \"{name}\" must be a list of document ids"))),
            })
            .collect()
    }

    fn pairs(&self, name: &str) -> Result<Vec<[DocRef; 2]>> {
        let problem = format!("field \"{name}\" must be a list of pairs [[ID, ID], ...]");
        let Value::Array(list) = self.field(name)? else {
            return Err(self.at.err(problem));
        };
        let mut out = Vec::with_capacity(list.len());
        for pair in list {
            match pair.as_array().map(Vec::as_slice) {
                Some([Value::String(x), Value::String(y)]) => {
                    out.push([self.doc_ref(x, name)?, self.doc_ref(y, name)?]);
                }
                _ => return Err(self.at.err(problem)),
            }
        }
        Ok(out)
    }
}

/// `s` on one line (white space folded) and cut to at most `max` characters, with an ellipsis when
/// cut; a cut never leaves a combining mark (such as Arabic harakat) without its letter.
pub fn shorten(s: &str, max: usize) -> String {
    let one_line = fold_whitespace(s.trim());
    if one_line.chars().count() <= max {
        return one_line;
    }
    let chars: Vec<char> = one_line.chars().collect();
    let mut keep = max.saturating_sub(1);
    // When the first dropped character is a mark, drop the letter it sits on (and its marks) too.
    while keep > 0 && chars.get(keep).copied().is_some_and(is_combining) {
        keep -= 1;
    }
    let mut out: String = chars[..keep.min(chars.len())].iter().collect();
    out.push('…');
    out
}

/// Combining marks that must stay with the letter before them.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> HashMap<String, ResolvedDoc> {
        let mut docs = HashMap::new();
        docs.insert(
            "d".to_string(),
            ResolvedDoc {
                db_id: 7,
                folded: Folded::new("one two\n three two"),
                text: "one two\n three two".to_string(),
            },
        );
        docs
    }

    fn parse(line: &str) -> Result<GoldItem> {
        parse_item(Path::new("g.jsonl"), 3, line, &docs())
    }

    #[test]
    fn places_resolve_to_original_spans() {
        let item = parse(
            r#"{"kind":"alignment","level":"core","a":{"doc":"d","quote":"two  three"},"b":{"doc":"d","quote":"two","occurrence":2}}"#,
        )
        .unwrap();
        let Body::Alignment { a, b } = item.body else {
            panic!("not an alignment")
        };
        assert_eq!(a.spans, vec![Span { start: 4, end: 14 }]);
        assert_eq!(b.spans, vec![Span { start: 15, end: 18 }]);
        assert_eq!(a.doc.db, 7);
    }

    #[test]
    fn any_keeps_every_occurrence() {
        let item =
            parse(r#"{"kind":"inconsistency","type":"weekday","level":"stretch","at":{"doc":"d","quote":"two","occurrence":"any"}}"#)
                .unwrap();
        let Body::Inconsistency { at, .. } = item.body else {
            panic!("not an inconsistency")
        };
        assert_eq!(at.spans.len(), 2);
        assert_eq!(item.level, Level::Stretch);
    }

    #[test]
    fn bad_items_are_rejected_with_the_line() {
        let cases = [
            (
                r#"{"kind":"cue","level":"core","type":"cue","at":{"doc":"d","quote":"one"}}"#,
                "unknown cue type \"cue\"",
            ),
            (
                r#"{"kind":"cue","level":"gold","type":"hedging","at":{"doc":"d","quote":"one"}}"#,
                "level must be",
            ),
            (
                r#"{"kind":"cue","level":"core","type":"hedging"}"#,
                "missing field \"at\"",
            ),
            (
                r#"{"kind":"cue","level":"core","type":"hedging","at":{"doc":"d","quote":"two"}}"#,
                "occurs 2 times in document d; give \"occurrence\"",
            ),
            (
                r#"{"kind":"cue","level":"core","type":"hedging","at":{"doc":"d","quote":"two","occurrence":3}}"#,
                "occurs only 2 times",
            ),
            (
                r#"{"kind":"cue","level":"core","type":"hedging","at":{"doc":"d","quote":"two","occurrence":0}}"#,
                "positive integer",
            ),
            (
                r#"{"kind":"cue","level":"core","type":"hedging","at":{"doc":"d","quote":"  "}}"#,
                "is empty",
            ),
            (
                r#"{"kind":"edge","level":"core","relation":["repost","copy"],"from":"d","to":"d"}"#,
                "unknown relation \"copy\"",
            ),
            (
                r#"{"kind":"edge","level":"core","relation":"repost","from":{"external":[]},"to":"d"}"#,
                "at least one name",
            ),
            (
                r#"{"kind":"no_edge","level":"core","pairs":[["d"]]}"#,
                "list of pairs",
            ),
            (
                r#"{"kind":"no_duplicate","level":"core","docs":["d","e"]}"#,
                "document \"e\" (field \"docs\") is not in the header",
            ),
            (r#"[1, 2]"#, "not a JSON object"),
        ];
        for (line, expected) in cases {
            let err = parse(line).unwrap_err().to_string();
            assert!(err.starts_with("g.jsonl:3: "), "{err}");
            assert!(err.contains(expected), "{err} should contain {expected}");
        }
    }

    #[test]
    fn header_checks_format_and_hashes() {
        let path = Path::new("g.jsonl");
        let ok = format!(
            r#"{{"gold":"claimtrail-gold/1","docs":{{"x":{{"sha256":"{}","file":"x.txt"}}}}}}"#,
            "AB".repeat(32)
        );
        let header = parse_header(path, 1, &ok).unwrap();
        assert_eq!(header.docs[0].sha256, "ab".repeat(32));
        assert_eq!(header.docs[0].file.as_deref(), Some("x.txt"));
        let err = parse_header(path, 1, r#"{"gold":"claimtrail-gold/2","docs":{}}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unsupported gold format"), "{err}");
        let err = parse_header(
            path,
            1,
            r#"{"gold":"claimtrail-gold/1","docs":{"x":{"sha256":"12"}}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("64 hexadecimal digits"), "{err}");
        let err = parse_header(path, 2, "{nope").unwrap_err().to_string();
        assert!(err.starts_with("g.jsonl:2: not JSON"), "{err}");
    }

    #[test]
    fn shorten_keeps_one_line_and_whole_letters() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        assert_eq!(shorten("abcdef", 4), "abc…");
        // "مُحَمَّد" is م ُ ح َ م َ ّ د: a cut after 4 characters keeps whole letters; a cut after 5
        // would split م from its marks, so it drops م.
        assert_eq!(shorten("مُحَمَّد", 5), "مُحَ…");
        assert_eq!(shorten("مُحَمَّد", 6), "مُحَ…");
        assert_eq!(shorten("مُحَمَّد", 7), "مُحَ…");
        assert_eq!(shorten("مُحَمَّد", 8), "مُحَمَّد");
    }

    #[test]
    fn lines_skip_blanks_and_keep_numbers() {
        let got: Vec<(usize, &str)> = lines("\u{FEFF}a\n\n  \nb\r\n").collect();
        assert_eq!(got, vec![(1, "a"), (4, "b")]);
    }
}
