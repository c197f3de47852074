-- Restart from a step: a run started by POST /v1/runs/{id}/restart links to the run it restarts
-- (restarted_from) and the position its own journal continues from; the index lists an original's restarts.
CREATE TABLE run_restarts (
    run_id         TEXT    NOT NULL PRIMARY KEY,
    restarted_from TEXT    NOT NULL,
    from_position  INTEGER NOT NULL
);
CREATE INDEX run_restarts_by_original ON run_restarts (restarted_from);
