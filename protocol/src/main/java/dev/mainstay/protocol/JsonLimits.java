package dev.mainstay.protocol;

/**
 * The one set of JSON parsing limits, applied by every parser of payloads in the runtime, the SDK
 * and the clients, so that a payload one of them accepts is never refused by another (a child's
 * output of 1,200 digits once completed the child and then broke the parent's wake-up).
 *
 * <p>Numbers and strings are bounded by the payload size limit alone (a payload can never be
 * larger than {@code --max-payload-bytes}); nesting is bounded everywhere at {@link #MAX_NESTING_DEPTH},
 * deep enough for any real document and shallow enough that no recursive reader overflows its stack.
 * Every parser gets them from {@link #factory()}: {@code new ObjectMapper(JsonLimits.factory())}.
 */
public final class JsonLimits {
    /** Longest number or string token: no bound beyond the payload's own size. */
    public static final int MAX_TOKEN_LENGTH = Integer.MAX_VALUE;

    /** Deepest nesting of arrays and objects. */
    public static final int MAX_NESTING_DEPTH = 1000;

    private JsonLimits() {}

    /** A JSON factory with these limits, for an {@code ObjectMapper} or a streaming parser. */
    public static com.fasterxml.jackson.core.JsonFactory factory() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                        .maxNumberLength(MAX_TOKEN_LENGTH)
                        .maxStringLength(MAX_TOKEN_LENGTH)
                        .maxNameLength(MAX_TOKEN_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .build();
    }
}
