-- Agent conversation sessions (POST /v1/agents/{name}/runs with a sessionId). A session points at
-- the last run started for it; the next run of the session starts from that run's conversation:
-- its output's messages when it COMPLETED, else the history it was given (a failed turn is dropped).
-- The run and the pointer are written in one transaction, so they cannot disagree after a crash.
CREATE TABLE agent_sessions (
    agent       TEXT    NOT NULL,
    session_id  TEXT    NOT NULL,
    last_run_id TEXT    NOT NULL REFERENCES runs (id),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (agent, session_id)
);
