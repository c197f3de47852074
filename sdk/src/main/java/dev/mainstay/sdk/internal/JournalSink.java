package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.JournalEntry;
import java.util.concurrent.CompletableFuture;

/** Where a run's new journal entries go: the runtime, which answers each with an ack after commit. */
public interface JournalSink {
    CompletableFuture<Ack> append(JournalEntry entry);

    /** Appends the entry with the attributes user code set on the operation's span. */
    default CompletableFuture<Ack> append(JournalEntry entry, java.util.Map<String, String> spanAttributes) {
        return append(entry);
    }

    /** Appends the entry and suspends the run until {@code wakeAtMs} (a durable sleep). */
    CompletableFuture<Ack> appendAndSuspend(JournalEntry entry, long wakeAtMs);

    /** Waits for an event at {@code position}: answered with the journaled outcome, or with suspended. */
    CompletableFuture<Ack> awaitEvent(int position, String name, long timeoutMs);

    /** Starts a child run journaled at {@code position}: answered with {"runId": ...} in the ack's result. */
    CompletableFuture<Ack> startChild(int position, String component, byte[] input, boolean detached);

    /** Records a failed attempt (built without run id and epoch; the sink adds them). */
    CompletableFuture<Ack> attemptFailed(dev.mainstay.protocol.v1.AttemptFailed.Builder attempt);

    // The four reports below have no answer and change nothing journaled: a sink without a runtime
    // (offline replay, a scripted test run) has nobody to tell, hence the no-op defaults.

    /** Tells the runtime an attempt with a timeout started (no answer). */
    default void stepStarted(dev.mainstay.protocol.v1.StepStarted.Builder step) {}

    /** Tells the runtime the step at {@code position} makes progress (no answer). */
    default void heartbeat(int position) {}

    /** Tells the run's live watchers an attempt began (sent only while the run is watched; no answer). */
    default void attemptBegan(int position, String kind, String name, int attempt, long startedAtMs) {}

    /** A piece of the live output of the step at {@code position} (sent only while the run is watched; no answer). */
    default void output(int position, String text) {}

    /** Gives the run back to the runtime (the worker drains); answered once the runtime took it. */
    CompletableFuture<Ack> release();

    /**
     * Gives the run back to the runtime until {@code wakeAtMs}, writing nothing (a replayed wait that
     * still has long to go: the run holds no thread and no slot meanwhile); answered once it took it.
     */
    CompletableFuture<Ack> suspendUntil(long wakeAtMs);

    /** True once the worker drains: the run is to be released before its next new operation. */
    boolean draining();

    /** True once the run was cancelled: its next new operation throws CancelledException. */
    boolean cancelRequested();

    /**
     * Waits up to {@code millis} in this thread, and returns early, with true, once the run is
     * cancelled (a Cancel arriving meanwhile included): an in-thread wait is a cancel point.
     */
    boolean sleepUnlessCancelled(long millis) throws InterruptedException;
}
