package dev.mainstay.gateway;

import dev.mainstay.store.JournalEntry;
import java.util.List;

/**
 * A run's journal read a page at a time: up to {@code limit} entries after {@code afterPosition},
 * by position (the store's {@code journalPage}). The journal pages of the API and the event streams
 * read through it, so neither holds a whole journal, however long the run.
 */
@FunctionalInterface
public interface JournalReads {
    List<JournalEntry> after(String runId, int afterPosition, int limit);
}
