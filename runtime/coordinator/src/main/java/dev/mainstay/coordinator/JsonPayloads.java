package dev.mainstay.coordinator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks that a worker's payload is one complete JSON value before it is journaled. The runtime
 * stores payloads verbatim and serves them raw in its HTTP API and server-sent events, so a payload
 * that is not JSON would break every response that includes it, for every client, for good.
 *
 * <p>Validation streams the tokens and builds no tree ({@link JsonParser#skipChildren()}): its cost
 * is one pass over the bytes. The limits are the payload limit itself, not Jackson's defaults (a
 * number of 1,000 digits): any JSON value that fits in {@code --max-payload-bytes} is accepted,
 * whatever the length of its numbers or strings, so a value accepted here is never refused by a
 * later read with the same {@link #constraints(int)}. Nesting is capped at {@link #MAX_NESTING_DEPTH}.
 */
public final class JsonPayloads {
    /** Jackson's default; deeper documents are refused (a parser that recurses would overflow its stack). */
    public static final int MAX_NESTING_DEPTH = 1000;

    private final JsonFactory factory;

    public JsonPayloads(int maxPayloadBytes) {
        this.factory = JsonFactory.builder().streamReadConstraints(constraints(maxPayloadBytes)).build();
    }

    /**
     * The read limits for payloads of at most {@code maxPayloadBytes}: numbers and strings as long as
     * the payload, nesting {@link #MAX_NESTING_DEPTH}. Every reader of payloads should use these, so
     * that what one accepts another does not refuse.
     */
    public static StreamReadConstraints constraints(int maxPayloadBytes) {
        return StreamReadConstraints.builder()
                .maxNumberLength(maxPayloadBytes)
                .maxStringLength(maxPayloadBytes)
                .maxNameLength(maxPayloadBytes)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build();
    }

    /** Null when {@code json} is exactly one JSON value (whitespace around it allowed), else what is wrong with it. */
    public String problem(ByteString json) {
        if (json.isEmpty()) {
            return "it is empty (send null for no value)";
        }
        try (InputStream in = json.newInput(); JsonParser parser = factory.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return "it holds no JSON value";
            }
            parser.skipChildren();
            long end = parser.currentLocation().getByteOffset();
            try {
                if (parser.nextToken() == null) {
                    return null;
                }
            } catch (JsonProcessingException garbage) {
                // not even a token: still content after the value
            }
            return "it has content after its JSON value, which ends at byte " + end;
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage() + " (at byte " + (e.getLocation() == null ? "?" : e.getLocation().getByteOffset()) + ")";
        } catch (IOException e) {
            return "it cannot be read: " + e.getMessage();
        }
    }
}
