ALTER TABLE runs ADD COLUMN parent_id TEXT COLLATE "C";
ALTER TABLE runs ADD COLUMN parent_policy TEXT;
CREATE INDEX runs_by_parent ON runs (parent_id) WHERE parent_id IS NOT NULL;
