package dev.mainstay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadsTest {
    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void redact_masksNamedFieldsAtAnyDepthCaseInsensitively() {
        Payloads payloads = new Payloads(TelemetryConfig.defaults().withRedactFields(Set.of("apiKey")), List.of());
        assertThat(payloads.redact(json("{\"APIKEY\":\"k\",\"list\":[{\"apikey\":{\"deep\":1}}],\"ok\":2}")))
                .isEqualTo("{\"APIKEY\":\"***\",\"list\":[{\"apikey\":\"***\"}],\"ok\":2}");
        assertThat(payloads.redact(null)).isNull();
        assertThat(payloads.redact(json("not json"))).isEqualTo("\"(not JSON, 8 bytes)\"");
    }

    @Test
    void redact_runsTheHooksAfterTheFieldNames() {
        PayloadRedactor lastFour = node -> {
            if (node instanceof ObjectNode o && o.has("card")) {
                o.put("card", "**** " + o.get("card").asText().substring(12));
            }
            return node;
        };
        Payloads payloads = new Payloads(TelemetryConfig.defaults(), List.of(lastFour));
        assertThat(payloads.redact(json("{\"card\":\"4111111111111111\",\"token\":\"t\"}")))
                .isEqualTo("{\"card\":\"**** 1111\",\"token\":\"***\"}");
    }

    @Test
    void preview_cutsLongPayloadsIntoAJsonString() {
        Payloads payloads = new Payloads(TelemetryConfig.defaults().withPreviewBytes(16), List.of());
        assertThat(payloads.preview(json("\"short\""))).isEqualTo("\"short\"");
        assertThat(payloads.preview(json("{\"text\":\"abcdefghijklmnopqrstuvwxyz\"}")))
                .isEqualTo("\"{\\\"text\\\":\\\"abcdefg… (37 bytes, truncated)\"");
    }
}
