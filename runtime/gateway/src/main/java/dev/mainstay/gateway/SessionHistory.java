package dev.mainstay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Keeps a session's history small enough for the next run. The history travels in the run's input
 * and comes back, grown by the new turn, in its result, which must fit {@code --max-payload-bytes};
 * a run whose result does not fit fails after all its model calls were paid for. So the history a
 * run is given takes at most half the limit, and the oldest turns go first.
 */
final class SessionHistory {
    private SessionHistory() {}

    /**
     * The newest whole turns of {@code history} whose JSON fits in {@code budgetBytes}. A turn starts
     * at a user message, so an assistant's tool calls are never kept without their results or the
     * other way round. {@code history} itself when it fits.
     */
    static ArrayNode fit(ArrayNode history, int budgetBytes, ObjectMapper mapper) {
        int count = history.size();
        long[] from = new long[count + 1]; // from[i]: bytes of the elements i.. (without separators)
        for (int i = count - 1; i >= 0; i--) {
            from[i] = from[i + 1] + size(history.get(i), mapper);
        }
        int start = 0;
        while (start < count && 2 + from[start] + (count - start - 1) > budgetBytes) { // [ ] and commas
            do {
                start++;
            } while (start < count && !isUser(history.get(start)));
        }
        if (start == 0) {
            return history;
        }
        ArrayNode kept = mapper.createArrayNode();
        for (int i = start; i < count; i++) {
            kept.add(history.get(i));
        }
        return kept;
    }

    private static boolean isUser(JsonNode message) {
        return "USER".equals(message.path("role").asText());
    }

    private static int size(JsonNode node, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsBytes(node).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // a tree read from JSON writes back
        }
    }
}
