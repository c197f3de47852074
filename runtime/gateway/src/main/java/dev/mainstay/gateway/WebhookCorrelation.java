package dev.mainstay.gateway;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.ErrorCode;
import java.util.regex.Pattern;

/**
 * Where in a webhook's body the key of the run it is for stands, as a path {@code $.order.id} or
 * {@code $.items[0].ref}: members by name and array elements by index, nothing that scans or
 * filters (a delivery finds at most one run, by one index lookup).
 */
final class WebhookCorrelation {
    private static final Pattern PATH = Pattern.compile("\\$((\\.[A-Za-z0-9_-]{1,64})|(\\[[0-9]{1,4}]))"
            + "{1,16}");
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_-]{1,64})|\\[([0-9]{1,4})]");
    /** As a client's Idempotency-Key, so a key read from a body can be one a client gave. */
    private static final int MAX_KEY = 256;

    private WebhookCorrelation() {}

    /** The path, checked; refused with a precise message when it is not one we follow. */
    static String check(String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "correlate was '" + Text.clip(String.valueOf(path))
                    + "'; give the path of the target run's idempotency key in the body, as $.order.id or"
                    + " $.items[0].ref (1 to 16 member names or array indexes)");
        }
        return path;
    }

    /**
     * The key the body holds at {@code path} (a string, or an integer written as it is); refused when
     * the body holds none there, as that delivery can never reach a run.
     */
    static String key(String path, JsonNode body) {
        JsonNode value = body.at(pointer(path));
        if (value.isTextual() && !value.textValue().isEmpty() && value.textValue().length() <= MAX_KEY) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        throw new ApiException(ErrorCode.INVALID_INPUT, "the delivery's body holds no run key at " + path
                + " (a string of 1 to " + MAX_KEY + " characters or an integer), so it is for no run");
    }

    static JsonPointer pointer(String path) {
        StringBuilder pointer = new StringBuilder();
        var steps = STEP.matcher(path.substring(1));
        while (steps.find()) {
            pointer.append('/').append(steps.group(1) != null ? steps.group(1) : steps.group(2));
        }
        return JsonPointer.compile(pointer.toString());
    }
}
