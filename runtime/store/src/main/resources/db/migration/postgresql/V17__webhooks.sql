-- See sqlite/V17: webhooks that start runs once the provider's signature checks out.
CREATE TABLE webhooks (
    name       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    workflow   TEXT   NOT NULL,
    provider   TEXT   NOT NULL,
    secret     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT
);
