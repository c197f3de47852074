-- Priorities (?priority= on start): higher is dispatched first, oldest first within one priority.
-- The pending scan orders by (priority DESC, id) within a component; this index serves it.
ALTER TABLE runs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX runs_pending_by_priority ON runs (component, priority DESC, id) WHERE status = 'PENDING';
