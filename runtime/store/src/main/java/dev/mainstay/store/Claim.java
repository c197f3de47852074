package dev.mainstay.store;

import java.util.List;
import java.util.Map;

/**
 * A run taken for dispatch under a fresh epoch, with the first page of its journal (all of it
 * unless {@code journalComplete} is false: the worker reads the rest with
 * {@link JournalStore#journalPage}), and the failed attempts counted at each position that holds no
 * entry yet (where the step's next attempt resumes counting; {@code pendingAttempts} adds when that
 * attempt is due and which operation it belongs to).
 */
public record Claim(RunRecord run, long epoch, List<JournalEntry> journal, Map<Integer, Integer> failedAttempts,
                    boolean cancelRequested, Map<Integer, PendingAttempt> pendingAttempts, boolean journalComplete) {
    /** Entries and bytes of journal a dispatch carries at most; the rest goes in pages of the same size. */
    public static final int PAGE_ENTRIES = 1_000;
    public static final long PAGE_BYTES = 4L * 1024 * 1024;

    public Claim {
        pendingAttempts = pendingAttempts == null ? Map.of() : Map.copyOf(pendingAttempts);
    }
}
