package dev.mainstay.agent;

import java.util.List;

/**
 * The input of an agent run of its own (the workflow {@code agent:<name>}, started with
 * {@code POST /v1/agents/{name}/runs}): the user's message, the session it belongs to, and the
 * session's history, which the runtime fills in from the session's previous run.
 */
public record AgentRunInput(String message, String sessionId, List<Message> history) {
    public AgentRunInput {
        history = history == null ? List.of() : List.copyOf(history);
    }
}
