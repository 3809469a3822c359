ALTER TABLE documents ADD COLUMN replaced_bytes TEXT;
