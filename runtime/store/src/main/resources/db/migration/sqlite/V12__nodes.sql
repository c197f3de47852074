-- Several runtime nodes on one database (PostgreSQL; a SQLite store always has exactly one).
-- nodes: who is alive, judged by the database's clock (lease_until, epoch ms). A node renews its
-- lease; one whose lease passed is dead: its held runs are taken over and its row deleted.
CREATE TABLE nodes (
    id           TEXT    NOT NULL PRIMARY KEY,
    incarnation  TEXT    NOT NULL,
    http_address TEXT,
    grpc_address TEXT,
    started_at   INTEGER NOT NULL,
    lease_until  INTEGER NOT NULL,
    workers      TEXT -- the node's connected workers (JSON), written at each renewal: listings show every node's
);
-- node_roles: jobs exactly one node does at a time (role 'leader': timers, schedules, run
-- deadlines, taking over dead nodes), held under a lease like a node's own.
CREATE TABLE node_roles (
    role        TEXT    NOT NULL PRIMARY KEY,
    node_id     TEXT,
    incarnation TEXT,
    lease_until INTEGER NOT NULL DEFAULT 0
);
INSERT INTO node_roles (role, lease_until) VALUES ('leader', 0);
-- the node whose worker holds the run (set by each claim, never cleared: only read with status RUNNING)
ALTER TABLE runs ADD COLUMN node_id TEXT;
