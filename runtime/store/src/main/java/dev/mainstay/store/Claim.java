package dev.mainstay.store;

import java.util.List;
import java.util.Map;

/**
 * A run taken for dispatch under a fresh epoch, with its journal so far, and the failed attempts
 * counted at each position that holds no entry yet (where the step's next attempt resumes counting;
 * {@code pendingAttempts} adds when that attempt is due and which operation it belongs to).
 */
public record Claim(RunRecord run, long epoch, List<JournalEntry> journal, Map<Integer, Integer> failedAttempts,
                    boolean cancelRequested, Map<Integer, PendingAttempt> pendingAttempts) {
    public Claim {
        pendingAttempts = pendingAttempts == null ? Map.of() : Map.copyOf(pendingAttempts);
    }

    /** A claim that knows only the counts of the failed attempts. */
    public Claim(RunRecord run, long epoch, List<JournalEntry> journal, Map<Integer, Integer> failedAttempts,
                 boolean cancelRequested) {
        this(run, epoch, journal, failedAttempts, cancelRequested, Map.of());
    }
}
