package dev.mainstay.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The bound on what one run holds (journal entries plus failed attempts, and their bytes), checked
 * inside the write that would add rows. A run past it would break every worker it is dispatched
 * to (the dispatch outgrows any message limit), so the write that would pass the bound fails the
 * run instead, in the same transaction, with JOURNAL_TOO_LARGE.
 */
final class JournalBounds {
    private JournalBounds() {}

    /** {@link #bytesOf(JournalEntry)} of a journal row, in SQL: for writes that count rows they copy without reading them. */
    static final String ROW_BYTES_SQL = "COALESCE(length(input), 0) + COALESCE(length(output), 0)"
            + " + COALESCE(length(error_message), 0) + COALESCE(length(error_stack), 0)";

    /** The payload and error bytes an entry adds. */
    static long bytesOf(JournalEntry entry) {
        return length(entry.input()) + length(entry.output()) + failureBytes(entry.failure());
    }

    static long bytesOf(Attempt attempt) {
        return failureBytes(attempt.failure());
    }

    private static long failureBytes(Failure failure) {
        if (failure == null) {
            return 0;
        }
        return (failure.message() == null ? 0 : failure.message().length())
                + (failure.stackTrace() == null ? 0 : failure.stackTrace().length());
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /**
     * Thrown out of a write that would pass the bound; {@code SqliteJournalStore} rolls the write
     * back and fails the run in its place.
     */
    static final class Overflow extends RuntimeException {
        final JournalTooLargeException refusal;

        Overflow(JournalTooLargeException refusal) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
        }
    }

    /**
     * Counts {@code rows} rows of {@code bytes} bytes at {@code position} for the run (holding what
     * {@code held} read under the row's lock), or throws
     * {@link Overflow} when that would pass a bound. An entry at the position of the run's event
     * wait ends that wait.
     */
    static void add(Sql sql, String runId, int position, int rows, long bytes, StoreLimits limits,
                    JournalWrites.Held held) throws SQLException {
        long entries = held.journalEntries() + rows;
        long total = held.journalBytes() + bytes;
        if (entries > limits.maxJournalEntries()) {
            throw new Overflow(new JournalTooLargeException(runId, entries + " journal entries and failed attempts, over the"
                    + " limit of " + limits.maxJournalEntries() + " (--max-journal-entries)"));
        }
        if (total > limits.maxJournalBytes()) {
            throw new Overflow(new JournalTooLargeException(runId, total + " bytes of journal, over the limit of "
                    + limits.maxJournalBytes() + " (--max-journal-bytes)"));
        }
        PreparedStatement count = sql.prepare("""
                UPDATE runs SET journal_entries = journal_entries + ?, journal_bytes = journal_bytes + ?,
                                waiting_for = CASE WHEN wait_position = ? THEN NULL ELSE waiting_for END,
                                wait_deadline = CASE WHEN wait_position = ? THEN NULL ELSE wait_deadline END,
                                wait_position = CASE WHEN wait_position = ? THEN NULL ELSE wait_position END
                WHERE id = ?""");
        count.setInt(1, rows);
        count.setLong(2, bytes);
        count.setInt(3, position);
        count.setInt(4, position);
        count.setInt(5, position);
        count.setString(6, runId);
        count.executeUpdate();
    }

    /** Ends the run FAILED with the refusal, fenced (epoch + 1) so its holder's later writes are refused. */
    static RunRecord fail(Sql sql, String runId, JournalTooLargeException refusal, long nowMs) throws SQLException {
        PreparedStatement fail = sql.prepare("""
                UPDATE runs SET status = 'FAILED', output = NULL, error_code = 'JOURNAL_TOO_LARGE', error_type = NULL,
                                error_message = ?, error_stack = NULL, epoch = epoch + 1, worker_id = NULL,
                                wake_at = NULL, deadline_at = NULL, updated_at = ?, finished_at = ?
                WHERE id = ?""");
        fail.setString(1, refusal.getMessage());
        fail.setLong(2, nowMs);
        fail.setLong(3, nowMs);
        fail.setString(4, runId);
        fail.executeUpdate();
        return Rows.run(sql, runId).orElseThrow();
    }
}
