-- See sqlite/V15: the token ids that started, cancelled or sent an event to a run.
ALTER TABLE runs ADD COLUMN started_by TEXT;
ALTER TABLE runs ADD COLUMN cancelled_by TEXT;
ALTER TABLE events ADD COLUMN sent_by TEXT;
