-- See sqlite/V11: what each run holds (its journal bound), and the position of its event wait.
ALTER TABLE runs ADD COLUMN journal_entries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN journal_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN wait_position INTEGER;
