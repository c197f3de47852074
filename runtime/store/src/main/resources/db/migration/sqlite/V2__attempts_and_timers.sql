-- Failed attempts of a step, before its final journal entry exists (or beside a final FAILED entry).
CREATE TABLE attempts (
    run_id        TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    attempt       INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    error_code    TEXT    NOT NULL,
    error_type    TEXT,
    error_message TEXT,
    error_stack   TEXT,
    epoch         INTEGER NOT NULL,
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER NOT NULL,
    retry_at      INTEGER,
    PRIMARY KEY (run_id, position, attempt)
) WITHOUT ROWID;

-- Durable timers: a SUSPENDED run wakes (becomes PENDING) at wake_at. Read through the index, never by a scan.
ALTER TABLE runs ADD COLUMN wake_at INTEGER;
CREATE INDEX runs_by_wake_at ON runs (wake_at) WHERE wake_at IS NOT NULL;
