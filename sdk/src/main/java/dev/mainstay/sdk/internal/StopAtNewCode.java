package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.AttemptFailed;
import dev.mainstay.protocol.v1.JournalEntry;
import java.util.concurrent.CompletableFuture;

/**
 * The sink of an offline replay: nothing new may run, so the run acts as if its worker drained
 * ({@link #draining()}: a new operation hands the run back before its body runs) and every write ends
 * the replay with {@link Suspended}: the recorded history ends there, and was consistent with the
 * code up to that point. A step's body is therefore never run by a replay, whatever the code does.
 */
final class StopAtNewCode implements JournalSink {
    private static Suspended end(String what) {
        return new Suspended("the replay reached the end of the recorded journal (" + what + ")");
    }

    @Override
    public CompletableFuture<Ack> append(JournalEntry entry) {
        throw end("a new entry at position " + entry.getPosition());
    }

    @Override
    public CompletableFuture<Ack> appendAndSuspend(JournalEntry entry, long wakeAtMs) {
        throw end("a new sleep at position " + entry.getPosition());
    }

    @Override
    public CompletableFuture<Ack> awaitEvent(int position, String name, long timeoutMs) {
        throw end("a new wait for '" + name + "' at position " + position);
    }

    @Override
    public CompletableFuture<Ack> startChild(int position, String component, byte[] input, boolean detached) {
        throw end("a new child run at position " + position);
    }

    @Override
    public CompletableFuture<Ack> attemptFailed(AttemptFailed.Builder attempt) {
        throw end("a new attempt at position " + attempt.getPosition());
    }

    @Override
    public CompletableFuture<Ack> release() {
        throw end("a new operation");
    }

    @Override
    public CompletableFuture<Ack> suspendUntil(long wakeAtMs) {
        throw end("a wait that had not ended");
    }

    @Override
    public boolean draining() {
        return true;
    }

    @Override
    public boolean cancelRequested() {
        return false;
    }

    @Override
    public boolean sleepUnlessCancelled(long millis) {
        return false;
    }
}
