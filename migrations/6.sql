ALTER TABLE divergences ADD COLUMN rule TEXT NOT NULL DEFAULT '';
ALTER TABLE divergences ADD COLUMN confidence REAL NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN outlet_source TEXT CHECK (outlet_source IN ('manifest', 'html', 'url'));
