//! Store: the SQLite database that holds every document and every finding.
//!
//! Input: documents prepared by `ingest` and findings from later stages. Output: rows read back for
//! reports and `eval`. Invariants: the schema comes from `schema.sql` (embedded at build time); a
//! database records its schema version in `PRAGMA user_version`; an older database is upgraded by
//! the scripts in `migrations/`, a newer one is refused; each document is written in one transaction.
//!
//! ```no_run
//! let store = claimtrail::store::Store::open(std::path::Path::new("claimtrail.db")).unwrap();
//! for doc in store.documents().unwrap() {
//!     println!("{} {}", doc.id, doc.sha256);
//! }
//! ```

mod align;
mod analyses;
mod chain;
mod check;
mod dedup;
mod diverge;
mod documents;

pub use align::AlignmentRow;
pub use analyses::{ClaimRow, ItemRow};
pub use chain::{EdgeRow, ExternalRow};
pub use check::InconsistencyRow;
pub use dedup::{pack, unpack, DuplicateRow, FamilyRow, FamilySummary};
pub use diverge::DivergenceRow;
pub use documents::{DocumentRow, Inserted, MetadataUpdate, NewDocument};

use crate::error::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};

/// The schema, from `schema.sql` at the top of the repository.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// Upgrade scripts: `(version, sql)` takes a database from `version - 1` to `version`.
const MIGRATIONS: &[(i64, &str)] = &[
    (2, include_str!("../../migrations/2.sql")),
    (3, include_str!("../../migrations/3.sql")),
    (4, include_str!("../../migrations/4.sql")),
    (5, include_str!("../../migrations/5.sql")),
    (6, include_str!("../../migrations/6.sql")),
    (7, include_str!("../../migrations/7.sql")),
];

/// The schema version this binary writes, read from the `PRAGMA user_version` line of `schema.sql`.
pub fn schema_version() -> i64 {
    SCHEMA_SQL
        .lines()
        .rev()
        .filter_map(|l| l.trim().strip_prefix("PRAGMA user_version"))
        .filter_map(|rest| {
            rest.trim()
                .trim_start_matches('=')
                .trim()
                .trim_end_matches(';')
                .trim()
                .parse()
                .ok()
        })
        .next()
        .expect("schema.sql sets PRAGMA user_version")
}

/// True when a pair of documents `(a, b)` is selected by one document (either side) or one pair
/// of documents (either order); no selection keeps everything.
pub fn pair_selected(a: i64, b: i64, doc: Option<i64>, pair: Option<(i64, i64)>) -> bool {
    doc.is_none_or(|d| a == d || b == d)
        && pair.is_none_or(|(x, y)| (a == x && b == y) || (a == y && b == x))
}

/// Documents' texts as characters, read once each, for quoting spans.
#[derive(Default)]
pub struct TextCache {
    texts: std::collections::HashMap<i64, Vec<char>>,
}

impl TextCache {
    /// The characters `[start, end)` of document `doc`.
    pub fn slice(&mut self, store: &Store, doc: i64, start: i64, end: i64) -> Result<String> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.texts.entry(doc) {
            e.insert(store.text_of(doc)?.chars().collect());
        }
        Ok(crate::text::extract::slice_chars(
            &self.texts[&doc],
            start as usize,
            end as usize,
        ))
    }
}

/// How long a command waits for another process's write lock before it says the database is
/// busy.
pub const BUSY_TIMEOUT_SECS: u64 = 60;

/// An open claimtrail database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    upgraded_from: Option<i64>,
    read_only: bool,
}

impl Store {
    /// Opens the database at `path`, creating it (and its schema) when it does not exist, and
    /// upgrading an older schema. Fails when the file is not SQLite, not a claimtrail database, or
    /// was written by a newer claimtrail.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| db_error(path, e))?;
        Self::setup(conn, path, true)
    }

    /// Opens an existing database; fails when there is none at `path`. A file that cannot be
    /// written (a read-only evidence copy, a read-only folder) is opened read-only, and, when
    /// SQLite cannot even create the shared-memory file a WAL database needs next to it, as
    /// immutable (nobody may write it meanwhile); [`Store::read_only`] then says so.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::database(
                path,
                "does not exist; run `claimtrail ingest` or `claimtrail run` first",
            ));
        }
        // Opens and reads the schema version (which is when SQLite opens a WAL database's
        // shared-memory file): the errors that mean "cannot write here" lead to the next way.
        let connect = |flags: OpenFlags, target: &str| {
            let conn =
                Connection::open_with_flags(target, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
            Ok::<_, rusqlite::Error>(conn)
        };
        let read_only_failure = |e: &rusqlite::Error| {
            matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
            )
        };
        let plain = path.to_string_lossy().to_string();
        let first = match connect(OpenFlags::SQLITE_OPEN_READ_WRITE, &plain) {
            Ok(conn) => return Self::setup(conn, path, false),
            Err(e) if read_only_failure(&e) => e,
            Err(e) => return Err(db_error(path, e)),
        };
        if let Ok(conn) = connect(OpenFlags::SQLITE_OPEN_READ_ONLY, &plain) {
            return Self::setup(conn, path, false);
        }
        let uri = format!(
            "file:{}?immutable=1",
            plain
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23")
        );
        match connect(
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            &uri,
        ) {
            Ok(conn) => Self::setup(conn, path, false),
            Err(_) => Err(db_error(path, first)),
        }
    }

    /// True when the database was opened read-only (the file or its folder cannot be written):
    /// the stages cannot store anything, and commands show what is stored.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    fn setup(conn: Connection, path: &Path, create: bool) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(BUSY_TIMEOUT_SECS))
            .map_err(|e| db_error(path, e))?;
        // A writable connection checks and creates or upgrades the schema under the write lock
        // (waiting for another claimtrail's), so that two processes opening one new file do not
        // both create it, or read it half-created.
        let writable = !conn
            .is_readonly(rusqlite::DatabaseName::Main)
            .map_err(|e| db_error(path, e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| db_error(path, e))?;
        // Only schema work takes the lock (and the check is made again under it).
        let lock = writable && version != schema_version();
        if lock {
            conn.execute_batch("BEGIN IMMEDIATE")
                .map_err(|e| db_error(path, e))?;
        }
        let result = Self::check_schema(&conn, path, create, writable);
        if lock {
            let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
            conn.execute_batch(end).map_err(|e| db_error(path, e))?;
        }
        let upgraded_from = result?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")
            .map_err(|e| db_error(path, e))?;
        if create {
            // WAL with synchronous=NORMAL keeps one transaction per document atomic without an
            // fsync per commit, which is what makes per-document transactions affordable.
            conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                .map_err(|e| db_error(path, e))?;
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            upgraded_from,
            read_only: !writable,
        })
    }

    /// Checks the schema version, creating the schema in an empty file (when `create`) or
    /// upgrading an older one; runs inside the caller's transaction on a writable connection.
    /// `Some(old)` when it upgraded from version `old`.
    fn check_schema(
        conn: &Connection,
        path: &Path,
        create: bool,
        writable: bool,
    ) -> Result<Option<i64>> {
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| db_error(path, e))?;
        let current = schema_version();
        let mut upgraded_from = None;
        if version > current {
            return Err(Error::database(
                path,
                format!(
                    "was written by a newer claimtrail (schema version {version}; this binary knows \
                     versions up to {current}); use a newer claimtrail or another --db"
                ),
            ));
        }
        if version == 0 {
            let tables: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| db_error(path, e))?;
            if tables > 0 {
                return Err(Error::database(
                    path,
                    "is a SQLite database but not a claimtrail one (it has tables and no schema \
                     version); use another --db",
                ));
            }
            if !create {
                return Err(Error::database(
                    path,
                    "is empty; run `claimtrail ingest` or `claimtrail run` first",
                ));
            }
            conn.execute_batch(SCHEMA_SQL)
                .map_err(|e| db_error(path, e))?;
        } else if version < current && !writable {
            return Err(Error::database(
                path,
                format!(
                    "has schema version {version} (an older claimtrail's) and is read-only, so it \
                     cannot be upgraded to {current}; open a writable copy once"
                ),
            ));
        } else if version < current {
            let steps: Vec<&(i64, &str)> = MIGRATIONS
                .iter()
                .filter(|(v, _)| *v > version && *v <= current)
                .collect();
            if steps.len() as i64 != current - version {
                return Err(Error::database(
                    path,
                    format!(
                        "has schema version {version} and this binary has no upgrade path from it \
                         to {current}"
                    ),
                ));
            }
            let mut sql = String::new();
            for (v, step) in steps {
                sql.push_str(step);
                sql.push_str(&format!("\nPRAGMA user_version = {v};\n"));
            }
            conn.execute_batch(&sql).map_err(|e| db_error(path, e))?;
            upgraded_from = Some(version);
        }
        Ok(upgraded_from)
    }

    /// The connection, for stages that read or write their own tables.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The mutable connection (transactions).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `Some(old)` when opening upgraded the schema from version `old`.
    pub fn upgraded_from(&self) -> Option<i64> {
        self.upgraded_from
    }

    /// Wraps a rusqlite error with this database's path and a readable problem.
    pub fn err(&self, e: rusqlite::Error) -> Error {
        db_error(&self.path, e)
    }
}

/// Turns a rusqlite error into one clear line about the database file.
pub fn db_error(path: &Path, e: rusqlite::Error) -> Error {
    let problem = match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::NotADatabase => {
                "is not a SQLite database (wrong file for --db?)".to_string()
            }
            ErrorCode::ReadOnly => "is read-only: cannot write to it".to_string(),
            ErrorCode::CannotOpen => {
                "cannot be opened (does its folder exist, and may we write there?)".to_string()
            }
            ErrorCode::PermissionDenied => "permission denied".to_string(),
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => format!(
                "is being written by another process (another claimtrail?) and stayed locked for \
                 {BUSY_TIMEOUT_SECS} s; try again when it has finished"
            ),
            ErrorCode::DiskFull => "disk full".to_string(),
            _ => e.to_string(),
        },
        _ => e.to_string(),
    };
    Error::database(path, problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_version_is_read_from_schema_sql() {
        assert_eq!(schema_version(), 7);
    }

    #[test]
    fn a_version_1_database_is_upgraded_keeping_its_documents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        // Version 1 is today's schema without stage_state (2, with its params column of 4) and
        // documents_origin (3).
        let start = SCHEMA_SQL
            .find("-- When each stage that runs over the corpus")
            .unwrap();
        let end = SCHEMA_SQL.find("PRAGMA user_version").unwrap();
        let index = "CREATE INDEX IF NOT EXISTS documents_origin ON documents(id, outlet, site_name, url, chars, published);";
        // ... and without the divergences' rule and confidence (6).
        let v6 = SCHEMA_SQL
            .find("    explanation  TEXT    NOT NULL,\n    rule")
            .unwrap();
        let v6_end = SCHEMA_SQL[v6..]
            .find("confidence   REAL    NOT NULL DEFAULT 0\n")
            .unwrap()
            + v6
            + "confidence   REAL    NOT NULL DEFAULT 0\n".len();
        let v1 = format!(
            "{}    explanation  TEXT    NOT NULL\n{}PRAGMA user_version = 1;",
            &SCHEMA_SQL[..v6],
            &SCHEMA_SQL[v6_end..start]
        )
        .replace(index, "")
        .replace(
            "    outlet_source    TEXT CHECK (outlet_source IN ('manifest', 'html', 'url')),  -- NULL: not known\n",
            "",
        )
        // ... and without documents.replaced_bytes (7).
        .replace(
            "    replaced_bytes   TEXT,                              -- `ingest --lossy`: JSON [[byte offset, length], ...]\n                                                        -- of undecodable sequences replaced by U+FFFD\n",
            "",
        );
        assert!(!v1.contains("stage_state") && !v1.contains("documents_origin") && end > start);
        assert!(!v1.contains("confidence   REAL") && !v1.contains("outlet_source"));
        assert!(!v1.contains("replaced_bytes"));
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(&v1).unwrap();
            c.execute(
                "INSERT INTO documents (sha256, path, format, encoding, encoding_source, bytes, text, \
                 chars, language, language_source, ingested_at) VALUES ('ab', 'a.txt', 'text', \
                 'UTF-8', 'utf8', 5, 'hello', 5, 'en', 'detected', 'now')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.upgraded_from(), Some(1));
        let v: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 7);
        // Version 4's column is there, empty: a stage that ran before it has no stored parameters.
        store.set_stage_signature("align", "sig", "{}").unwrap();
        assert_eq!(
            store.stage_params("align").unwrap().map(|p| p.0).as_deref(),
            Some("{}")
        );
        store.conn().execute("DELETE FROM stage_state", []).unwrap();
        let indexes: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'documents_origin'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(indexes, 1);
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM stage_state", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
        assert_eq!(store.documents().unwrap().len(), 1);
    }

    #[test]
    fn a_foreign_sqlite_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let err = Store::open(&path).err().unwrap().to_string();
        assert!(err.contains("not a claimtrail one"), "{err}");
    }
}
