package dev.mainstay.sdk.internal;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.PendingAttempts;
import dev.mainstay.sdk.PayloadTooLargeException;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.StepFailedException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the body of a new step or call at its position, attempt after attempt, and journals the
 * outcome: failed attempts that will be retried go out as {@code AttemptFailed} (durable counts),
 * only the final outcome is appended. A replayed operation never gets here ({@link #replay}).
 */
final class StepRunner {
    private final JournalCursor cursor;
    private final Supplier<RunSpans> spans;
    private final int maxPayloadBytes;
    private final Map<Integer, PendingAttempts> pendingAttempts;
    private final long inWorkerBackoffMs;

    /**
     * @param pendingAttempts failed attempts at positions with no entry yet: the step's next attempt
     *     there continues their count, and starts no earlier than their retry time
     * @param inWorkerBackoffMs backoffs up to this long wait in the worker; longer ones suspend the run
     */
    StepRunner(JournalCursor cursor, Supplier<RunSpans> spans, int maxPayloadBytes,
               Map<Integer, PendingAttempts> pendingAttempts, long inWorkerBackoffMs) {
        this.cursor = cursor;
        this.spans = spans;
        this.maxPayloadBytes = maxPayloadBytes;
        this.pendingAttempts = pendingAttempts;
        this.inWorkerBackoffMs = inWorkerBackoffMs;
    }

    /** A sequential operation: its recorded outcome when replaying, else it runs here and now. */
    <T> T run(String kind, String name, Type type, byte[] input, RetryPolicy retry, long timeoutMs, Step<T> body) {
        JournalEntry recorded = cursor.advance(kind, name);
        if (recorded != null) {
            return replay(recorded, type);
        }
        cursor.releaseIfDraining();
        return execute(cursor.position(), kind, name, type, input, retry, timeoutMs, body, false);
    }

    /** The recorded outcome: the output read as {@code type}, or the recorded failure thrown again. */
    static <T> T replay(JournalEntry recorded, Type type) {
        if (recorded.getStatus() == EntryStatus.FAILED) {
            Failure failure = recorded.getFailure();
            throw new StepFailedException(recorded.getName(), recorded.getPosition(), failure.getType(),
                    failure.getMessage().isEmpty() ? null : failure.getMessage(), null);
        }
        return Json.read(recorded.getOutput().toByteArray(), type);
    }

    /**
     * Runs a new operation's body at {@code position} with its retries, and journals the outcome.
     *
     * @param parallel true on a parallel step's own thread: its backoffs wait in that thread, since
     *     suspending the run would cut off the body and its other parallel steps
     */
    <T> T execute(int position, String kind, String name, Type type, byte[] input, RetryPolicy retry,
                  long timeoutMs, Step<T> body, boolean parallel) {
        PendingAttempts earlier = pendingAttempts.get(position);
        int attempt = (earlier == null ? 0 : earlier.getFailed()) + 1;
        JournalSink sink = cursor.sink();
        if (earlier != null && earlier.getRetryAtMs() > cursor.now()
                // the backoff was journaled with the failed attempt: a crash or a hand-over does not shorten it
                && !awaitRetryTime(position, name, attempt, earlier.getRetryAtMs(), parallel)) {
            return cancelledBeforeAttempt(position, kind, name, attempt, parallel);
        }
        while (true) {
            long startedAt = cursor.now();
            if (timeoutMs > 0) {
                announceDeadline(position, kind, name, attempt, timeoutMs, retry, startedAt);
            }
            if (kind.equals(ReplayContext.STEP) || kind.equals(ReplayContext.CALL)) { // not the instant ones (now, a question)
                sink.attemptBegan(position, kind, name, attempt, startedAt);
            }
            T value = null;
            Exception thrown = null;
            RecordingSpan span = spans.get().operation(position, attempt);
            StepScope.enter(new StepScope(position, timeoutMs, span));
            // user log lines inside the step carry where they come from
            org.slf4j.MDC.put("step", name);
            org.slf4j.MDC.put("attempt", Integer.toString(attempt));
            try (io.opentelemetry.context.Scope scope = io.opentelemetry.context.Context.current().with(span).makeCurrent()) {
                value = body.run();
            } catch (Exception e) {
                thrown = e;
            } finally {
                StepScope.exit();
                org.slf4j.MDC.remove("step");
                org.slf4j.MDC.remove("attempt");
            }
            long finishedAt = cursor.now();
            byte[] output = thrown == null ? Json.write(value) : null;
            int size = (output == null ? 0 : output.length) + (input == null ? 0 : input.length);
            if (size > maxPayloadBytes) {
                // journal a small failure instead: the same outcome on replay, and the body can react
                thrown = new PayloadTooLargeException(name, size, maxPayloadBytes);
            }
            if (thrown != null && retry.retries(thrown, attempt) && !(thrown instanceof PayloadTooLargeException)) {
                boolean waited = retryLater(position, kind, name, attempt, thrown, startedAt, finishedAt,
                        retry.delayAfter(attempt).toMillis(), parallel, span.attributes());
                attempt++;
                if (!waited) {
                    return cancelledBeforeAttempt(position, kind, name, attempt, parallel);
                }
                continue;
            }
            JournalEntry.Builder entry = JournalEntry.newBuilder()
                    .setPosition(position)
                    .setKind(kind)
                    .setName(name)
                    .setAttempt(attempt)
                    .setStartedAtMs(startedAt)
                    .setFinishedAtMs(finishedAt);
            if (input != null && !(thrown instanceof PayloadTooLargeException)) {
                entry.setInput(ByteString.copyFrom(input));
            }
            if (thrown == null) {
                entry.setStatus(EntryStatus.SUCCEEDED).setOutput(ByteString.copyFrom(output));
            } else {
                entry.setStatus(EntryStatus.FAILED).setFailure(Failures.of(ErrorCode.STEP_FAILED, thrown));
            }
            cursor.awaitCommit(() -> sink.append(entry.build(), span.attributes()), position);
            if (thrown != null) {
                throw new StepFailedException(name, position, thrown.getClass().getName(), thrown.getMessage(), thrown);
            }
            return value;
        }
    }

    /**
     * Waits until the recorded retry time of the attempt about to start: in this thread when it is
     * near (or on a parallel step's own thread, whose backoffs always wait there), else by handing
     * the run back to the runtime until then. False when a cancel cut the wait short.
     */
    private boolean awaitRetryTime(int position, String name, int attempt, long retryAtMs, boolean parallel) {
        long remaining = retryAtMs - cursor.now();
        if (!parallel && remaining > inWorkerBackoffMs && !cursor.cancelKnown()) {
            cursor.settleParallel();
            cursor.awaitCommit(() -> cursor.sink().suspendUntil(retryAtMs), position);
            throw new Suspended("run " + cursor.runId() + " waits for attempt " + attempt + " of '" + name + "' until "
                    + Instant.ofEpochMilli(retryAtMs));
        }
        return !cursor.pauseUnlessCancelled(remaining, "waiting to retry '" + name + "'");
    }

    /**
     * The run was cancelled while the operation waited for its next attempt: a cancelled run does not
     * retry. The body's own operation is its cancel point (a {@code cancel} entry at its position); a
     * parallel step ends FAILED with the cancellation, journaled, so a replay fails it the same way.
     */
    private <T> T cancelledBeforeAttempt(int position, String kind, String name, int attempt, boolean parallel) {
        if (!parallel) {
            throw cursor.cancelHere();
        }
        dev.mainstay.sdk.CancelledException cancelled = new dev.mainstay.sdk.CancelledException(cursor.runId());
        long now = cursor.now();
        cursor.awaitCommit(() -> cursor.sink().append(JournalEntry.newBuilder().setPosition(position).setKind(kind).setName(name)
                .setAttempt(attempt).setStartedAtMs(now).setFinishedAtMs(now).setStatus(EntryStatus.FAILED)
                .setFailure(Failures.of(ErrorCode.CANCELLED, cancelled)).build()), position);
        throw new StepFailedException(name, position, cancelled.getClass().getName(), cancelled.getMessage(), cancelled);
    }

    /**
     * The runtime holds the deadline of this attempt; it also needs to know what follows a timeout
     * (a retry at a given time, or a final failure), since the worker may be gone by then.
     */
    private void announceDeadline(int position, String kind, String name, int attempt, long timeoutMs, RetryPolicy retry,
                                  long startedAt) {
        boolean retried = retry.retries(new StepTimedOut(), attempt);
        cursor.sink().stepStarted(dev.mainstay.protocol.v1.StepStarted.newBuilder()
                .setPosition(position).setKind(kind).setName(name).setAttempt(attempt).setTimeoutMs(timeoutMs)
                .setStartedAtMs(startedAt)
                .setRetryAtMs(retried ? startedAt + timeoutMs + retry.delayAfter(attempt).toMillis() : 0));
    }

    /** Stands for a timed-out attempt when asking the retry policy; a step never sees it. */
    private static final class StepTimedOut extends RuntimeException {
        StepTimedOut() {
            super("step timed out", null, false, false);
        }
    }

    /**
     * Journals the failed attempt, then waits for the next one: in this thread when the backoff is
     * short, else by handing the run back to the runtime's durable timer ({@link Suspended}). False
     * when a cancel cut the in-thread wait short.
     */
    private boolean retryLater(int position, String kind, String name, int attempt, Exception thrown, long startedAt,
                               long finishedAt, long delayMs, boolean parallel, Map<String, String> spanAttributes) {
        boolean suspend = !parallel && delayMs > inWorkerBackoffMs;
        if (suspend) {
            cursor.settleParallel();
        }
        long retryAt = cursor.now() + delayMs;
        cursor.awaitCommit(() -> cursor.sink().attemptFailed(dev.mainstay.protocol.v1.AttemptFailed.newBuilder()
                .setPosition(position).setKind(kind).setName(name).setAttempt(attempt)
                .setFailure(Failures.of(ErrorCode.STEP_FAILED, thrown))
                .setStartedAtMs(startedAt).setFinishedAtMs(finishedAt)
                .setRetryAtMs(retryAt).setSuspend(suspend).putAllSpanAttributes(spanAttributes)), position);
        if (suspend) {
            throw new Suspended("run " + cursor.runId() + " waits for attempt " + (attempt + 1) + " of '" + name
                    + "' until " + Instant.ofEpochMilli(retryAt));
        }
        return !cursor.pauseUnlessCancelled(delayMs, "waiting to retry '" + name + "'");
    }
}
