-- Rate limits per workflow (@Workflow(rateLimit = "100/1m", rateKey = "customerId")): at most
-- rate_limit runs begin in any sliding window of rate_window_ms, per value of the input field rate_key
-- (runs.rate_key holds the run's value, "" for one group). A run's first claim takes a slot, one row of
-- rate_slots (one per run: a replay or a re-dispatch takes none); rows older than the window are pruned.
ALTER TABLE components ADD COLUMN rate_limit INTEGER;
ALTER TABLE components ADD COLUMN rate_window_ms INTEGER;
ALTER TABLE components ADD COLUMN rate_key TEXT;
ALTER TABLE runs ADD COLUMN rate_key TEXT;
CREATE TABLE rate_slots (
    run_id     TEXT PRIMARY KEY,
    component  TEXT NOT NULL,
    rate_key   TEXT NOT NULL,
    claimed_at INTEGER NOT NULL
);
CREATE INDEX rate_slots_by_group ON rate_slots (component, rate_key, claimed_at);
CREATE INDEX rate_slots_by_time ON rate_slots (claimed_at);
-- Named queues (@Workflow(queue = "emails", maxConcurrency = 5)): the concurrency limit of a workflow
-- in a queue counts the runs of every workflow of that queue (components.queue), not its own alone.
ALTER TABLE components ADD COLUMN queue TEXT;
CREATE INDEX components_by_queue ON components (queue) WHERE queue IS NOT NULL;
