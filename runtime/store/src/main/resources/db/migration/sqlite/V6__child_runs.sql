-- Child runs: started by a parent run's ctx.startChild, which journals the child's id. When a child
-- ends, its outcome goes to the parent's inbox; a REQUIRED child is cancelled when its parent ends
-- first or is cancelled, a DETACHED one lives on.
ALTER TABLE runs ADD COLUMN parent_id TEXT;
ALTER TABLE runs ADD COLUMN parent_policy TEXT;
CREATE INDEX runs_by_parent ON runs (parent_id) WHERE parent_id IS NOT NULL;
