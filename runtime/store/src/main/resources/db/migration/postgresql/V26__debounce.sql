-- Debounced starts (?debounce=5s&debounceKey=K): a run waits SUSPENDED until its window ends, and a
-- later start with the same key replaces its input while it has not been claimed. The partial unique
-- index finds that run and keeps it one per component and key.
ALTER TABLE runs ADD COLUMN debounce_key TEXT;
ALTER TABLE runs ADD COLUMN debounce_until BIGINT;
CREATE UNIQUE INDEX runs_debouncing ON runs (component, debounce_key)
    WHERE debounce_key IS NOT NULL AND status = 'SUSPENDED' AND epoch = 0;
