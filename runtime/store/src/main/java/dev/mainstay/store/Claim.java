package dev.mainstay.store;

import java.util.List;

/**
 * A run taken for dispatch under a fresh epoch, with its journal so far, and the attempt number
 * the first operation past the journal is at (1 unless earlier attempts of it failed).
 */
public record Claim(RunRecord run, long epoch, List<JournalEntry> journal, int nextAttempt, boolean cancelRequested) {}
