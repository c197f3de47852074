-- Webhooks: POST /v1/webhooks/{name} starts a run of `workflow` with the request's body once the
-- provider's signature checks out. name and workflow are qualified by namespace ('<ns>/<name>').
-- The secret is kept as given: checking an HMAC needs it (unlike a token, which is kept hashed).
-- (V16 is left to worker builds.)
CREATE TABLE webhooks (
    name       TEXT    NOT NULL PRIMARY KEY,
    workflow   TEXT    NOT NULL,
    provider   TEXT    NOT NULL,             -- github | stripe | slack | generic
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT
);
