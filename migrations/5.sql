CREATE TABLE IF NOT EXISTS claim_vectors (
    text_sha256 TEXT NOT NULL,
    model       TEXT NOT NULL,
    vector      BLOB NOT NULL,
    PRIMARY KEY (text_sha256, model)
) WITHOUT ROWID;
