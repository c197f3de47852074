package dev.mainstay.agent.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The agent module's JSON mapper: tool arguments in, tool results and structured output out. */
public final class AgentJson {
    public static final ObjectMapper MAPPER = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory())
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AgentJson() {}

    /** Text for the model: a string as it is, anything else as JSON. */
    public static String text(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return s;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (Exception e) {
            return String.valueOf(value);
        }
    }

    public static JsonNode tree(String json) throws com.fasterxml.jackson.core.JsonProcessingException {
        return MAPPER.readTree(json == null || json.isBlank() ? "{}" : json);
    }
}
