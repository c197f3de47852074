package dev.mainstay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.store.ComponentRecord;
import java.io.IOException;

/** A run's concurrency group and rate group: the values of its workflow's key fields in its input. */
final class ConcurrencyKeys {
    private static final ObjectMapper JSON = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());

    private ConcurrencyKeys() {}

    /** Null when the workflow has no limit; "" without a key; a missing field groups the run with others missing it. */
    static String of(ComponentRecord component, byte[] input) {
        if (component.maxConcurrency() == null) {
            return null; // not limited: the run stays out of the concurrency index
        }
        return group(component.concurrencyKey(), input);
    }

    /** Null when the workflow has no rate limit; else the run's group, as for the concurrency key. */
    static String rateKey(ComponentRecord component, byte[] input) {
        return component.rateLimit() == null ? null : group(component.rateKey(), input);
    }

    /** The value of the top-level field {@code key} of {@code input} as text; "" without a key or a value. */
    private static String group(String key, byte[] input) {
        if (key == null || key.isBlank()) {
            return ""; // one group for all runs
        }
        try {
            JsonNode field = JSON.readTree(input).path(key);
            return field.isMissingNode() || field.isNull() ? "" : field.isTextual() ? field.asText() : field.toString();
        } catch (IOException e) {
            return ""; // inputs are validated JSON before they get here
        }
    }
}
