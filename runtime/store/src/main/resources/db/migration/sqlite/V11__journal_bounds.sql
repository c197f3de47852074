-- What each run holds in the journal and attempts tables, kept by every write that adds a row, so
-- the bound on a run's journal (--max-journal-entries, --max-journal-bytes) is checked without
-- scanning it. Bytes count the payload and error columns.
ALTER TABLE runs ADD COLUMN journal_entries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN journal_bytes INTEGER NOT NULL DEFAULT 0;

UPDATE runs SET
    journal_entries = (SELECT COUNT(*) FROM journal j WHERE j.run_id = runs.id)
                    + (SELECT COUNT(*) FROM attempts a WHERE a.run_id = runs.id),
    journal_bytes = (SELECT COALESCE(SUM(COALESCE(length(input), 0) + COALESCE(length(output), 0)
                                         + COALESCE(length(error_message), 0) + COALESCE(length(error_stack), 0)), 0)
                     FROM journal j WHERE j.run_id = runs.id)
                  + (SELECT COALESCE(SUM(COALESCE(length(error_message), 0) + COALESCE(length(error_stack), 0)), 0)
                     FROM attempts a WHERE a.run_id = runs.id);

-- The position of the event wait that waiting_for and wait_deadline belong to: a later wait of the
-- same name at another position starts afresh instead of inheriting a stale deadline, and an entry
-- journaled at that position (the event, its timeout, a cancel) ends the wait.
ALTER TABLE runs ADD COLUMN wait_position INTEGER;
