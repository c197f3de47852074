package dev.mainstay.store;

import java.util.List;

/** A run's journal from one position on, as much as one message may carry; {@code more} when it goes on. */
public record JournalPage(List<JournalEntry> entries, boolean more) {
    public JournalPage {
        entries = List.copyOf(entries);
    }

    /** The position to read on from, or {@code after} when the page is empty. */
    public int lastPosition(int after) {
        return entries.isEmpty() ? after : entries.getLast().position();
    }
}
