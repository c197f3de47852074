-- Pause and resume (POST /v1/runs/{id}/pause, /v1/workflows/{name}/pause): a paused run, or any run of
-- a paused workflow, is not claimed until resumed; the claim and the pending scan check these columns.
ALTER TABLE runs ADD COLUMN paused_at INTEGER;
ALTER TABLE runs ADD COLUMN paused_by TEXT;
ALTER TABLE components ADD COLUMN paused_at INTEGER;
ALTER TABLE components ADD COLUMN paused_by TEXT;
