-- Version 1 -> 2: the stage_state table (align, diverge and chain runs).
CREATE TABLE IF NOT EXISTS stage_state (
    stage     TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    done_at   TEXT NOT NULL
);
