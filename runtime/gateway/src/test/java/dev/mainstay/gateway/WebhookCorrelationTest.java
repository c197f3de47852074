package dev.mainstay.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookCorrelationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsTheKeyAtMembersAndIndexes() throws Exception {
        var body = MAPPER.readTree("{\"data\":{\"items\":[{\"ref\":\"r-1\"},{\"ref\":42}],\"0\":\"zero\"}}");
        assertThat(WebhookCorrelation.key(WebhookCorrelation.check("$.data.items[0].ref"), body)).isEqualTo("r-1");
        assertThat(WebhookCorrelation.key("$.data.items[1].ref", body)).as("an integer, as written").isEqualTo("42");
        assertThat(WebhookCorrelation.key("$.data.0", body)).as("a member named by digits").isEqualTo("zero");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.data", "$.data.items", "$.missing.ref", "$.data.items[5].ref", "$.data.items[0].nope"})
    void aBodyWithoutAScalarKeyThere_isForNoRun(String path) throws Exception {
        var body = MAPPER.readTree("{\"data\":{\"items\":[{\"ref\":\"r-1\"}],\"n\":1.5}}");
        assertThatThrownBy(() -> WebhookCorrelation.key(path, body)).isInstanceOf(ApiException.class)
                .hasMessageContaining(path);
    }

    @Test
    void anEmptyFractionalOrOversizedKey_isRefused() throws Exception {
        var body = MAPPER.readTree("{\"a\":\"\",\"b\":1.5,\"c\":\"" + "x".repeat(257) + "\"}");
        for (String path : new String[] {"$.a", "$.b", "$.c"}) {
            assertThatThrownBy(() -> WebhookCorrelation.key(path, body)).isInstanceOf(ApiException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$", "order.id", "$..id", "$.a[*]", "$['a']", "$.a.", "$.a b", "$.a[-1]", "$.a[?(@.x)]"})
    void pathsThatScanOrAreNotPaths_areRefused(String path) {
        assertThatThrownBy(() -> WebhookCorrelation.check(path)).isInstanceOf(ApiException.class)
                .hasMessageContaining("correlate");
    }
}
