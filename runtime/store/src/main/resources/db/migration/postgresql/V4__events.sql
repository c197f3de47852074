CREATE TABLE events (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- arrival order
    run_id        TEXT COLLATE "C" NOT NULL,
    event_id      TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    payload       BYTEA   NOT NULL,
    received_at   BIGINT  NOT NULL,
    consumed_at   INTEGER
);
CREATE UNIQUE INDEX events_by_id ON events (run_id, event_id);
CREATE INDEX events_waiting ON events (run_id, name, seq) WHERE consumed_at IS NULL;

ALTER TABLE runs ADD COLUMN waiting_for TEXT;
ALTER TABLE runs ADD COLUMN wait_deadline BIGINT;
