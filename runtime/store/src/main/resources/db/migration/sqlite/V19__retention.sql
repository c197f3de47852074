-- Retention (--retention) deletes finished runs with everything of theirs in batches; these let a
-- batch find a run's tags and the agent sessions that point at it without scanning either table.
CREATE INDEX run_tags_by_run ON run_tags (run_id);
CREATE INDEX agent_sessions_by_last_run ON agent_sessions (last_run_id);
