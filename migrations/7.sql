ALTER TABLE documents ADD COLUMN replaced_bytes TEXT;
CREATE INDEX IF NOT EXISTS items_doc_start ON items(doc_id, start, id);
