package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.JournalEntry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Search attributes ({@code ctx.setAttribute}): each set is a journal entry of kind
 * {@code attribute} named after the attribute, whose output is the typed value
 * {@code {"kind":"string","value":"c-42"}}; the runtime writes the attribute in the same commit as
 * the entry. Like any operation it takes the next position and is acknowledged before the body goes
 * on; a replay writes nothing, and one that sets another name or another value at that position is a
 * non-determinism. The rules the runtime enforces are checked here first, so a bad call throws at the
 * call site with nothing journaled, instead of failing the run.
 */
final class Attributes {
    static final int MAX_PER_RUN = 32;
    static final int MAX_STRING_CHARS = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final JournalCursor cursor;
    /** The names this dispatch set (the body replays from the top, so these are all the run's names so far). */
    private final Set<String> names = new HashSet<>();

    Attributes(JournalCursor cursor) {
        this.cursor = cursor;
    }

    void set(String name, String kind, Object value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("attribute name '" + name
                    + "' is not 1 to 64 characters of A-Z a-z 0-9 _ . -");
        }
        if (value == null) {
            throw new IllegalArgumentException("attribute '" + name + "' needs a value, not null");
        }
        if (value instanceof String text && text.length() > MAX_STRING_CHARS) {
            throw new IllegalArgumentException("attribute '" + name + "' is " + text.length()
                    + " characters long; a string attribute holds at most " + MAX_STRING_CHARS);
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            throw new IllegalArgumentException("attribute '" + name + "' is " + number + "; a number attribute must be finite");
        }
        if (!names.contains(name) && names.size() >= MAX_PER_RUN) {
            throw new IllegalArgumentException("run " + cursor.runId() + " already has " + MAX_PER_RUN
                    + " search attributes, the most a run may have; '" + name + "' was not set (overwrite one instead)");
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        typed.put("kind", kind);
        typed.put("value", value);
        byte[] output = Json.write(typed);
        JournalEntry recorded = cursor.advance(ReplayContext.ATTRIBUTE, name);
        if (recorded != null) {
            if (!Json.read(recorded.getOutput().toByteArray(), JsonNode.class).equals(Json.read(output, JsonNode.class))) {
                throw cursor.mismatch(recorded.getPosition(), "attribute '" + name + "' = " + recorded.getOutput().toStringUtf8(),
                        "attribute '" + name + "' = " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
            names.add(name);
            return;
        }
        cursor.releaseIfDraining();
        int position = cursor.position();
        long now = cursor.now();
        JournalEntry entry = JournalEntry.newBuilder().setPosition(position).setKind(ReplayContext.ATTRIBUTE).setName(name)
                .setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now).setFinishedAtMs(now)
                .setOutput(ByteString.copyFrom(output)).build();
        cursor.awaitCommit(() -> cursor.sink().append(entry), position);
        names.add(name);
    }
}
