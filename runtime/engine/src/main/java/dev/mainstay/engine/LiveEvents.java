package dev.mainstay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;

/** Live events as hint subjects between nodes: JSON in URL-safe base64 (no ',' or ':' in it). */
final class LiveEvents {
    private static final ObjectMapper JSON = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());

    private LiveEvents() {}

    static String encode(LiveEvent event) {
        ObjectNode node = JSON.createObjectNode().put("position", event.position());
        switch (event) {
            case LiveEvent.AttemptBegan began -> node.put("kind", began.kind()).put("name", began.name())
                    .put("attempt", began.attempt()).put("startedAtMs", began.startedAtMs());
            case LiveEvent.Output output -> node.put("text", output.text());
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a live event", e);
        }
    }

    /** The event, or null for one this version cannot read. */
    static LiveEvent decode(String encoded) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(encoded));
            int position = node.path("position").asInt();
            if (node.has("text")) {
                return new LiveEvent.Output(position, node.path("text").asText());
            }
            return new LiveEvent.AttemptBegan(position, node.path("kind").asText(), node.path("name").asText(),
                    node.path("attempt").asInt(), node.path("startedAtMs").asLong());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
