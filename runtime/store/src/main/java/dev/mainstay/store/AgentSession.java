package dev.mainstay.store;

/** An agent's conversation session: the last run started for it. */
public record AgentSession(String agent, String sessionId, String lastRunId, long createdAtMs, long updatedAtMs) {}
