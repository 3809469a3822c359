-- Version 3 -> 4: the parameters each corpus stage last ran with, so that read commands reuse them
-- instead of recomputing with the defaults.
ALTER TABLE stage_state ADD COLUMN params TEXT;
