//! The crate's error type: every error names the file (and line, where there is one) it concerns,
//! so the command line can print it as one clear line.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error from any stage. `Display` gives one line: `PATH[:LINE]: problem`.
#[derive(Debug)]
pub enum Error {
    /// A problem with an input file (document, manifest, gold file), optionally at a 1-based line.
    Input {
        path: PathBuf,
        line: Option<usize>,
        problem: String,
    },
    /// A problem with the database file.
    Database { path: PathBuf, problem: String },
    /// Anything else (usage errors, I/O on stdout).
    Other(String),
}

impl Error {
    /// An input error without a line number.
    pub fn input(path: impl AsRef<Path>, problem: impl Into<String>) -> Self {
        Error::Input {
            path: path.as_ref().to_path_buf(),
            line: None,
            problem: problem.into(),
        }
    }

    /// An input error at a 1-based line.
    pub fn input_line(path: impl AsRef<Path>, line: usize, problem: impl Into<String>) -> Self {
        Error::Input {
            path: path.as_ref().to_path_buf(),
            line: Some(line),
            problem: problem.into(),
        }
    }

    /// A database error.
    pub fn database(path: impl AsRef<Path>, problem: impl Into<String>) -> Self {
        Error::Database {
            path: path.as_ref().to_path_buf(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input {
                path,
                line: Some(line),
                problem,
            } => write!(f, "{}:{}: {}", path.display(), line, problem),
            Error::Input {
                path,
                line: None,
                problem,
            } => write!(f, "{}: {}", path.display(), problem),
            Error::Database { path, problem } => {
                write!(f, "database {}: {}", path.display(), problem)
            }
            Error::Other(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
