package dev.mainstay.store;

import java.util.List;

/** A run taken for dispatch under a fresh epoch, with its journal so far. */
public record Claim(RunRecord run, long epoch, List<JournalEntry> journal) {}
