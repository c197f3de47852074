-- See sqlite/V13: API tokens, kept as the SHA-256 of their secret only.
CREATE TABLE tokens (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    secret_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    namespace   TEXT   NOT NULL,
    role        TEXT   NOT NULL,
    description TEXT,
    created_at  BIGINT NOT NULL,
    created_by  TEXT,
    expires_at  BIGINT,
    revoked_at  BIGINT
);
