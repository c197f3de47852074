-- Who did what: the id of the token (never its secret) that started a run, first asked to cancel
-- it, or sent an event (an approval, an answer). Null for the runtime's own doings (children,
-- schedules, cancels that follow a parent) and under --auth none.
ALTER TABLE runs ADD COLUMN started_by TEXT;
ALTER TABLE runs ADD COLUMN cancelled_by TEXT;
ALTER TABLE events ADD COLUMN sent_by TEXT;
