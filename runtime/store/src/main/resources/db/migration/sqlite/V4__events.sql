-- The durable inbox of each run: events kept in arrival order until a wait consumes them.
CREATE TABLE events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,     -- arrival order
    run_id        TEXT    NOT NULL,
    event_id      TEXT    NOT NULL,                      -- de-duplicates redelivery
    name          TEXT    NOT NULL,
    payload       BLOB    NOT NULL,                      -- JSON
    received_at   INTEGER NOT NULL,
    consumed_at   INTEGER                                -- the journal position of the wait that took it
);
CREATE UNIQUE INDEX events_by_id ON events (run_id, event_id);
CREATE INDEX events_waiting ON events (run_id, name, seq) WHERE consumed_at IS NULL;

-- What a SUSPENDED run waits for: an event name, until wait_deadline (kept across wake-ups, so a
-- replayed wait keeps its first deadline).
ALTER TABLE runs ADD COLUMN waiting_for TEXT;
ALTER TABLE runs ADD COLUMN wait_deadline INTEGER;
