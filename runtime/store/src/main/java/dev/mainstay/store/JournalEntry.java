package dev.mainstay.store;

/**
 * One committed operation of a run at a dense position (1, 2, 3, ...). Exactly one of
 * {@code output} (JSON) and {@code failure} is set, as {@code succeeded} says.
 */
public record JournalEntry(
        int position,
        String kind,
        String name,
        boolean succeeded,
        byte[] input,
        byte[] output,
        Failure failure,
        int attempt,
        long startedAtMs,
        long finishedAtMs) {}
