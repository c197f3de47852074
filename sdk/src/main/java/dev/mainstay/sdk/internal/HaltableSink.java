package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.AttemptFailed;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.StepStarted;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A run's sink that stops writing once the run is known to be doomed (a non-determinism was
 * detected): every later write throws that failure instead of reaching the runtime, from any thread
 * (parallel steps still in flight included), so the journal stays as it was for inspection.
 */
final class HaltableSink implements JournalSink {
    private final JournalSink sink;
    private final Supplier<? extends RuntimeException> halted;

    /** @param halted the failure that halts the run, or null while it may go on */
    HaltableSink(JournalSink sink, Supplier<? extends RuntimeException> halted) {
        this.sink = sink;
        this.halted = halted;
    }

    private void checkGoing() {
        RuntimeException failure = halted.get();
        if (failure != null) {
            throw failure;
        }
    }

    private boolean going() {
        return halted.get() == null;
    }

    @Override
    public CompletableFuture<Ack> append(JournalEntry entry) {
        checkGoing();
        return sink.append(entry);
    }

    @Override
    public CompletableFuture<Ack> append(JournalEntry entry, Map<String, String> spanAttributes) {
        checkGoing();
        return sink.append(entry, spanAttributes);
    }

    @Override
    public CompletableFuture<Ack> appendAndSuspend(JournalEntry entry, long wakeAtMs) {
        checkGoing();
        return sink.appendAndSuspend(entry, wakeAtMs);
    }

    @Override
    public CompletableFuture<Ack> awaitEvent(int position, String name, long timeoutMs) {
        checkGoing();
        return sink.awaitEvent(position, name, timeoutMs);
    }

    @Override
    public CompletableFuture<Ack> startChild(int position, String component, byte[] input, boolean detached) {
        checkGoing();
        return sink.startChild(position, component, input, detached);
    }

    @Override
    public CompletableFuture<Ack> attemptFailed(AttemptFailed.Builder attempt) {
        checkGoing();
        return sink.attemptFailed(attempt);
    }

    @Override
    public void stepStarted(StepStarted.Builder step) {
        if (going()) {
            sink.stepStarted(step);
        }
    }

    @Override
    public void heartbeat(int position) {
        if (going()) {
            sink.heartbeat(position);
        }
    }

    @Override
    public void attemptBegan(int position, String kind, String name, int attempt, long startedAtMs) {
        if (going()) {
            sink.attemptBegan(position, kind, name, attempt, startedAtMs);
        }
    }

    @Override
    public void output(int position, String text) {
        if (going()) {
            sink.output(position, text);
        }
    }

    @Override
    public CompletableFuture<Ack> release() {
        checkGoing();
        return sink.release();
    }

    @Override
    public CompletableFuture<Ack> suspendUntil(long wakeAtMs) {
        checkGoing();
        return sink.suspendUntil(wakeAtMs);
    }

    @Override
    public boolean draining() {
        return sink.draining();
    }

    @Override
    public boolean cancelRequested() {
        return sink.cancelRequested();
    }

    @Override
    public boolean sleepUnlessCancelled(long millis) throws InterruptedException {
        return sink.sleepUnlessCancelled(millis);
    }
}
