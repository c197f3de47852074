package dev.mainstay.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.store.ComponentRecord;
import java.io.IOException;

/** A run's concurrency group: the value of its workflow's concurrency key field in its input. */
final class ConcurrencyKeys {
    private static final ObjectMapper JSON = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());

    private ConcurrencyKeys() {}

    /** Null when the workflow has no limit; "" without a key; a missing field groups the run with others missing it. */
    static String of(ComponentRecord component, byte[] input) {
        if (component.maxConcurrency() == null) {
            return null; // not limited: the run stays out of the concurrency index
        }
        if (component.concurrencyKey() == null || component.concurrencyKey().isBlank()) {
            return ""; // one group for all runs
        }
        try {
            JsonNode field = JSON.readTree(input).path(component.concurrencyKey());
            return field.isMissingNode() || field.isNull() ? "" : field.isTextual() ? field.asText() : field.toString();
        } catch (IOException e) {
            return ""; // inputs are validated JSON before they get here
        }
    }
}
