//! Helpers shared by the integration tests: run the binary against a temporary database.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temporary folder with a database path inside it.
pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("test.db");
        Env { dir, db }
    }

    /// `claimtrail --db <db> args...`
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("claimtrail").expect("binary");
        c.env_remove("CLAIMTRAIL_DB")
            .arg("--db")
            .arg(&self.db)
            .args(args);
        c
    }

    /// Writes a file under the temporary folder and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write");
        p
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The stored documents as JSON.
    pub fn docs_json(&self) -> serde_json::Value {
        let out = self
            .cmd(&["docs", "--format", "json"])
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    }

    pub fn doc_count(&self) -> usize {
        if !self.db.exists() {
            return 0;
        }
        let conn = rusqlite::Connection::open(&self.db).expect("open");
        conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
            .unwrap_or(0) as usize
    }
}

/// The repository's samples folder.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// `claimtrail eval GOLD --format json` on this database, parsed.
pub fn eval_json(env: &Env, gold: &Path) -> serde_json::Value {
    let out = env
        .cmd(&[
            "eval",
            gold.to_str().expect("utf-8 path"),
            "--format",
            "json",
        ])
        .output()
        .expect("eval runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("eval JSON")
}
