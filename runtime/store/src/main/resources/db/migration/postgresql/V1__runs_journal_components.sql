-- PostgreSQL twin of sqlite/V1 (versions move in step): the same tables and columns, so both stores
-- run the same SQL. Ids are compared byte-wise (COLLATE "C"): UUIDv7 text sorts by creation time
-- only under a binary collation, and the run list's cursor and time ranges rely on it.
CREATE TABLE runs (
    id              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    component       TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    input           BYTEA   NOT NULL,
    output          BYTEA,
    error_code      TEXT,
    error_type      TEXT,
    error_message   TEXT,
    error_stack     TEXT,
    idempotency_key TEXT    UNIQUE,
    epoch           BIGINT  NOT NULL DEFAULT 0,
    worker_id       TEXT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX runs_by_status ON runs (status, id);
CREATE INDEX runs_by_component ON runs (component, id);

CREATE TABLE journal (
    run_id        TEXT COLLATE "C" NOT NULL,
    position      INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    input         BYTEA,
    output        BYTEA,
    error_code    TEXT,
    error_type    TEXT,
    error_message TEXT,
    error_stack   TEXT,
    attempt       INTEGER NOT NULL,
    epoch         BIGINT  NOT NULL,
    started_at    BIGINT  NOT NULL,
    finished_at   BIGINT  NOT NULL,
    PRIMARY KEY (run_id, position)
);

CREATE TABLE components (
    name          TEXT    NOT NULL PRIMARY KEY,
    kind          TEXT    NOT NULL,
    input_schema  TEXT,
    first_seen_at BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL
);
