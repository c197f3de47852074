CREATE TABLE agent_sessions (
    agent       TEXT   NOT NULL,
    session_id  TEXT   NOT NULL,
    last_run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (agent, session_id)
);
