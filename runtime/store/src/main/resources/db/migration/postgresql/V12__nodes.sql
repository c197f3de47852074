-- See sqlite/V12: the nodes of one runtime, the roles one node holds at a time, and the node of a run's holder.
CREATE TABLE nodes (
    id           TEXT   NOT NULL PRIMARY KEY,
    incarnation  TEXT   NOT NULL,
    http_address TEXT,
    grpc_address TEXT,
    started_at   BIGINT NOT NULL,
    lease_until  BIGINT NOT NULL,
    workers      TEXT
);
CREATE TABLE node_roles (
    role        TEXT   NOT NULL PRIMARY KEY,
    node_id     TEXT,
    incarnation TEXT,
    lease_until BIGINT NOT NULL DEFAULT 0
);
INSERT INTO node_roles (role, lease_until) VALUES ('leader', 0);
ALTER TABLE runs ADD COLUMN node_id TEXT;
