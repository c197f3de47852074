package dev.mainstay.coordinator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import dev.mainstay.protocol.JsonLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks that a worker's payload is one complete JSON value before it is journaled. The runtime
 * stores payloads verbatim and serves them raw in its HTTP API and server-sent events, so a payload
 * that is not JSON would break every response that includes it, for every client, for good.
 *
 * <p>Validation streams the tokens and builds no tree ({@link JsonParser#skipChildren()}): its cost
 * is one pass over the bytes. The limits are the runtime's one set ({@link JsonLimits}): any JSON
 * value that fits in {@code --max-payload-bytes} is accepted, whatever the length of its numbers or
 * strings, so a value accepted here is never refused by a later read elsewhere.
 */
public final class JsonPayloads {
    private final JsonFactory factory = JsonLimits.factory();

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
