-- Schedules: a workflow started on a cron expression (in a time zone) or a fixed interval. Each
-- slot starts one run whose idempotency key names the slot, so a restart never fires it twice.
-- next_fire_at is indexed: the timers thread reads the earliest, never scans.
CREATE TABLE schedules (
    id            TEXT PRIMARY KEY,
    workflow      TEXT NOT NULL,
    cron          TEXT,
    interval_ms   INTEGER,
    time_zone     TEXT NOT NULL,
    input         BLOB,
    misfire       TEXT NOT NULL,
    origin        TEXT NOT NULL,
    next_fire_at  INTEGER NOT NULL,
    last_fired_at INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX schedules_due ON schedules (next_fire_at);
