-- Retention per workflow (PUT /v1/workflows/{name}/retention): a workflow's finished runs are deleted
-- this many milliseconds after they finished, instead of after the runtime's --retention (null: that).
ALTER TABLE components ADD COLUMN retention_ms INTEGER;
