-- Search attributes (ctx.setAttribute, GET /v1/runs?attr.customer=c-42): one row per run and name,
-- written in the same transaction as the journal entry of kind 'attribute' that sets it. text_value
-- holds a string, or the exact text of any other kind; num_value orders numbers, booleans (0/1) and
-- times (epoch milliseconds). The two indexes serve the lookups by (name, value).
CREATE TABLE run_attributes (
    run_id     TEXT NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    text_value TEXT NOT NULL,
    num_value  DOUBLE PRECISION,
    PRIMARY KEY (run_id, name)
);
CREATE INDEX run_attributes_by_text ON run_attributes (name, text_value);
CREATE INDEX run_attributes_by_number ON run_attributes (name, num_value);
