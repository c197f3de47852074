-- A webhook may deliver its body as an event to a run that waits, instead of starting one:
-- `correlate` is where in the body the target run's idempotency key is ('$.order.id'), `event` the
-- event's name. Both null: the webhook starts a run, as before.
ALTER TABLE webhooks ADD COLUMN correlate TEXT;
ALTER TABLE webhooks ADD COLUMN event TEXT;
