package dev.mainstay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A hook that masks secrets in a payload before it is shown (on a span, in the UI); never applied
 * to what is journaled, which replay needs intact. Implementations are found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.mainstay.telemetry.PayloadRedactor}
 * file on the runtime's classpath) and run after the field-name redaction.
 *
 * <pre>{@code
 * public final class CardNumbers implements PayloadRedactor {
 *     public JsonNode redact(JsonNode payload) {   // may change the node in place and return it
 *         if (payload instanceof ObjectNode o && o.has("card")) o.put("card", "**** " + last4(o));
 *         return payload;
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PayloadRedactor {
    JsonNode redact(JsonNode payload);
}
