ALTER TABLE runs ADD COLUMN trace_parent TEXT;

CREATE TABLE run_tags (
    tag    TEXT NOT NULL,
    run_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (tag, run_id)
);
