-- Runs: one row per workflow or function run. epoch is the fencing token of the current dispatch.
CREATE TABLE runs (
    id              TEXT    NOT NULL PRIMARY KEY,   -- UUIDv7: sorts by creation time
    component       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,               -- WORKFLOW | FUNCTION
    status          TEXT    NOT NULL,               -- PENDING | RUNNING | COMPLETED | FAILED
    input           BLOB    NOT NULL,               -- JSON
    output          BLOB,                           -- JSON, when COMPLETED
    error_code      TEXT,
    error_type      TEXT,
    error_message   TEXT,
    error_stack     TEXT,
    idempotency_key TEXT    UNIQUE,
    epoch           INTEGER NOT NULL DEFAULT 0,
    worker_id       TEXT,
    created_at      INTEGER NOT NULL,               -- epoch millis
    updated_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX runs_by_status ON runs (status, id);
CREATE INDEX runs_by_component ON runs (component, id);

-- Journal: the truth of a run's progress. Positions are dense from 1; a row is never updated.
CREATE TABLE journal (
    run_id        TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    kind          TEXT    NOT NULL,                 -- step | call | now
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL,                 -- SUCCEEDED | FAILED
    input         BLOB,
    output        BLOB,
    error_code    TEXT,
    error_type    TEXT,
    error_message TEXT,
    error_stack   TEXT,
    attempt       INTEGER NOT NULL,
    epoch         INTEGER NOT NULL,                 -- the dispatch that wrote it
    started_at    INTEGER NOT NULL,
    finished_at   INTEGER NOT NULL,
    PRIMARY KEY (run_id, position)
) WITHOUT ROWID;

-- Components: every workflow and function a worker ever registered; the gateway's notion of "known".
CREATE TABLE components (
    name          TEXT    NOT NULL PRIMARY KEY,
    kind          TEXT    NOT NULL,
    input_schema  TEXT,
    first_seen_at INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
