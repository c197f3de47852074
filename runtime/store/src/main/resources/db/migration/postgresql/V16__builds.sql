-- Worker builds (see docs/architecture.md, "Builds"). A run is pinned to the build of the worker
-- that first claimed it (runs.build_id, set at that claim and never changed); a run not claimed yet
-- goes to its component's current build: the one with the latest chosen_at, which is its first
-- registration, or a later promote or rollback.
ALTER TABLE runs ADD COLUMN build_id TEXT;
CREATE TABLE builds (
    component     TEXT   NOT NULL,
    build_id      TEXT   NOT NULL,
    first_seen_at BIGINT NOT NULL,
    chosen_at     BIGINT NOT NULL,
    PRIMARY KEY (component, build_id)
);
CREATE INDEX runs_component_build ON runs (component, build_id);
