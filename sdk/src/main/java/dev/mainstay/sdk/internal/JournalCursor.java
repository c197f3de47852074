package dev.mainstay.sdk.internal;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.PendingAttempts;
import dev.mainstay.sdk.CancelledException;
import dev.mainstay.sdk.NonDeterminismException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorded journal of one dispatch and the body's place in it. Each ctx operation takes the
 * next position here ({@link #advance}), on the body's thread only, in call order: while the
 * position lies inside the recorded journal the operation must be the one recorded there; past it,
 * the operation is new and runs. Every write of the run waits for its ack here ({@link #awaitAck}),
 * so a refusal is seen, and remembered, in one place.
 *
 * <p>A non-determinism is remembered too, the moment it is detected: user code may catch the
 * {@link NonDeterminismException} (it is a RuntimeException), but every later ctx operation throws
 * it again, no write reaches the runtime any more ({@link HaltableSink}), and the run fails with it
 * whatever the body does. The journal stays as the old code left it, for inspection.
 */
final class JournalCursor {
    private static final Logger log = LoggerFactory.getLogger(JournalCursor.class);
    private final String runId;
    private final NavigableMap<Integer, JournalEntry> journal = new TreeMap<>();
    private final Map<Integer, PendingAttempts> pendingAttempts;
    private final JournalSink sink;
    private final Runnable settleParallel;
    private int position;
    private volatile boolean cancelDelivered;
    private volatile JournalWriteRefused refused;
    private volatile NonDeterminismException mismatch;

    /** The run's now (see {@link #now()}). */
    private final LongSupplier clock;

    /**
     * @param settleParallel waits for the run's parallel steps to be journaled: called before the run
     *     is handed back (their writes would be refused afterwards)
     */
    JournalCursor(String runId, List<JournalEntry> recorded, Map<Integer, PendingAttempts> pendingAttempts, JournalSink sink,
                  Runnable settleParallel, LongSupplier clock) {
        this.runId = runId;
        this.clock = clock;
        recorded.forEach(entry -> journal.put(entry.getPosition(), entry));
        this.pendingAttempts = pendingAttempts;
        this.sink = new HaltableSink(sink, () -> mismatch);
        this.settleParallel = settleParallel;
    }

    String runId() {
        return runId;
    }

    /**
     * The run's now: the worker's clock, or under a runtime's test clock the runtime's time of the
     * dispatch moved on by the worker's clock since ({@link RunClocks}). Every time the run journals
     * or compares with a journaled time reads this; real durations (heartbeats, reconnects) do not.
     */
    long now() {
        return clock.getAsLong();
    }

    JournalSink sink() {
        return sink;
    }

    /** The position the body took last (0 before its first operation). */
    int position() {
        return position;
    }

    /**
     * Takes the next journal position for a sequential operation (one the body blocks on until it is
     * journaled): its recorded entry when replaying (after checking it is the same operation), null
     * when the operation is new and must run.
     */
    JournalEntry advance(String kind, String name) {
        return advance(kind, name, false);
    }

    /** Takes the next position for a parallel step, whose position may be left empty by a crash. */
    JournalEntry advanceParallel(String kind, String name) {
        return advance(kind, name, true);
    }

    private JournalEntry advance(String kind, String name, boolean parallel) {
        checkOperation(kind, name);
        position++;
        JournalEntry recorded = journal.get(position);
        if (recorded == null) {
            checkEmptyPosition(kind, name, parallel);
            if (cancelPending()) {
                // the cancel point takes this position, so a replay of the cleanup that follows is deterministic
                throw cancelHere("null");
            }
            return null;
        }
        if (recorded.getKind().equals(ReplayContext.CANCEL)) {
            cancelDelivered = true;
            throw new CancelledException(runId);
        }
        if (!recorded.getKind().equals(kind) || !recorded.getName().equals(name)) {
            throw mismatch(position, describe(recorded.getKind(), recorded.getName()), describe(kind, name));
        }
        return recorded;
    }

    /**
     * The checks every operation passes before it may take a position (also one that then takes
     * none, such as a patch a replay finds not taken): no non-determinism or refused write earlier in
     * the dispatch, a name, and not inside a step body.
     */
    void checkOperation(String kind, String name) {
        if (mismatch != null) {
            throw mismatch;
        }
        if (refused != null) {
            throw refused;
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " needs a non-blank name");
        }
        StepScope step = StepScope.current();
        if (step != null) {
            throw new IllegalStateException("'" + name + "' was called inside step " + step.position()
                    + "; ctx operations cannot nest inside a step body");
        }
    }

    /**
     * True when the recorded history holds something other than {@code kind name} at the next
     * position: another entry (a cancel point included), failed attempts (only an operation with a
     * body has them), or a gap below later entries (a parallel operation left it). False where the
     * history holds that very entry, and past its end, where the next position is new.
     */
    boolean otherOperationAtNext(String kind, String name) {
        int next = position + 1;
        JournalEntry entry = journal.get(next);
        if (entry != null) {
            return !entry.getKind().equals(kind) || !entry.getName().equals(name);
        }
        return pendingAttempts.containsKey(next) || hasEntryAfter(next);
    }

    /** The entry recorded at the position the next operation will take, if any. */
    JournalEntry next() {
        return journal.get(position + 1);
    }

    /** The run's cancellation is known and the body has not met its cancel point yet. */
    boolean cancelPending() {
        return !cancelDelivered && sink.cancelRequested();
    }

    /**
     * The run's cancellation is known, met by the body or not. A wait must then not hand the run
     * back to the runtime: it would wake the run at once (a cancelled run does not stay suspended).
     */
    boolean cancelKnown() {
        return cancelDelivered || sink.cancelRequested();
    }

    /**
     * Waits up to {@code millis} in this thread; true when the wait ended early because the run was
     * cancelled. A wait that began once the cancellation was known (cleanup) is not cut short.
     */
    boolean pauseUnlessCancelled(long millis, String doing) {
        if (millis <= 0) {
            return false;
        }
        try {
            if (cancelKnown()) {
                Thread.sleep(millis);
                return false;
            }
            return sink.sleepUnlessCancelled(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("run " + runId + " was interrupted while " + doing);
        }
    }

    /**
     * The body meets its cancel point at the position it holds now (an operation whose wait for its
     * next attempt was cut short): journals a {@code cancel} entry there; returns the exception to throw.
     */
    CancelledException cancelHere() {
        return cancelHere("null");
    }

    /**
     * The body meets its cancel point in the sleep it holds now at {@code sleptAt}: journals a
     * {@code cancel} entry at the next position whose output names the sleep, so that a replay of the
     * sleep throws there again (and not at the operation after it).
     */
    CancelledException cancelAfterSleep(int sleptAt) {
        position++;
        return cancelHere(Integer.toString(sleptAt));
    }

    /** True when the entry after {@code sleptAt} is the cancel point that cut that sleep short. */
    boolean cancelledDuringSleep(int sleptAt) {
        JournalEntry next = journal.get(sleptAt + 1);
        return next != null && next.getKind().equals(ReplayContext.CANCEL)
                && next.getOutput().toStringUtf8().equals(Integer.toString(sleptAt));
    }

    /** The body meets the recorded cancel point after the sleep at {@code sleptAt}. */
    CancelledException replayCancelAfterSleep(int sleptAt) {
        position = sleptAt + 1;
        cancelDelivered = true;
        return new CancelledException(runId);
    }

    /** True when the journal holds an entry above {@code position}: whatever was there ended before. */
    boolean hasEntryAfter(int position) {
        return journal.higherKey(position) != null;
    }

    private CancelledException cancelHere(String outputJson) {
        cancelDelivered = true;
        long now = now();
        awaitCommit(() -> sink.append(JournalEntry.newBuilder().setPosition(position).setKind(ReplayContext.CANCEL)
                .setName(ReplayContext.CANCEL).setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now)
                .setFinishedAtMs(now).setOutput(ByteString.copyFromUtf8(outputJson)).build()), position);
        return new CancelledException(runId);
    }

    /**
     * An empty position below the journal's end was left by a parallel step in flight at a crash or
     * a hand-over: a sequential operation cannot be there, since it blocks the body until it is
     * journaled (nothing above it is written before). Failed attempts recorded at an empty position
     * name the operation that was there; a replay must ask for the same one.
     */
    private void checkEmptyPosition(String kind, String name, boolean parallel) {
        PendingAttempts attempts = pendingAttempts.get(position);
        boolean attemptsNamed = attempts != null && !attempts.getKind().isEmpty();
        if (!parallel && !journal.isEmpty() && journal.lastKey() > position) {
            throw mismatch(position, (attemptsNamed ? describe(attempts.getKind(), attempts.getName()) : "a parallel operation")
                    + " left unfinished (no entry, entries after it)", describe(kind, name));
        }
        if (attemptsNamed && !sameOperation(attempts.getKind(), attempts.getName(), kind, name)) {
            throw mismatch(position, describe(attempts.getKind(), attempts.getName()) + " with " + attempts.getFailed()
                    + " failed attempt(s)", describe(kind, name));
        }
    }

    /**
     * The same operation: the same kind and name, or a call of the same function run here or as a
     * child run (which of the two depends on the worker that runs it; see {@code ReplayContext.call}).
     */
    private static boolean sameOperation(String recordedKind, String recordedName, String kind, String name) {
        if (!recordedName.equals(name)) {
            return false;
        }
        return recordedKind.equals(kind) || (recordedKind.equals(ReplayContext.CALL) && kind.equals(ReplayContext.CHILD));
    }

    /** Called when the body returned: a journal longer than what the body asked for is non-determinism too. */
    void checkFullyReplayed() {
        Map.Entry<Integer, JournalEntry> beyond = journal.higherEntry(position);
        if (beyond != null) {
            JournalEntry next = beyond.getValue();
            throw mismatch(next.getPosition(), describe(next.getKind(), next.getName()), "the end of the workflow");
        }
    }

    /**
     * Records a non-determinism at {@code at} and returns it to throw; the first one detected is the
     * run's outcome, and later ones return it.
     */
    synchronized NonDeterminismException mismatch(int at, String expected, String actual) {
        if (mismatch == null) {
            mismatch = new NonDeterminismException(runId, at, expected, actual);
        }
        return mismatch;
    }

    /** The non-determinism detected in this dispatch, if any: the run fails with it, whatever the body caught. */
    NonDeterminismException mismatch() {
        return mismatch;
    }

    /** While the worker drains (or the run is paused), the run is handed over before anything new starts; what ran is journaled. */
    void releaseIfDraining() {
        if (sink.draining()) {
            settleParallel.run();
            awaitCommit(() -> sink.release(), position);
            throw new Suspended("run " + runId + " released at position " + position + ": its worker drains or the run was paused");
        }
    }

    /** Waits until the run's parallel steps are journaled: the run is about to be handed back. */
    void settleParallel() {
        settleParallel.run();
    }

    /**
     * The journal write the runtime refused (payload limit, conflict), if any. Once set, the run
     * cannot go on, even if the body caught the exception: the run fails with it.
     */
    JournalWriteRefused refused() {
        return refused;
    }

    void awaitCommit(Supplier<CompletableFuture<Ack>> write, int position) {
        awaitAck(write, position);
    }

    /** How long a write refused with UNAVAILABLE (the runtime's store cannot write now) is retried. */
    static final long UNAVAILABLE_RETRY_MS = 5 * 60_000;

    /**
     * Sends the write and waits for the runtime's answer; a refusal ends the run (fenced: abandon;
     * otherwise: fail it). A write refused with UNAVAILABLE wrote nothing (the runtime's store is
     * full or busy for now), so it is sent again after a backoff, for up to {@link #UNAVAILABLE_RETRY_MS}:
     * a passing outage of the store does not fail runs.
     */
    Ack awaitAck(Supplier<CompletableFuture<Ack>> write, int position) {
        long giveUpAt = System.currentTimeMillis() + UNAVAILABLE_RETRY_MS;
        long backoffMs = 100;
        while (true) {
            Ack ack;
            try {
                ack = write.get().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeaseLost("run " + runId + " was interrupted while waiting for position " + position);
            } catch (ExecutionException e) {
                throw new LeaseLost("run " + runId + " lost its connection at position " + position);
            }
            if (ack.getOk()) {
                return ack;
            }
            ErrorCode code = ErrorCode.fromName(ack.getErrorCode());
            if (code == ErrorCode.STALE_EPOCH || code == ErrorCode.RUN_ALREADY_FINISHED) {
                throw new LeaseLost(ack.getMessage());
            }
            if (code == ErrorCode.UNAVAILABLE && System.currentTimeMillis() + backoffMs < giveUpAt) {
                log.info("event=write_unavailable runId={} position={} retry_in_ms={} message={}", runId, position,
                        backoffMs, ack.getMessage());
                pause(backoffMs);
                backoffMs = Math.min(5_000, backoffMs * 2);
                continue;
            }
            refused = new JournalWriteRefused(code, ack.getMessage());
            throw refused;
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("run " + runId + " was interrupted while its write waited for the store");
        }
    }

    static String describe(String kind, String name) {
        return kind + " '" + name + "'";
    }
}
