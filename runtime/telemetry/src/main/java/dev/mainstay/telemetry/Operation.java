package dev.mainstay.telemetry;

import dev.mainstay.store.Attempt;
import dev.mainstay.store.Failure;
import dev.mainstay.store.JournalEntry;
import java.util.Map;

/**
 * One attempt of one journaled operation, as a span shows it: a step, a function call, a sleep, a
 * wait for an event or a human, and whatever kinds come later (model and tool calls) without
 * change here. {@code endMs} may lie in the future (a sleep's wake time).
 */
public record Operation(String runId, int position, int attempt, String kind, String name, long startMs, long endMs,
                        byte[] input, byte[] output, Failure failure, Map<String, String> attributes) {
    public Operation {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A committed journal entry; a sleep ends at its wake time, a wait starts when it began waiting. */
    static Operation of(String runId, JournalEntry e, Long waitSinceMs, Map<String, String> attributes) {
        long start = waitSinceMs != null && waitSinceMs < e.startedAtMs() ? waitSinceMs : e.startedAtMs();
        long end = e.finishedAtMs();
        if ("sleep".equals(e.kind()) && e.output() != null) {
            try {
                end = Math.max(end, Long.parseLong(Payloads.utf8(e.output()).trim()));
            } catch (NumberFormatException ignored) {
                // an older or foreign sleep entry: the span ends when it was journaled
            }
        }
        return new Operation(runId, e.position(), e.attempt(), e.kind(), e.name(), start, end, e.input(),
                e.succeeded() ? e.output() : null, e.failure(), attributes);
    }

    /** A failed attempt that another attempt follows. */
    static Operation of(String runId, Attempt a, Map<String, String> attributes) {
        return new Operation(runId, a.position(), a.attempt(), a.kind(), a.name(), a.startedAtMs(), a.finishedAtMs(),
                null, null, a.failure(), attributes);
    }

    String spanName() {
        return name == null || name.isBlank() ? kind : kind + " " + name;
    }
}
