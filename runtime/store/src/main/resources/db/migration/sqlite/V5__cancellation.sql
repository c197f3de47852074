-- Cancellation of a RUNNING run is a request: its worker sees it at the next ctx operation, may run
-- cleanup steps, and the run then ends CANCELLED whatever its body returned.
ALTER TABLE runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
