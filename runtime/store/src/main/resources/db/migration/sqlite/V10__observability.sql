-- Observability (issue 7).
-- trace_parent: the W3C traceparent of the caller that started the run, so the run's trace is a
-- child of the caller's; null when the start carried none (the run is then a trace of its own).
ALTER TABLE runs ADD COLUMN trace_parent TEXT;

-- Free-form labels given at start (e.g. "tenant:acme"), for filtering runs. Keyed by tag first:
-- the only read is "runs with this tag", newest first.
CREATE TABLE run_tags (
    tag    TEXT NOT NULL,
    run_id TEXT NOT NULL,
    PRIMARY KEY (tag, run_id)
) WITHOUT ROWID;
