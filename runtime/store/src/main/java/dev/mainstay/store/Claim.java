package dev.mainstay.store;

import java.util.List;
import java.util.Map;

/**
 * A run taken for dispatch under a fresh epoch, with its journal so far, and the failed attempts
 * counted at each position that holds no entry yet (where the step's next attempt resumes counting).
 */
public record Claim(RunRecord run, long epoch, List<JournalEntry> journal, Map<Integer, Integer> failedAttempts,
                    boolean cancelRequested) {}
