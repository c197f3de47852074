ALTER TABLE components ADD COLUMN max_concurrency INTEGER;
ALTER TABLE components ADD COLUMN concurrency_key TEXT;
ALTER TABLE runs ADD COLUMN concurrency_key TEXT;
CREATE INDEX runs_by_concurrency_group ON runs (component, concurrency_key, status)
    WHERE concurrency_key IS NOT NULL AND epoch > 0;
