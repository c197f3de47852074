package dev.mainstay.sdk.internal;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.CancelledException;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.PayloadTooLargeException;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.StepFailedException;
import dev.mainstay.sdk.TypeRef;
import dev.mainstay.sdk.WorkflowContext;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Replay: the workflow body runs from the top on every dispatch, and each ctx operation takes the
 * next journal position. While the position is inside the recorded journal the operation must be
 * the same kind and name as recorded (else {@link NonDeterminismException}) and returns the recorded
 * result without running anything. Past the journal's end the operation runs for real, and its
 * entry is appended and acknowledged (committed) before the body continues: the journal is the truth.
 *
 * <p>Not thread-safe: one workflow body runs on one thread.
 */
public final class ReplayContext implements WorkflowContext {
    static final String STEP = "step";
    static final String CALL = "call";
    static final String NOW = "now";
    static final String SLEEP = "sleep";
    static final String EVENT = "event";
    static final String INPUT = "input";
    static final String CANCEL = "cancel";

    private final String runId;
    private final String workflowName;
    private final List<JournalEntry> journal;
    private final JournalSink sink;
    private final int maxPayloadBytes;
    private final RetryPolicies retryPolicies;
    private final int nextAttempt;
    private final long inWorkerBackoffMs;
    private JournalWriteRefused refused;
    private final Components components;
    private final Random random;
    private int position;
    private int uuidCounter;
    private int stepInProgress;
    private boolean cancelDelivered;
    private long stepTimeoutMs;
    private RunSpans spans;
    private RecordingSpan operationSpan; // the span of the step attempt in progress, if any

    /** A context whose steps are not retried (unless their options say so); for tests and tools. */
    public ReplayContext(String runId, String workflowName, List<JournalEntry> journal, JournalSink sink,
                         Components components, int maxPayloadBytes) {
        this(runId, workflowName, journal, sink, components, maxPayloadBytes,
                new RetryPolicies(null, RetryPolicy.none(), null), 1, 0);
    }

    /**
     * @param nextAttempt the attempt number of the first operation past the journal (its earlier
     *     attempts failed before this dispatch)
     * @param inWorkerBackoffMs backoffs up to this long wait in the worker; longer ones suspend the run
     */
    ReplayContext(String runId, String workflowName, List<JournalEntry> journal, JournalSink sink,
                  Components components, int maxPayloadBytes, RetryPolicies retryPolicies, int nextAttempt,
                  long inWorkerBackoffMs) {
        this.retryPolicies = retryPolicies;
        this.nextAttempt = nextAttempt;
        this.inWorkerBackoffMs = inWorkerBackoffMs;
        this.runId = runId;
        this.workflowName = workflowName;
        this.journal = journal;
        this.sink = sink;
        this.components = components;
        this.maxPayloadBytes = maxPayloadBytes;
        this.random = new Random(UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits());
    }

    /** The run span's context from the dispatch (a W3C traceparent; empty when the runtime does not trace). */
    void traceParent(String traceParent) {
        this.spans = new RunSpans(runId, traceParent);
    }

    private RunSpans spans() {
        if (spans == null) {
            spans = new RunSpans(runId, null);
        }
        return spans;
    }

    @Override
    public io.opentelemetry.api.trace.Span span() {
        RecordingSpan current = operationSpan;
        return current != null ? current : spans().run();
    }

    /** What the workflow body set on the run's span (sent with the run's outcome). */
    java.util.Map<String, String> runSpanAttributes() {
        return spans().run().attributes();
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String workflowName() {
        return workflowName;
    }

    @Override
    public <T> T step(String name, Class<T> type, Step<T> body) {
        return operation(STEP, name, type, null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, Step<T> body) {
        return operation(STEP, name, type.type(), null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> T step(String name, Class<T> type, StepOptions options, Step<T> body) {
        return operation(STEP, name, type, null, retryPolicies.forStep(options), timeoutMs(options), body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, StepOptions options, Step<T> body) {
        return operation(STEP, name, type.type(), null, retryPolicies.forStep(options), timeoutMs(options), body);
    }

    private static long timeoutMs(StepOptions options) {
        return options == null || options.timeout() == null ? 0 : options.timeout().toMillis();
    }

    @Override
    public void heartbeat() {
        if (stepInProgress > 0 && stepTimeoutMs > 0) {
            sink.heartbeat(stepInProgress);
        }
    }

    @Override
    public <T> T call(String function, Object input, Class<T> type) {
        Components.Component component = components.get(function).filter(c -> !c.workflow())
                .orElseThrow(() -> new IllegalArgumentException("no @Function named '" + function
                        + "' is registered in this worker; register the object that declares it"));
        byte[] inputJson = Json.write(input);
        return operation(CALL, function, type, inputJson, retryPolicies.forCall(component.retry()), component.timeoutMs(), () -> {
            Object typedInput = component.inputType() == null ? null : Json.read(inputJson, component.inputType());
            @SuppressWarnings("unchecked")
            T result = (T) component.invoke(this, typedInput);
            return result;
        });
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(operation(NOW, NOW, Long.class, null, RetryPolicy.none(), 0, System::currentTimeMillis));
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public UUID uuid() {
        return UUID.nameUUIDFromBytes((runId + "/uuid/" + uuidCounter++).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String idempotencyKey() {
        return runId + ":" + (stepInProgress > 0 ? stepInProgress : position + 1);
    }

    /** Called when the body returned: a journal longer than what the body asked for is non-determinism too. */
    public void checkFullyReplayed() {
        if (position < journal.size()) {
            JournalEntry next = journal.get(position);
            throw new NonDeterminismException(runId, next.getPosition(), describe(next.getKind(), next.getName()),
                    "the end of the workflow");
        }
    }

    /**
     * The journal write the runtime refused (payload limit, conflict), if any. Once set, the run
     * cannot go on, even if the body caught the exception: the run fails with it.
     */
    public JournalWriteRefused refused() {
        return refused;
    }

    private <T> T operation(String kind, String name, Type type, byte[] input, RetryPolicy retry, long timeoutMs,
                            Step<T> body) {
        JournalEntry recorded = advance(kind, name);
        if (recorded != null) {
            return replay(recorded, name, type);
        }
        return execute(kind, name, type, input, retry, timeoutMs, body);
    }

    /**
     * Takes the next journal position for an operation: its recorded entry when replaying (after
     * checking it is the same operation), null when the operation is new and must run.
     */
    private JournalEntry advance(String kind, String name) {
        if (refused != null) {
            throw refused;
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + kind + " needs a non-blank name");
        }
        if (stepInProgress > 0) {
            throw new IllegalStateException("'" + name + "' was called inside step " + stepInProgress
                    + "; ctx operations cannot nest inside a step body");
        }
        position++;
        if (position > journal.size()) {
            if (!cancelDelivered && sink.cancelRequested()) {
                // the cancel point takes this position, so a replay of the cleanup that follows is deterministic
                cancelDelivered = true;
                long now = System.currentTimeMillis();
                awaitCommit(sink.append(JournalEntry.newBuilder().setPosition(position).setKind(CANCEL).setName(CANCEL)
                        .setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now).setFinishedAtMs(now)
                        .setOutput(ByteString.copyFromUtf8("null")).build()), position);
                throw new CancelledException(runId);
            }
            return null;
        }
        JournalEntry recorded = journal.get(position - 1);
        if (recorded.getKind().equals(CANCEL)) {
            cancelDelivered = true;
            throw new CancelledException(runId);
        }
        if (!recorded.getKind().equals(kind) || !recorded.getName().equals(name)) {
            throw new NonDeterminismException(runId, position, describe(recorded.getKind(), recorded.getName()),
                    describe(kind, name));
        }
        return recorded;
    }

    @Override
    public <T> java.util.Optional<T> awaitInput(String name, dev.mainstay.sdk.InputRequest<T> request,
                                                java.time.Duration timeout) {
        operation(INPUT, name, com.fasterxml.jackson.databind.JsonNode.class, null, RetryPolicy.none(), 0,
                () -> Json.MAPPER.createObjectNode()
                        .put("prompt", request.prompt())
                        .put("kind", request.kind().name())
                        .set("options", Json.MAPPER.valueToTree(request.options())));
        return awaitEventOf(name, request.answerType(), timeout);
    }

    @Override
    public <T> java.util.Optional<T> awaitEvent(String name, Class<T> type, java.time.Duration timeout) {
        return awaitEventOf(name, type, timeout);
    }

    private <T> java.util.Optional<T> awaitEventOf(String name, Type type, java.time.Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("awaitEvent timeout was " + timeout + "; use zero or more");
        }
        JournalEntry recorded = advance(EVENT, name);
        byte[] outcome;
        if (recorded != null) {
            outcome = recorded.getOutput().toByteArray();
        } else {
            releaseIfDraining();
            Ack ack = awaitAck(sink.awaitEvent(position, name, timeout.toMillis()), position);
            if (ack.getSuspended()) {
                throw new Suspended("run " + runId + " waits for event '" + name + "'");
            }
            outcome = ack.getResult().toByteArray();
        }
        com.fasterxml.jackson.databind.JsonNode envelope = Json.read(outcome, com.fasterxml.jackson.databind.JsonNode.class);
        if (!envelope.path("received").asBoolean()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(
                Json.MAPPER.convertValue(envelope.get("payload"), Json.MAPPER.getTypeFactory().constructType(type)));
    }

    @Override
    public void sleep(java.time.Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("sleep duration was " + duration + "; use zero or more");
        }
        JournalEntry recorded = advance(SLEEP, SLEEP);
        long wakeAt;
        if (recorded != null) {
            wakeAt = Json.<Long>read(recorded.getOutput().toByteArray(), Long.class);
        } else {
            releaseIfDraining();
            long now = System.currentTimeMillis();
            wakeAt = now + duration.toMillis();
            JournalEntry entry = JournalEntry.newBuilder().setPosition(position).setKind(SLEEP).setName(SLEEP)
                    .setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now).setFinishedAtMs(now)
                    .setOutput(ByteString.copyFrom(Json.write(wakeAt))).build();
            if (duration.toMillis() > inWorkerBackoffMs) {
                awaitCommit(sink.appendAndSuspend(entry, wakeAt), position);
                throw new Suspended("run " + runId + " sleeps until " + Instant.ofEpochMilli(wakeAt));
            }
            awaitCommit(sink.append(entry), position);
        }
        long remaining = wakeAt - System.currentTimeMillis();
        if (remaining > 0) {
            try {
                Thread.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeaseLost("run " + runId + " was interrupted while sleeping");
            }
        }
    }

    private <T> T replay(JournalEntry recorded, String name, Type type) {
        if (recorded.getStatus() == EntryStatus.FAILED) {
            Failure failure = recorded.getFailure();
            throw new StepFailedException(name, position, failure.getType(),
                    failure.getMessage().isEmpty() ? null : failure.getMessage(), null);
        }
        return Json.read(recorded.getOutput().toByteArray(), type);
    }

    private <T> T execute(String kind, String name, Type type, byte[] input, RetryPolicy retry, long timeoutMs,
                          Step<T> body) {
        releaseIfDraining();
        int attempt = position == journal.size() + 1 ? nextAttempt : 1;
        while (true) {
            long startedAt = System.currentTimeMillis();
            if (timeoutMs > 0) {
                announceDeadline(kind, name, attempt, timeoutMs, retry, startedAt);
            }
            T value = null;
            Exception thrown = null;
            stepInProgress = position;
            stepTimeoutMs = timeoutMs;
            RecordingSpan span = spans().operation(position, attempt);
            operationSpan = span;
            // user log lines inside the step carry where they come from
            org.slf4j.MDC.put("step", name);
            org.slf4j.MDC.put("attempt", Integer.toString(attempt));
            try (io.opentelemetry.context.Scope scope = io.opentelemetry.context.Context.current().with(span).makeCurrent()) {
                value = body.run();
            } catch (Exception e) {
                thrown = e;
            } finally {
                stepInProgress = 0;
                stepTimeoutMs = 0;
                operationSpan = null;
                org.slf4j.MDC.remove("step");
                org.slf4j.MDC.remove("attempt");
            }
            long finishedAt = System.currentTimeMillis();
            byte[] output = thrown == null ? Json.write(value) : null;
            int size = (output == null ? 0 : output.length) + (input == null ? 0 : input.length);
            if (size > maxPayloadBytes) {
                // journal a small failure instead: the same outcome on replay, and the body can react
                thrown = new PayloadTooLargeException(name, size, maxPayloadBytes);
            }
            if (thrown != null && retry.retries(thrown, attempt) && !(thrown instanceof PayloadTooLargeException)) {
                retryLater(kind, name, attempt, thrown, startedAt, finishedAt, retry.delayAfter(attempt).toMillis(),
                        span.attributes());
                attempt++;
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
            awaitCommit(sink.append(entry.build(), span.attributes()), position);
            if (thrown != null) {
                throw new StepFailedException(name, position, thrown.getClass().getName(), thrown.getMessage(), thrown);
            }
            return value;
        }
    }

    /** While the worker drains, the run is handed over before anything new starts; what ran is journaled. */
    private void releaseIfDraining() {
        if (sink.draining()) {
            awaitCommit(sink.release(), position);
            throw new Suspended("run " + runId + " released at position " + position + ": its worker drains");
        }
    }

    /**
     * The runtime holds the deadline of this attempt; it also needs to know what follows a timeout
     * (a retry at a given time, or a final failure), since the worker may be gone by then.
     */
    private void announceDeadline(String kind, String name, int attempt, long timeoutMs, RetryPolicy retry, long startedAt) {
        boolean retried = retry.retries(new StepTimedOut(), attempt);
        sink.stepStarted(dev.mainstay.protocol.v1.StepStarted.newBuilder()
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
     * short, else by handing the run back to the runtime's durable timer ({@link Suspended}).
     */
    private void retryLater(String kind, String name, int attempt, Exception thrown, long startedAt, long finishedAt,
                            long delayMs, java.util.Map<String, String> spanAttributes) {
        boolean suspend = delayMs > inWorkerBackoffMs;
        long retryAt = System.currentTimeMillis() + delayMs;
        awaitCommit(sink.attemptFailed(dev.mainstay.protocol.v1.AttemptFailed.newBuilder()
                .setPosition(position).setKind(kind).setName(name).setAttempt(attempt)
                .setFailure(Failures.of(ErrorCode.STEP_FAILED, thrown))
                .setStartedAtMs(startedAt).setFinishedAtMs(finishedAt)
                .setRetryAtMs(retryAt).setSuspend(suspend).putAllSpanAttributes(spanAttributes)), position);
        if (suspend) {
            throw new Suspended("run " + runId + " waits for attempt " + (attempt + 1) + " of '" + name + "' until "
                    + Instant.ofEpochMilli(retryAt));
        }
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("run " + runId + " was interrupted while waiting to retry '" + name + "'");
        }
    }

    private void awaitCommit(java.util.concurrent.CompletableFuture<Ack> pending, int position) {
        awaitAck(pending, position);
    }

    /** Waits for the runtime's answer; a refusal ends the run (fenced: abandon; otherwise: fail it). */
    private Ack awaitAck(java.util.concurrent.CompletableFuture<Ack> pending, int position) {
        Ack ack;
        try {
            ack = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("run " + runId + " was interrupted while waiting for position " + position);
        } catch (ExecutionException e) {
            throw new LeaseLost("run " + runId + " lost its connection at position " + position);
        }
        if (!ack.getOk()) {
            ErrorCode code = ErrorCode.fromName(ack.getErrorCode());
            if (code == ErrorCode.STALE_EPOCH || code == ErrorCode.RUN_ALREADY_FINISHED) {
                throw new LeaseLost(ack.getMessage());
            }
            refused = new JournalWriteRefused(code, ack.getMessage());
            throw refused;
        }
        return ack;
    }

    private static String describe(String kind, String name) {
        return kind + " '" + name + "'";
    }
}
