package dev.mainstay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.StartCommand;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.AgentSession;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import dev.mainstay.store.SessionBusyException;
import dev.mainstay.store.StartResult;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Agent runs of their own ({@code POST /v1/agents/{name}/runs}) and their sessions. An agent is
 * served by workers as the workflow {@code agent:<name>} with the input
 * {@code {"message", "sessionId", "history"}}. The runtime, not the client, supplies the history:
 * the conversation the session's last run ended with (its output's {@code messages} when it
 * completed; when it failed or was cancelled, the history it was given, so a failed turn is
 * dropped), without its oldest turns when it would take more than half of {@code --max-payload-bytes}.
 * The run and the session's pointer to it are committed together, and a session takes one run at a
 * time, so two messages cannot fork a conversation.
 */
final class AgentSessions {
    static final String PREFIX = "agent:";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

    private final Engine engine;
    private final ObjectMapper mapper;
    /** Half the payload limit: the other half is for the turn the run adds (see {@link SessionHistory}). */
    private final int historyBudgetBytes;

    AgentSessions(Engine engine, ObjectMapper mapper, int maxPayloadBytes) {
        this.engine = engine;
        this.mapper = mapper;
        this.historyBudgetBytes = maxPayloadBytes / 2;
    }

    /** Starts a run of {@code agent} of {@code namespace}; sessions are per namespace too. */
    StartResult start(String namespace, String agent, JsonNode body, String idempotencyKey, String startedBy)
            throws IOException {
        String component = Namespaces.qualify(namespace, PREFIX + agent);
        String sessionKey = Namespaces.qualify(namespace, agent);
        if (engine.component(component).filter(c -> c.kind() == ComponentKind.WORKFLOW).isEmpty()) {
            throw new ApiException(ErrorCode.WORKFLOW_NOT_FOUND, "no agent '" + agent + "' is registered; a worker"
                    + " serves it after Agents.register(workerBuilder, agent)");
        }
        String message = message(body);
        String sessionId = sessionId(body);
        ObjectNode input = mapper.createObjectNode().put("message", message).put("sessionId", sessionId);
        if (sessionId == null) {
            input.putArray("history");
            return engine.start(new StartCommand(component, ComponentKind.WORKFLOW, CanonicalJson.bytes(input), idempotencyKey,
                    null, List.of(), startedBy));
        }
        Optional<AgentSession> session = engine.agentSession(sessionKey, sessionId);
        String expected = null;
        ArrayNode history = mapper.createArrayNode();
        if (session.isPresent()) {
            RunRecord last = engine.run(session.get().lastRunId());
            if (!last.status().isFinal()) {
                // a retried request whose run is the one in progress gets that run, not an error
                if (idempotencyKey != null && idempotencyKey.equals(last.idempotencyKey())) {
                    return new StartResult(last, false);
                }
                throw new SessionBusyException(agent, sessionId, "has run " + last.id() + " still " + last.status()
                        + "; wait for it (GET /v1/runs/" + last.id() + "?wait=30s) and send the message again");
            }
            history = SessionHistory.fit(messagesAfter(last), historyBudgetBytes, mapper);
            expected = last.id();
        }
        input.set("history", history);
        return engine.startInSession(new StartCommand(component, ComponentKind.WORKFLOW, CanonicalJson.bytes(input),
                idempotencyKey, null, List.of(), startedBy), sessionKey, sessionId, expected);
    }

    /** {@code {agent, sessionId, lastRunId, lastRunStatus, messages}}: the conversation the next run would start from. */
    JsonNode view(String namespace, String agent, String sessionId) throws IOException {
        AgentSession session = engine.agentSession(Namespaces.qualify(namespace, agent), sessionId).orElseThrow(() -> new ApiException(
                ErrorCode.NOT_FOUND, "agent '" + agent + "' has no session '" + sessionId + "'"));
        RunRecord last = engine.run(session.lastRunId());
        ObjectNode view = mapper.createObjectNode().put("agent", agent).put("sessionId", sessionId)
                .put("lastRunId", last.id()).put("lastRunStatus", last.status().name());
        view.set("messages", last.status().isFinal() ? messagesAfter(last) : history(last));
        return view;
    }

    private ArrayNode messagesAfter(RunRecord run) throws IOException {
        if (run.status() == RunStatus.COMPLETED && run.output() != null) {
            JsonNode messages = mapper.readTree(run.output()).get("messages");
            if (messages != null && messages.isArray()) {
                return (ArrayNode) messages;
            }
        }
        return history(run);
    }

    private ArrayNode history(RunRecord run) throws IOException {
        JsonNode history = mapper.readTree(run.input()).get("history");
        return history != null && history.isArray() ? (ArrayNode) history : mapper.createArrayNode();
    }

    private static String message(JsonNode body) {
        if (!body.isObject()) {
            throw invalid("the body must be an object {\"message\": \"...\", \"sessionId\": \"...\"}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("message") && !field.equals("sessionId")) {
                throw invalid("'" + field + "' is not a field of an agent run; send message and, optionally, sessionId"
                        + " (the runtime keeps the history)");
            }
        }
        JsonNode message = body.get("message");
        if (message == null || !message.isTextual() || message.asText().isBlank()) {
            throw invalid("'message' must be a non-empty string");
        }
        return message.asText();
    }

    private static String sessionId(JsonNode body) {
        JsonNode id = body.get("sessionId");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual() || !SESSION_ID.matcher(id.asText()).matches()) {
            throw invalid("'sessionId' must be 1 to 200 letters, digits or . _ : @ -");
        }
        return id.asText();
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_INPUT, message);
    }
}
