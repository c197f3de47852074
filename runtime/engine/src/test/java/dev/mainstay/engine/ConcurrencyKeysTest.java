package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.protocol.RateLimit;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.ComponentRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConcurrencyKeysTest {
    private static final ComponentRecord PLAIN = new ComponentRecord("w", ComponentKind.WORKFLOW, null, null);

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rateKey_isNullWithoutALimit_theFieldsValueWithAKey_andOneGroupWithout() {
        byte[] input = json("{\"customerId\":\"c-42\",\"n\":7}");
        assertThat(ConcurrencyKeys.rateKey(PLAIN, input)).as("not limited: no group").isNull();
        ComponentRecord keyed = PLAIN.withRateLimit(new RateLimit(2, 3_000), "customerId");
        assertThat(ConcurrencyKeys.rateKey(keyed, input)).isEqualTo("c-42");
        assertThat(ConcurrencyKeys.rateKey(PLAIN.withRateLimit(new RateLimit(2, 3_000), "n"), input)).isEqualTo("7");
        assertThat(ConcurrencyKeys.rateKey(keyed, json("{}"))).as("a missing field: the group of those missing it").isEmpty();
        assertThat(ConcurrencyKeys.rateKey(PLAIN.withRateLimit(new RateLimit(2, 3_000), null), input)).isEmpty();
        assertThat(ConcurrencyKeys.of(keyed, input)).as("the rate key is not a concurrency key").isNull();
    }
}
