package dev.mainstay.store;

/**
 * What one caller may grow in the store. Every bound is a runtime flag; reaching one is refused
 * with a precise error naming it, never by running out of memory or disk.
 *
 * @param maxQueuedWrites    client writes (starts, events, cancels, schedules) refused with
 *                           UNAVAILABLE while this many writes wait for the writer
 * @param maxJournalEntries  journal entries plus failed attempts one run may hold; the write that
 *                           would pass it fails the run with JOURNAL_TOO_LARGE
 * @param maxJournalBytes    payload and error bytes of those rows, bounded the same way
 * @param maxInboxEvents     unconsumed events one run's inbox may hold (LIMIT_EXCEEDED above)
 * @param maxSchedules       schedules the store may hold (LIMIT_EXCEEDED above)
 */
public record StoreLimits(int maxQueuedWrites, int maxJournalEntries, long maxJournalBytes, int maxInboxEvents,
                          int maxSchedules) {
    public StoreLimits {
        positive("maxQueuedWrites (--max-queued-writes)", maxQueuedWrites);
        positive("maxJournalEntries (--max-journal-entries)", maxJournalEntries);
        positive("maxJournalBytes (--max-journal-bytes)", maxJournalBytes);
        positive("maxInboxEvents (--max-inbox-events)", maxInboxEvents);
        positive("maxSchedules (--max-schedules)", maxSchedules);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " was " + value + "; it must be at least 1");
        }
    }

    public static StoreLimits defaults() {
        return new StoreLimits(10_000, 50_000, 64L * 1024 * 1024, 10_000, 10_000);
    }

    public StoreLimits withMaxQueuedWrites(int value) {
        return new StoreLimits(value, maxJournalEntries, maxJournalBytes, maxInboxEvents, maxSchedules);
    }

    public StoreLimits withMaxJournalEntries(int value) {
        return new StoreLimits(maxQueuedWrites, value, maxJournalBytes, maxInboxEvents, maxSchedules);
    }

    public StoreLimits withMaxJournalBytes(long value) {
        return new StoreLimits(maxQueuedWrites, maxJournalEntries, value, maxInboxEvents, maxSchedules);
    }

    public StoreLimits withMaxInboxEvents(int value) {
        return new StoreLimits(maxQueuedWrites, maxJournalEntries, maxJournalBytes, value, maxSchedules);
    }

    public StoreLimits withMaxSchedules(int value) {
        return new StoreLimits(maxQueuedWrites, maxJournalEntries, maxJournalBytes, maxInboxEvents, value);
    }
}
