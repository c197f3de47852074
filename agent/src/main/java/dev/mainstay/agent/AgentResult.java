package dev.mainstay.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.mainstay.agent.internal.AgentJson;
import java.util.List;

/**
 * The outcome of an agent run: the agent that answered (after handoffs), its final text, the
 * structured output when the agent has an output type (else the text), the conversation (without
 * instructions; what a session keeps) and the summed {@link Usage}.
 */
public record AgentResult(String agent, String text, Object output, List<Message> messages, Usage usage) {

    public AgentResult {
        messages = List.copyOf(messages);
    }

    /** The structured output as {@code type}; also works on a result read back from JSON. */
    @JsonIgnore
    public <T> T output(Class<T> type) {
        return type.isInstance(output) ? type.cast(output) : AgentJson.MAPPER.convertValue(output, type);
    }
}
