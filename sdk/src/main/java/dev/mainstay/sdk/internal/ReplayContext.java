package dev.mainstay.sdk.internal;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.CancelledException;
import dev.mainstay.sdk.ChildOptions;
import dev.mainstay.sdk.ChildRun;
import dev.mainstay.sdk.ChildRunFailedException;
import dev.mainstay.sdk.DurableFuture;
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
 * <p>Positions are taken by the body's thread only, in call order. Parallel steps
 * ({@link #stepAsync}) run their bodies on threads of their own and journal their outcome at the
 * position they took, whenever they finish; the store accepts an entry above an empty position, and
 * a replay finds each entry at its position. Other operations belong to the body's thread.
 */
public final class ReplayContext implements WorkflowContext {
    static final String STEP = "step";
    static final String CALL = "call";
    static final String NOW = "now";
    static final String SLEEP = "sleep";
    static final String EVENT = "event";
    static final String INPUT = "input";
    static final String CANCEL = "cancel";
    static final String ANY = "any";
    static final String CHILD = "child";
    /** A child's outcome is awaited without a deadline of its own: the child has its own run timeout. */
    private static final java.time.Duration CHILD_WAIT = java.time.Duration.ofDays(365L * 100);

    /** The step whose body runs on this thread: ctx operations cannot nest in it; heartbeats name it. */
    private static final class StepScope {
        private final int position;
        private final long timeoutMs;
        private final RecordingSpan span; // the attempt's span: ctx.span() and Span.current() in the body
        private long lastHeartbeatMs;

        StepScope(int position, long timeoutMs, RecordingSpan span) {
            this.position = position;
            this.timeoutMs = timeoutMs;
            this.span = span;
            this.lastHeartbeatMs = System.currentTimeMillis();
        }

        int position() {
            return position;
        }

        RecordingSpan span() {
            return span;
        }

        /** At most one heartbeat per tenth of the timeout goes out: a tight loop must not flood the stream. */
        boolean heartbeatDue() {
            long now = System.currentTimeMillis();
            if (timeoutMs <= 0 || now - lastHeartbeatMs < timeoutMs / 10) {
                return false;
            }
            lastHeartbeatMs = now;
            return true;
        }
    }

    private static final ThreadLocal<StepScope> CURRENT_STEP = new ThreadLocal<>();
    /** The longest piece of live output sent in one message (at most 48 KiB of UTF-8). */
    static final int MAX_OUTPUT_CHARS = 16 * 1024;

    private final String runId;
    private final String workflowName;
    private final java.util.NavigableMap<Integer, JournalEntry> journal = new java.util.TreeMap<>();
    private final JournalSink sink;
    private final int maxPayloadBytes;
    private final RetryPolicies retryPolicies;
    private final java.util.Map<Integer, Integer> failedAttempts;
    private final long inWorkerBackoffMs;
    private volatile JournalWriteRefused refused;
    private final Components components;
    private final Random random;
    private final List<Parallel<?>> parallel = new java.util.ArrayList<>();
    private final java.util.Set<Thread> parallelThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Child<?>> requiredChildren = new java.util.ArrayList<>();
    private int position;
    private int uuidCounter;
    private boolean cancelDelivered;
    private RunSpans spans;

    /** A context whose steps are not retried (unless their options say so); for tests and tools. */
    public ReplayContext(String runId, String workflowName, List<JournalEntry> journal, JournalSink sink,
                         Components components, int maxPayloadBytes) {
        this(runId, workflowName, journal, sink, components, maxPayloadBytes,
                new RetryPolicies(null, RetryPolicy.none(), null), java.util.Map.of(), 0);
    }

    /**
     * @param failedAttempts failed attempts counted at positions with no entry yet (the step's next
     *     attempt there continues the count)
     * @param inWorkerBackoffMs backoffs up to this long wait in the worker; longer ones suspend the run
     */
    ReplayContext(String runId, String workflowName, List<JournalEntry> journal, JournalSink sink,
                  Components components, int maxPayloadBytes, RetryPolicies retryPolicies,
                  java.util.Map<Integer, Integer> failedAttempts, long inWorkerBackoffMs) {
        this.retryPolicies = retryPolicies;
        this.failedAttempts = failedAttempts;
        this.inWorkerBackoffMs = inWorkerBackoffMs;
        this.runId = runId;
        this.workflowName = workflowName;
        journal.forEach(entry -> this.journal.put(entry.getPosition(), entry));
        this.sink = sink;
        this.components = components;
        this.maxPayloadBytes = maxPayloadBytes;
        this.random = new Random(UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits());
    }

    /** The run span's context from the dispatch (a W3C traceparent; empty when the runtime does not trace). */
    void traceParent(String traceParent) {
        this.spans = new RunSpans(runId, traceParent);
    }

    private synchronized RunSpans spans() {
        if (spans == null) {
            spans = new RunSpans(runId, null);
        }
        return spans;
    }

    @Override
    public io.opentelemetry.api.trace.Span span() {
        StepScope step = CURRENT_STEP.get();
        return step != null ? step.span() : spans().run();
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
        StepScope step = CURRENT_STEP.get();
        if (step != null && step.heartbeatDue()) {
            sink.heartbeat(step.position());
        }
    }

    @Override
    public void progress(String text) {
        StepScope step = CURRENT_STEP.get();
        if (step == null) {
            throw new IllegalStateException("ctx.progress reports the live output of a step: call it inside a step body");
        }
        // in pieces well under the smallest message limit of the stream: an oversized message would end it
        for (int start = 0; text != null && start < text.length(); ) {
            int end = Math.min(text.length(), start + MAX_OUTPUT_CHARS);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            sink.output(step.position(), text.substring(start, end));
            start = end;
        }
        heartbeat();
    }

    @Override
    public <T> T call(String function, Object input, Class<T> type) {
        if (components.get(function).filter(c -> !c.workflow()).isEmpty()) {
            return startChild(function, input, type).result();
        }
        Components.Component component = function(function);
        byte[] inputJson = Json.write(input);
        return operation(CALL, function, type, inputJson, retryPolicies.forCall(component.retry()), component.timeoutMs(),
                invocation(component, inputJson));
    }

    @Override
    public <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type) {
        return startChild(workflow, input, type, ChildOptions.required());
    }

    @Override
    public <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type, ChildOptions options) {
        boolean detached = options != null && options.parentClosePolicy() == ChildOptions.ParentClosePolicy.DETACHED;
        JournalEntry recorded = advance(CHILD, workflow);
        byte[] started;
        if (recorded != null) {
            started = recorded.getOutput().toByteArray();
        } else {
            releaseIfDraining();
            started = awaitAck(sink.startChild(position, workflow, Json.write(input), detached), position)
                    .getResult().toByteArray();
        }
        Child<T> child = new Child<>(Json.<com.fasterxml.jackson.databind.JsonNode>read(started, com.fasterxml.jackson.databind.JsonNode.class).path("runId").asText(),
                type);
        if (!detached) {
            requiredChildren.add(child);
        }
        return child;
    }

    /** The body returned: a parent does not complete before its required children end. */
    public void awaitRequiredChildren() {
        for (Child<?> child : requiredChildren) {
            try {
                child.result();
            } catch (ChildRunFailedException ended) {
                // it ended, which is all the parent waits for; a body that cares calls result() itself
            }
        }
    }

    /** A child's handle; its outcome is journaled (as an inbox event) the first time it is awaited. */
    private final class Child<T> implements ChildRun<T> {
        private final String id;
        private final Type type;
        private com.fasterxml.jackson.databind.JsonNode outcome;

        Child(String id, Type type) {
            this.id = id;
            this.type = type;
        }

        @Override
        public String runId() {
            return id;
        }

        @Override
        public T result() {
            if (outcome == null) {
                outcome = ReplayContext.this.<com.fasterxml.jackson.databind.JsonNode>awaitEventOf("child:" + id, com.fasterxml.jackson.databind.JsonNode.class, CHILD_WAIT)
                        .orElseThrow(() -> new IllegalStateException("child run " + id + " was not awaited to its end"));
            }
            dev.mainstay.sdk.RunStatus status = dev.mainstay.sdk.RunStatus.valueOf(outcome.path("status").asText());
            if (status != dev.mainstay.sdk.RunStatus.COMPLETED) {
                com.fasterxml.jackson.databind.JsonNode error = outcome.path("error");
                throw new ChildRunFailedException(id, status, error.path("code").asText(null), error.path("message").asText(null));
            }
            return Json.MAPPER.convertValue(outcome.get("output"), Json.MAPPER.getTypeFactory().constructType(type));
        }
    }

    private Components.Component function(String name) {
        return components.get(name).filter(c -> !c.workflow())
                .orElseThrow(() -> new IllegalArgumentException("no @Function named '" + name
                        + "' is registered in this worker; register the object that declares it"));
    }

    private <T> Step<T> invocation(Components.Component component, byte[] inputJson) {
        return () -> {
            Object typedInput = component.inputType() == null ? null : Json.read(inputJson, component.inputType());
            @SuppressWarnings("unchecked")
            T result = (T) component.invoke(this, typedInput);
            return result;
        };
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
        StepScope step = CURRENT_STEP.get();
        return runId + ":" + (step != null ? step.position() : position + 1);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, Step<T> body) {
        return parallel(STEP, name, type, null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, TypeRef<T> type, Step<T> body) {
        return parallel(STEP, name, type.type(), null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, StepOptions options, Step<T> body) {
        return parallel(STEP, name, type, null, retryPolicies.forStep(options), timeoutMs(options), body);
    }

    @Override
    public <T> DurableFuture<T> callAsync(String function, Object input, Class<T> type) {
        Components.Component component = function(function);
        byte[] inputJson = Json.write(input);
        return parallel(CALL, function, type, inputJson, retryPolicies.forCall(component.retry()), component.timeoutMs(),
                invocation(component, inputJson));
    }

    private <T> DurableFuture<T> parallel(String kind, String name, Type type, byte[] input, RetryPolicy retry,
                                          long timeoutMs, Step<T> body) {
        JournalEntry recorded = advance(kind, name);
        int at = position;
        Parallel<T> future = new Parallel<>(at);
        if (recorded != null) {
            try {
                future.result.complete(replay(recorded, type));
            } catch (StepFailedException e) {
                future.result.completeExceptionally(e);
            }
            return future;
        }
        releaseIfDraining();
        parallel.add(future);
        java.util.Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap(); // run id, workflow
        Thread thread = Thread.ofVirtual().name("run-" + runId + "-" + at).unstarted(() -> {
            if (logContext != null) {
                org.slf4j.MDC.setContextMap(logContext);
            }
            try {
                future.result.complete(execute(at, kind, name, type, input, retry, timeoutMs, body, true));
            } catch (Throwable t) {
                future.result.completeExceptionally(t);
            } finally {
                org.slf4j.MDC.clear();
                parallelThreads.remove(Thread.currentThread());
            }
        });
        parallelThreads.add(thread);
        thread.start();
        return future;
    }

    @Override
    public <T> List<T> all(List<? extends DurableFuture<? extends T>> futures) {
        List<Parallel<? extends T>> own = own(futures);
        own.forEach(Parallel::settle);
        own.stream().filter(Parallel::failed).min(java.util.Comparator.comparingInt(Parallel::position))
                .ifPresent(Parallel::await);
        List<T> results = new java.util.ArrayList<>(own.size());
        own.forEach(future -> results.add(future.await()));
        return results;
    }

    @Override
    public <T> T any(List<? extends DurableFuture<? extends T>> futures) {
        List<Parallel<? extends T>> own = own(futures);
        if (own.isEmpty()) {
            throw new IllegalArgumentException("ctx.any needs at least one future");
        }
        JournalEntry recorded = advance(ANY, ANY);
        if (recorded != null) {
            int winner = Json.<Integer>read(recorded.getOutput().toByteArray(), Integer.class);
            return own.stream().filter(f -> f.position() == winner).findFirst()
                    .orElseThrow(() -> new NonDeterminismException(runId, recorded.getPosition(),
                            "any of futures including position " + winner, "any of futures without it"))
                    .await();
        }
        try {
            java.util.concurrent.CompletableFuture.anyOf(own.stream().map(f -> f.result)
                    .toArray(java.util.concurrent.CompletableFuture[]::new)).exceptionally(t -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("run " + runId + " was interrupted in ctx.any");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // unreachable: exceptionally() absorbed failures
        }
        Parallel<? extends T> first = own.stream().filter(Parallel::isDone).findFirst().orElseThrow();
        long now = System.currentTimeMillis();
        awaitCommit(sink.append(JournalEntry.newBuilder().setPosition(position).setKind(ANY).setName(ANY)
                .setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now).setFinishedAtMs(now)
                .setOutput(ByteString.copyFrom(Json.write(first.position()))).build()), position);
        return first.await();
    }

    @SuppressWarnings("unchecked")
    private <T> List<Parallel<? extends T>> own(List<? extends DurableFuture<? extends T>> futures) {
        List<Parallel<? extends T>> own = new java.util.ArrayList<>(futures.size());
        for (DurableFuture<? extends T> future : futures) {
            if (!(future instanceof Parallel<?> p) || !parallelOf(p)) {
                throw new IllegalArgumentException("ctx.all and ctx.any take futures from this run's ctx.stepAsync or ctx.callAsync");
            }
            own.add((Parallel<? extends T>) p);
        }
        return own;
    }

    private boolean parallelOf(Parallel<?> future) {
        return future.owner == this;
    }

    /**
     * Waits until every parallel step is journaled (or gave up): the run is about to wait durably,
     * be released, or end, after which their writes would be refused.
     */
    public void settleParallel() {
        parallel.forEach(Parallel::settle);
        parallel.clear();
    }

    /** The run was taken away: parallel steps stop too (their writes would be refused anyway). */
    public void abandonParallel() {
        parallelThreads.forEach(Thread::interrupt);
    }

    /** A parallel step's outcome, journaled at {@code position}. */
    private final class Parallel<T> implements DurableFuture<T> {
        private final int position;
        private final ReplayContext owner = ReplayContext.this;
        private final java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();

        Parallel(int position) {
            this.position = position;
        }

        int position() {
            return position;
        }

        @Override
        public T await() {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeaseLost("run " + runId + " was interrupted waiting for position " + position);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public boolean isDone() {
            return result.isDone();
        }

        boolean failed() {
            return result.isCompletedExceptionally();
        }

        void settle() {
            try {
                result.exceptionally(t -> null).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeaseLost("run " + runId + " was interrupted waiting for position " + position);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // unreachable: exceptionally() absorbed failures
            }
        }
    }

    /** Called when the body returned: a journal longer than what the body asked for is non-determinism too. */
    public void checkFullyReplayed() {
        java.util.Map.Entry<Integer, JournalEntry> beyond = journal.higherEntry(position);
        if (beyond != null) {
            JournalEntry next = beyond.getValue();
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
            return replay(recorded, type);
        }
        releaseIfDraining();
        return execute(position, kind, name, type, input, retry, timeoutMs, body, false);
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
        StepScope step = CURRENT_STEP.get();
        if (step != null) {
            throw new IllegalStateException("'" + name + "' was called inside step " + step.position()
                    + "; ctx operations cannot nest inside a step body");
        }
        position++;
        JournalEntry recorded = journal.get(position);
        if (recorded == null) {
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
            settleParallel(); // the run may be suspended by this wait: no parallel step may be left writing
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
                settleParallel();
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

    private static <T> T replay(JournalEntry recorded, Type type) {
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
    private <T> T execute(int position, String kind, String name, Type type, byte[] input, RetryPolicy retry,
                          long timeoutMs, Step<T> body, boolean parallel) {
        int attempt = failedAttempts.getOrDefault(position, 0) + 1;
        while (true) {
            long startedAt = System.currentTimeMillis();
            if (timeoutMs > 0) {
                announceDeadline(position, kind, name, attempt, timeoutMs, retry, startedAt);
            }
            if (kind.equals(STEP) || kind.equals(CALL)) { // not the instant ones (now, a question)
                sink.attemptBegan(position, kind, name, attempt, startedAt);
            }
            T value = null;
            Exception thrown = null;
            RecordingSpan span = spans().operation(position, attempt);
            CURRENT_STEP.set(new StepScope(position, timeoutMs, span));
            // user log lines inside the step carry where they come from
            org.slf4j.MDC.put("step", name);
            org.slf4j.MDC.put("attempt", Integer.toString(attempt));
            try (io.opentelemetry.context.Scope scope = io.opentelemetry.context.Context.current().with(span).makeCurrent()) {
                value = body.run();
            } catch (Exception e) {
                thrown = e;
            } finally {
                CURRENT_STEP.remove();
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
                retryLater(position, kind, name, attempt, thrown, startedAt, finishedAt,
                        retry.delayAfter(attempt).toMillis(), parallel, span.attributes());
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
            settleParallel();
            awaitCommit(sink.release(), position);
            throw new Suspended("run " + runId + " released at position " + position + ": its worker drains");
        }
    }

    /**
     * The runtime holds the deadline of this attempt; it also needs to know what follows a timeout
     * (a retry at a given time, or a final failure), since the worker may be gone by then.
     */
    private void announceDeadline(int position, String kind, String name, int attempt, long timeoutMs, RetryPolicy retry,
                                  long startedAt) {
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
    private void retryLater(int position, String kind, String name, int attempt, Exception thrown, long startedAt,
                            long finishedAt, long delayMs, boolean parallel, java.util.Map<String, String> spanAttributes) {
        boolean suspend = !parallel && delayMs > inWorkerBackoffMs;
        if (suspend) {
            settleParallel();
        }
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
