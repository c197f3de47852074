-- Whole-run timeouts: a component may set one; a run of it fails at deadline_at if still live.
ALTER TABLE components ADD COLUMN run_timeout_ms INTEGER;
ALTER TABLE runs ADD COLUMN deadline_at INTEGER;
CREATE INDEX runs_by_deadline_at ON runs (deadline_at) WHERE deadline_at IS NOT NULL;
