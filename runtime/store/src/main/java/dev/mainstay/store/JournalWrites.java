package dev.mainstay.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The writes of a run's holder: journal entries, failed attempts, event waits and suspensions,
 * each fenced by {@link #checkHeld} and bounded by {@link JournalBounds}. They run on the writer
 * inside a savepoint, so a refusal anywhere leaves nothing behind.
 */
final class JournalWrites {
    private static final byte[] TIMED_OUT = "{\"received\":false}".getBytes(StandardCharsets.UTF_8);

    private final StoreLimits limits;

    JournalWrites(StoreLimits limits) {
        this.limits = limits;
    }

    /**
     * Fenced insert of a journal entry. Positions are assigned by the worker in call order; parallel
     * steps finish in any order, so an entry may land before a lower position is filled.
     *
     * <p>Why two paths: this is the write of every step, and on a networked engine each statement is
     * a round trip on the single writer's connection, which is what bounds throughput there. The
     * fenced path ({@link #appendIfHeld}) checks the holder, the free position and the bounds in
     * the statement that counts the entry; only when it writes nothing does the checked path
     * below find out why, and refuse precisely (or fail the run past its bound).
     */
    void insertEntry(Sql sql, String runId, long epoch, JournalEntry entry) throws SQLException {
        if (entry.position() < 1 || !appendIfHeld(sql, runId, epoch, entry)) {
            Held held = checkHeld(sql, runId, epoch, entry.position());
            JournalBounds.add(sql, runId, entry.position(), 1, JournalBounds.bytesOf(entry), limits, held);
            PreparedStatement ps = sql.prepare(INSERT_ENTRY);
            ps.setString(1, runId);
            bindEntry(ps, 2, epoch, entry);
            ps.executeUpdate();
        }
        AttributeRows.entryInserted(sql, runId, entry); // in the same write: never one without the other
    }

    private static final String JOURNAL_COLUMNS = """
            run_id, position, kind, name, status, input, output, error_code, error_type,
            error_message, error_stack, attempt, epoch, started_at, finished_at""";
    private static final String INSERT_ENTRY = "INSERT INTO journal (" + JOURNAL_COLUMNS + ") VALUES ("
            + "?, ".repeat(14) + "?)";

    /**
     * Counts the entry on its run (and ends an event wait at its position) only if the run is held
     * at {@code epoch}, the position is free, and the bounds allow it: the conditions of
     * {@link #checkHeld(Sql, String, long, int)} and {@link JournalBounds#add}. Where the engine
     * has data-modifying CTEs, the insert of the row goes in the same statement.
     */
    private boolean appendIfHeld(Sql sql, String runId, long epoch, JournalEntry entry) throws SQLException {
        long bytes = JournalBounds.bytesOf(entry);
        if (sql.dialect().hasWritingCtes()) {
            PreparedStatement ps = sql.prepare(FENCED_APPEND);
            bindFencedAppend(ps, runId, epoch, entry, bytes);
            return ps.executeUpdate() == 1;
        }
        PreparedStatement count = sql.prepare(COUNTED);
        bindCount(count, runId, epoch, entry.position(), bytes);
        if (count.executeUpdate() == 0) {
            return false;
        }
        PreparedStatement ps = sql.prepare(INSERT_ENTRY);
        ps.setString(1, runId);
        bindEntry(ps, 2, epoch, entry);
        ps.executeUpdate();
        return true;
    }

    /** Counts an entry on its held run; the conditions of {@link #appendIfHeld}. */
    private static final String COUNTED = """
            UPDATE runs SET journal_entries = journal_entries + 1, journal_bytes = journal_bytes + ?,
                            waiting_for = CASE WHEN wait_position = ? THEN NULL ELSE waiting_for END,
                            wait_deadline = CASE WHEN wait_position = ? THEN NULL ELSE wait_deadline END,
                            wait_position = CASE WHEN wait_position = ? THEN NULL ELSE wait_position END
            WHERE id = ? AND epoch = ? AND status = 'RUNNING'
              AND journal_entries + 1 <= ? AND journal_bytes + ? <= ?
              AND NOT EXISTS (SELECT 1 FROM journal WHERE run_id = ? AND position = ?)""";

    /** {@link #COUNTED} and the row's insert in one statement, for engines with writing CTEs. */
    private static final String FENCED_APPEND = "WITH counted AS (" + COUNTED + " RETURNING id)\n"
            + "INSERT INTO journal (" + JOURNAL_COLUMNS + ") SELECT id, " + "?, ".repeat(13) + "? FROM counted";

    /**
     * The fenced statement of {@link #appendIfHeld} as a lead that shares a round trip with its
     * neighbours' (see {@link GroupCommitter.Lead}); null where the engine has no writing CTEs.
     */
    GroupCommitter.Lead<Void> appendLead(Dialect dialect, String runId, long epoch, JournalEntry entry) {
        if (!dialect.hasWritingCtes() || entry.position() < 1) {
            return null;
        }
        long bytes = JournalBounds.bytesOf(entry);
        return new GroupCommitter.Lead<>(FENCED_APPEND, ps -> bindFencedAppend(ps, runId, epoch, entry, bytes), sql -> {
            AttributeRows.entryInserted(sql, runId, entry);
            return null;
        }, !AttributeRows.setsAttribute(entry));
    }

    private void bindFencedAppend(PreparedStatement ps, String runId, long epoch, JournalEntry entry, long bytes)
            throws SQLException {
        bindCount(ps, runId, epoch, entry.position(), bytes);
        bindEntry(ps, 12, epoch, entry);
    }

    /** Binds the eleven parameters of {@link #appendIfHeld}'s count. */
    private void bindCount(PreparedStatement ps, String runId, long epoch, int position, long bytes) throws SQLException {
        ps.setLong(1, bytes);
        ps.setInt(2, position);
        ps.setInt(3, position);
        ps.setInt(4, position);
        ps.setString(5, runId);
        ps.setLong(6, epoch);
        ps.setLong(7, limits.maxJournalEntries());
        ps.setLong(8, bytes);
        ps.setLong(9, limits.maxJournalBytes());
        ps.setString(10, runId);
        ps.setInt(11, position);
    }

    /** Binds a journal row's columns after {@code run_id} (fourteen parameters from {@code first}). */
    private static void bindEntry(PreparedStatement ps, int first, long epoch, JournalEntry entry) throws SQLException {
        ps.setInt(first, entry.position());
        ps.setString(first + 1, entry.kind());
        ps.setString(first + 2, entry.name());
        ps.setString(first + 3, entry.succeeded() ? "SUCCEEDED" : "FAILED");
        ps.setBytes(first + 4, entry.input());
        ps.setBytes(first + 5, entry.output());
        Rows.setFailure(ps, first + 6, entry.failure());
        ps.setInt(first + 10, entry.attempt());
        ps.setLong(first + 11, epoch);
        ps.setLong(first + 12, entry.startedAtMs());
        ps.setLong(first + 13, entry.finishedAtMs());
    }

    void recordAttempt(Sql sql, String runId, long epoch, Attempt attempt, boolean suspend, long nowMs)
            throws SQLException {
        Held held = checkHeld(sql, runId, epoch, attempt.position());
        int expectedAttempt = Rows.attemptCount(sql, runId, attempt.position()) + 1;
        if (attempt.attempt() != expectedAttempt) {
            throw new JournalConflictException(runId, attempt.position(), "attempt " + expectedAttempt
                    + " is next there, not attempt " + attempt.attempt());
        }
        insertAttempt(sql, runId, epoch, attempt, held);
        if (suspend) {
            suspendUntil(sql, runId, attempt.retryAtMs(), nowMs);
        }
    }

    private void insertAttempt(Sql sql, String runId, long epoch, Attempt attempt, Held held) throws SQLException {
        JournalBounds.add(sql, runId, -1, 1, JournalBounds.bytesOf(attempt), limits, held);
        PreparedStatement ps = sql.prepare("""
                INSERT INTO attempts (run_id, position, attempt, kind, name, error_code, error_type, error_message,
                                      error_stack, epoch, started_at, finished_at, retry_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        ps.setString(1, runId);
        ps.setInt(2, attempt.position());
        ps.setInt(3, attempt.attempt());
        ps.setString(4, attempt.kind());
        ps.setString(5, attempt.name());
        Rows.setFailure(ps, 6, attempt.failure());
        ps.setLong(10, epoch);
        ps.setLong(11, attempt.startedAtMs());
        ps.setLong(12, attempt.finishedAtMs());
        ps.setObject(13, attempt.retryAtMs());
        ps.executeUpdate();
    }

    /** Suspends a run until {@code wakeAtMs}; a run whose cancel was requested wakes at once instead. */
    static void suspendUntil(Sql sql, String runId, long wakeAtMs, long nowMs) throws SQLException {
        PreparedStatement update = sql.prepare(
                "UPDATE runs SET status = 'SUSPENDED', wake_at = ?, worker_id = NULL, updated_at = ? WHERE id = ?");
        update.setLong(1, Cancels.requested(sql, runId) ? nowMs : wakeAtMs);
        update.setLong(2, nowMs);
        update.setString(3, runId);
        update.executeUpdate();
    }

    /** See {@link JournalStore#awaitEvent}. */
    EventWait awaitEvent(Sql sql, String runId, long epoch, int position, String name, long timeoutMs, long nowMs)
            throws SQLException {
        checkHeld(sql, runId, epoch, position);
        PreparedStatement oldest = sql.prepare(
                "SELECT seq, payload FROM events WHERE run_id = ? AND name = ? AND consumed_at IS NULL ORDER BY seq LIMIT 1");
        oldest.setString(1, runId);
        oldest.setString(2, name);
        Long seq = null;
        byte[] payload = null;
        try (ResultSet rs = oldest.executeQuery()) {
            if (rs.next()) {
                seq = rs.getLong(1);
                payload = rs.getBytes(2);
            }
        }
        long deadline = waitDeadline(sql, runId, position, name, nowMs + timeoutMs);
        byte[] output;
        if (seq != null) {
            PreparedStatement consume = sql.prepare("UPDATE events SET consumed_at = ? WHERE seq = ?");
            consume.setInt(1, position);
            consume.setLong(2, seq);
            consume.executeUpdate();
            output = envelope(payload);
        } else if (nowMs >= deadline) {
            output = TIMED_OUT;
        } else {
            PreparedStatement wait = sql.prepare("""
                    UPDATE runs SET status = 'SUSPENDED', waiting_for = ?, wait_deadline = ?, wait_position = ?,
                                    wake_at = ?, worker_id = NULL, updated_at = ?
                    WHERE id = ?""");
            long wakeAt = Cancels.requested(sql, runId) ? nowMs : deadline; // a cancelled run must not wait
            wait.setString(1, name);
            wait.setLong(2, deadline);
            wait.setInt(3, position);
            wait.setLong(4, wakeAt);
            wait.setLong(5, nowMs);
            wait.setString(6, runId);
            wait.executeUpdate();
            return new EventWait(true, null, wakeAt);
        }
        // the entry at the wait's position also clears waiting_for, wait_deadline and wait_position
        insertEntry(sql, runId, epoch, new JournalEntry(position, "event", name, true, null, output, null, 1, nowMs, nowMs));
        return new EventWait(false, output, 0);
    }

    /**
     * The deadline of the wait in progress for {@code name} at {@code position}, or {@code proposed}
     * for a new wait. A wait of the same name at another position is a new wait.
     */
    private static long waitDeadline(Sql sql, String runId, int position, String name, long proposed)
            throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT waiting_for, wait_deadline, wait_position FROM runs WHERE id = ?");
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next() && name.equals(rs.getString(1))) {
                long deadline = rs.getLong(2);
                boolean noDeadline = rs.wasNull();
                int at = rs.getInt(3);
                boolean samePosition = rs.wasNull() || at == position; // null: a wait from before V11
                return noDeadline || !samePosition ? proposed : deadline;
            }
            return proposed;
        }
    }

    private static byte[] envelope(byte[] payload) {
        byte[] head = "{\"received\":true,\"payload\":".getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + payload.length + 1);
        System.arraycopy(payload, 0, out, head.length, payload.length);
        out[out.length - 1] = '}';
        return out;
    }

    /** See {@link JournalStore#timeoutStep}. */
    boolean timeoutStep(Sql sql, String runId, long epoch, Attempt attempt, boolean finalAttempt, long nowMs)
            throws SQLException {
        try {
            checkHeld(sql, runId, epoch);
        } catch (StaleEpochException | RunAlreadyFinishedException moved) {
            return false;
        }
        if (Rows.entryAt(sql, runId, attempt.position())
                || Rows.attemptCount(sql, runId, attempt.position()) != attempt.attempt() - 1) {
            return false; // the step finished or failed in time
        }
        if (finalAttempt) {
            insertEntry(sql, runId, epoch, new JournalEntry(attempt.position(), attempt.kind(), attempt.name(), false,
                    null, null, attempt.failure(), attempt.attempt(), attempt.startedAtMs(), attempt.finishedAtMs()));
            PreparedStatement release = sql.prepare(
                    "UPDATE runs SET status = 'PENDING', worker_id = NULL, updated_at = ? WHERE id = ?");
            release.setLong(1, nowMs);
            release.setString(2, runId);
            release.executeUpdate();
        } else {
            insertAttempt(sql, runId, epoch, attempt, checkHeld(sql, runId, epoch));
            suspendUntil(sql, runId, attempt.retryAtMs(), nowMs);
        }
        return true;
    }

    /** A position holds one entry for good: a second write there is refused, whoever sends it. */
    /** What a fenced write read of its run: the rows and bytes its journal holds (its bound). */
    record Held(long journalEntries, long journalBytes) {}

    /**
     * {@link #checkHeld(Sql, String, long)}, and the position must be free: one read (a round trip
     * to the database saved per write on the hot path, where a networked engine pays for each).
     */
    static Held checkHeld(Sql sql, String runId, long epoch, int position) throws SQLException {
        if (position < 1) {
            throw new JournalConflictException(runId, position, "positions start at 1");
        }
        PreparedStatement ps = sql.prepare("""
                SELECT status, epoch, journal_entries, journal_bytes,
                       EXISTS (SELECT 1 FROM journal WHERE run_id = ? AND position = ?)
                FROM runs WHERE id = ?""" + sql.dialect().forUpdate());
        ps.setString(1, runId);
        ps.setInt(2, position);
        ps.setString(3, runId);
        try (ResultSet rs = ps.executeQuery()) {
            Held held = fenced(rs, runId, epoch);
            if (rs.getBoolean(5)) {
                throw new JournalConflictException(runId, position, "it already holds an entry");
            }
            return held;
        }
    }

    /** Fencing: the write's epoch must be the run's current one, and the run must be RUNNING (held). */
    static Held checkHeld(Sql sql, String runId, long epoch) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT status, epoch, journal_entries, journal_bytes FROM runs WHERE id = ?"
                + sql.dialect().forUpdate());
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
            return fenced(rs, runId, epoch);
        }
    }

    static Held fenced(ResultSet rs, String runId, long epoch) throws SQLException {
        if (!rs.next()) {
            throw new StaleEpochException(runId, epoch, 0);
        }
        long current = rs.getLong("epoch");
        RunStatus status = RunStatus.valueOf(rs.getString("status"));
        if (current != epoch) {
            throw new StaleEpochException(runId, epoch, current);
        }
        if (status.isFinal()) {
            throw new RunAlreadyFinishedException(runId, status);
        }
        if (status != RunStatus.RUNNING) {
            // released: its holder went away, and the next claim will move the epoch on
            throw new StaleEpochException(runId, epoch, current);
        }
        return new Held(rs.getLong("journal_entries"), rs.getLong("journal_bytes"));
    }
}
