package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

class SessionHistoryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Turn n: the user asks, the assistant calls a tool, the tool answers, the assistant answers. */
    static ArrayNode turns(int count) {
        ArrayNode history = JSON.createArrayNode();
        for (int n = 1; n <= count; n++) {
            history.addObject().put("role", "USER").put("text", "question " + n);
            history.addObject().put("role", "ASSISTANT").putArray("toolCalls").addObject().put("id", "c" + n);
            history.addObject().put("role", "TOOL").put("text", "result " + n).put("toolCallId", "c" + n);
            history.addObject().put("role", "ASSISTANT").put("text", "answer " + n);
        }
        return history;
    }

    static int bytes(ArrayNode history) throws Exception {
        return JSON.writeValueAsBytes(history).length;
    }

    @Test
    void aHistoryThatFits_isKeptWhole() throws Exception {
        ArrayNode history = turns(3);
        assertThat(SessionHistory.fit(history, bytes(history), JSON)).isSameAs(history);
    }

    @Test
    void aHistoryTooBig_losesItsOldestWholeTurns_untilItFits() throws Exception {
        ArrayNode history = turns(10);
        int budget = bytes(turns(3)) + 10;

        ArrayNode kept = SessionHistory.fit(history, budget, JSON);

        assertThat(bytes(kept)).isLessThanOrEqualTo(budget);
        assertThat(kept).hasSize(12);
        assertThat(kept.get(0).path("text").asText()).isEqualTo("question 8");
        assertThat(kept.get(0).path("role").asText()).as("starts at a user message").isEqualTo("USER");
        assertThat(kept.get(11).path("text").asText()).isEqualTo("answer 10");
    }

    @Test
    void whenNotEvenTheLastTurnFits_nothingIsKept() {
        assertThat(SessionHistory.fit(turns(2), 10, JSON)).isEmpty();
    }
}
