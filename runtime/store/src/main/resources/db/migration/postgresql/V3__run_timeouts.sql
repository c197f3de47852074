ALTER TABLE components ADD COLUMN run_timeout_ms BIGINT;
ALTER TABLE runs ADD COLUMN deadline_at BIGINT;
CREATE INDEX runs_by_deadline_at ON runs (deadline_at) WHERE deadline_at IS NOT NULL;
