-- Concurrency limits per workflow: at most max_concurrency runs admitted and not finished at once,
-- per value of the input field concurrency_key (runs.concurrency_key holds the run's value).
-- A run is admitted at its first claim (epoch 0 -> 1) and holds its place until it ends.
ALTER TABLE components ADD COLUMN max_concurrency INTEGER;
ALTER TABLE components ADD COLUMN concurrency_key TEXT;
ALTER TABLE runs ADD COLUMN concurrency_key TEXT;
-- Only runs of limited workflows carry a key ("" when the limit is across all runs), so the index
-- costs nothing for the others.
CREATE INDEX runs_by_concurrency_group ON runs (component, concurrency_key, status)
    WHERE concurrency_key IS NOT NULL AND epoch > 0;
