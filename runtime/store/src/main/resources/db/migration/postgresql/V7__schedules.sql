CREATE TABLE schedules (
    id            TEXT COLLATE "C" PRIMARY KEY,
    workflow      TEXT   NOT NULL,
    cron          TEXT,
    interval_ms   BIGINT,
    time_zone     TEXT   NOT NULL,
    input         BYTEA,
    misfire       TEXT   NOT NULL,
    origin        TEXT   NOT NULL,
    next_fire_at  BIGINT NOT NULL,
    last_fired_at BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX schedules_due ON schedules (next_fire_at);
