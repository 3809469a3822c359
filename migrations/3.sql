-- Version 2 -> 3: a covering index of the documents' origin (outlet, URL, date, length), so that
-- the stages that read every page's metadata do not walk the text stored before it in each row.
CREATE INDEX IF NOT EXISTS documents_origin ON documents(id, outlet, site_name, url, chars, published);
