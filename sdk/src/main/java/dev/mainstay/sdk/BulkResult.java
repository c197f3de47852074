package dev.mainstay.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a bulk pause or resume did: {@code matched} live runs selected, {@code changed} of them paused
 * (or resumed); none on a dry run, fewer when some already were or finished meanwhile. {@code more}
 * when the call stopped at its limit and another would select more.
 */
public record BulkResult(int matched, int changed, boolean dryRun, boolean more) {
    static BulkResult of(JsonNode answer, String changedField) {
        return new BulkResult(answer.path("matched").asInt(), answer.path(changedField).asInt(),
                answer.path("dryRun").asBoolean(), answer.path("more").asBoolean());
    }
}
