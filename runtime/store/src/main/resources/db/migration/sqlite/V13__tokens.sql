-- API tokens (docs/architecture.md, "Authentication"). Only the SHA-256 of a token's secret is kept
-- (hex), never the secret: a copy of the database lets no one call the runtime. A token is found by
-- that hash (unique), and ends by revocation (revoked_at) or expiry (expires_at, epoch ms); its row
-- stays so that listings show who had access, and until when.
CREATE TABLE tokens (
    id          TEXT    NOT NULL PRIMARY KEY,
    secret_hash TEXT    NOT NULL UNIQUE,
    namespace   TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    description TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT,
    expires_at  INTEGER,
    revoked_at  INTEGER
);
