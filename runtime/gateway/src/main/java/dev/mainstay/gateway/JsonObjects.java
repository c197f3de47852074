package dev.mainstay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.ErrorCode;
import java.util.Set;

/** The checks of a request body that is a JSON object of known fields (schedules, tokens). */
final class JsonObjects {
    private JsonObjects() {}

    /** {@code body} when it is an object holding only {@code fields}; {@code example} shows one in the message. */
    static JsonNode of(JsonNode body, Set<String> fields, String example) {
        if (!body.isObject()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "send a JSON object: " + example);
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!fields.contains(field)) {
                throw new ApiException(ErrorCode.INVALID_ARGUMENT, "unknown field '" + Text.clip(field) + "'; fields are " + fields);
            }
        });
        return body;
    }

    /** A text field: null when absent, else a name of at most {@value Names#MAX_LENGTH} characters. */
    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, field + " must be a string");
        }
        return Names.check(field, node.asText());
    }
}
