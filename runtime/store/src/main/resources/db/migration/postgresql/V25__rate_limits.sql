-- Rate limits per workflow: see the SQLite migration of the same version.
ALTER TABLE components ADD COLUMN rate_limit INTEGER;
ALTER TABLE components ADD COLUMN rate_window_ms BIGINT;
ALTER TABLE components ADD COLUMN rate_key TEXT;
ALTER TABLE runs ADD COLUMN rate_key TEXT;
CREATE TABLE rate_slots (
    run_id     TEXT PRIMARY KEY,
    component  TEXT NOT NULL,
    rate_key   TEXT NOT NULL,
    claimed_at BIGINT NOT NULL
);
CREATE INDEX rate_slots_by_group ON rate_slots (component, rate_key, claimed_at);
CREATE INDEX rate_slots_by_time ON rate_slots (claimed_at);
-- Named queues (@Workflow(queue = "emails", maxConcurrency = 5)): the concurrency limit of a workflow
-- in a queue counts the runs of every workflow of that queue (components.queue), not its own alone.
ALTER TABLE components ADD COLUMN queue TEXT;
CREATE INDEX components_by_queue ON components (queue) WHERE queue IS NOT NULL;
