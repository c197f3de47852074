CREATE TABLE attempts (
    run_id        TEXT COLLATE "C" NOT NULL,
    position      INTEGER NOT NULL,
    attempt       INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    error_code    TEXT    NOT NULL,
    error_type    TEXT,
    error_message TEXT,
    error_stack   TEXT,
    epoch         BIGINT  NOT NULL,
    started_at    BIGINT  NOT NULL,
    finished_at   BIGINT  NOT NULL,
    retry_at      BIGINT,
    PRIMARY KEY (run_id, position, attempt)
);

ALTER TABLE runs ADD COLUMN wake_at BIGINT;
CREATE INDEX runs_by_wake_at ON runs (wake_at) WHERE wake_at IS NOT NULL;
