package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.PendingAttempts;
import dev.mainstay.sdk.ChildOptions;
import dev.mainstay.sdk.ChildRun;
import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.InputRequest;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.TypeRef;
import dev.mainstay.sdk.WorkflowContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Replay: the workflow body runs from the top on every dispatch, and each ctx operation takes the
 * next journal position. While the position is inside the recorded journal the operation must be
 * the same kind and name as recorded (else {@link NonDeterminismException}) and returns the recorded
 * result without running anything. Past the journal's end the operation runs for real, and its
 * entry is appended and acknowledged (committed) before the body continues: the journal is the truth.
 *
 * <p>This class is the {@link WorkflowContext} facade; the work is split along its seams: the
 * journal and the body's place in it ({@link JournalCursor}), running steps with their retries
 * ({@link StepRunner}), parallel steps ({@link ParallelSteps}), child runs ({@link Children}) and
 * durable waits ({@link Waits}), patches, the guards of changed code ({@link Patches}), and search
 * attributes ({@link Attributes}).
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
    static final String PATCH = "patch";
    static final String ATTRIBUTE = "attribute";
    /** The longest piece of live output sent in one message (at most 48 KiB of UTF-8). */
    static final int MAX_OUTPUT_CHARS = 16 * 1024;

    private final String runId;
    private final String workflowName;
    private final JournalSink sink;
    private final RetryPolicies retryPolicies;
    private final Components components;
    private final Random random;
    private final JournalCursor cursor;
    private final StepRunner steps;
    private final ParallelSteps parallel;
    private final Waits waits;
    private final Children children;
    private final Patches patches;
    private final Attributes attributes;
    private int uuidCounter;
    private RunSpans spans;

    /** A context whose steps are not retried (unless their options say so); for tests and tools. */
    public ReplayContext(String runId, String workflowName, List<JournalEntry> journal, JournalSink sink,
                         Components components, int maxPayloadBytes) {
        this(runId, workflowName, journal, sink, components, maxPayloadBytes,
                new RetryPolicies(null, RetryPolicy.none(), null), Map.<Integer, PendingAttempts>of(), 0);
    }

    /** Failed attempts known only by their counts (a runtime that sends no details), by position. */
    static Map<Integer, PendingAttempts> counts(Map<Integer, Integer> failedAttempts) {
        Map<Integer, PendingAttempts> pending = new java.util.HashMap<>();
        failedAttempts.forEach((position, failed) -> pending.put(position, PendingAttempts.newBuilder().setFailed(failed).build()));
        return pending;
    }

    /**
     * @param pendingAttempts the failed attempts at positions with no entry yet: the step's next
     *     attempt there continues their count, waits for their retry time, and must be the same operation
     * @param inWorkerBackoffMs backoffs up to this long wait in the worker; longer ones suspend the run
     */
    ReplayContext(String runId, String workflowName, List<JournalEntry> journal, JournalSink sink,
                  Components components, int maxPayloadBytes, RetryPolicies retryPolicies,
                  Map<Integer, PendingAttempts> pendingAttempts, long inWorkerBackoffMs) {
        this(runId, workflowName, journal, sink, components, maxPayloadBytes, retryPolicies, pendingAttempts,
                inWorkerBackoffMs, System::currentTimeMillis);
    }

    /** As above, on {@code clock}: the run's now ({@link RunClocks}), which every journaled time and every wait reads. */
    ReplayContext(String runId, String workflowName, List<JournalEntry> journal, JournalSink sink,
                  Components components, int maxPayloadBytes, RetryPolicies retryPolicies,
                  Map<Integer, PendingAttempts> pendingAttempts, long inWorkerBackoffMs,
                  java.util.function.LongSupplier clock) {
        this.runId = runId;
        this.workflowName = workflowName;
        this.sink = sink;
        this.retryPolicies = retryPolicies;
        this.components = components;
        this.random = new Random(UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits());
        this.cursor = new JournalCursor(runId, journal, pendingAttempts, sink, this::settleParallel, clock);
        this.steps = new StepRunner(cursor, this::spans, maxPayloadBytes, pendingAttempts, inWorkerBackoffMs);
        this.parallel = new ParallelSteps(cursor, steps);
        this.waits = new Waits(cursor, inWorkerBackoffMs);
        this.children = new Children(cursor, waits);
        this.patches = new Patches(cursor, steps);
        this.attributes = new Attributes(cursor);
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
        StepScope step = StepScope.current();
        return step != null ? step.span() : spans().run();
    }

    /** What the workflow body set on the run's span (sent with the run's outcome). */
    Map<String, String> runSpanAttributes() {
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
        return steps.run(STEP, name, type, null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, Step<T> body) {
        return steps.run(STEP, name, type.type(), null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> T step(String name, Class<T> type, StepOptions options, Step<T> body) {
        return steps.run(STEP, name, type, null, retryPolicies.forStep(options), timeoutMs(options), body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, StepOptions options, Step<T> body) {
        return steps.run(STEP, name, type.type(), null, retryPolicies.forStep(options), timeoutMs(options), body);
    }

    private static long timeoutMs(StepOptions options) {
        return options == null || options.timeout() == null ? 0 : options.timeout().toMillis();
    }

    @Override
    public void heartbeat() {
        StepScope step = StepScope.current();
        if (step != null && step.heartbeatDue()) {
            sink.heartbeat(step.position());
        }
    }

    @Override
    public void progress(String text) {
        StepScope step = StepScope.current();
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

    /**
     * A call runs the function here when this worker registers it (one {@code call} entry), else as
     * a child run on a worker that does (a {@code child} entry, then the child's outcome as an
     * {@code event} entry). Which of the two a run did is decided once, by the worker that ran the
     * call first, and the journal records it: a replay follows the journal, not this worker's
     * registrations. A recorded {@code child} is awaited as a child even where the function is
     * registered; a recorded {@code call} returns its recorded outcome even where it is not. (The
     * other choice, one operation whatever the worker, would make every call a child run, or refuse
     * calls of functions served elsewhere; following the journal keeps local calls cheap and a run
     * movable between workers of different registrations.)
     */
    @Override
    public <T> T call(String function, Object input, Class<T> type) {
        JournalEntry recorded = cursor.next();
        java.util.Optional<Components.Component> local = components.get(function).filter(c -> !c.workflow());
        boolean asChild = recorded != null && recorded.getKind().equals(CHILD) && recorded.getName().equals(function);
        boolean replayedCall = recorded != null && recorded.getKind().equals(CALL) && recorded.getName().equals(function);
        if (asChild || (!replayedCall && local.isEmpty())) {
            return startChild(function, input, type).result();
        }
        byte[] inputJson = Json.write(input);
        if (local.isEmpty()) { // a recorded call returns its outcome: the function does not run again
            return steps.run(CALL, function, type, inputJson, RetryPolicy.none(), 0, () -> {
                throw new IllegalStateException("call '" + function + "' is recorded; it does not run again");
            });
        }
        Components.Component component = local.get();
        return steps.run(CALL, function, type, inputJson, retryPolicies.forCall(component.retry()), component.timeoutMs(),
                invocation(component, inputJson));
    }

    @Override
    public <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type) {
        return startChild(workflow, input, type, ChildOptions.required());
    }

    @Override
    public <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type, ChildOptions options) {
        return children.start(workflow, input, type, options);
    }

    /** The body returned: a parent does not complete before its required children end. */
    public void awaitRequiredChildren() {
        children.awaitRequired();
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
        return Instant.ofEpochMilli(steps.run(NOW, NOW, Long.class, null, RetryPolicy.none(), 0, cursor::now));
    }

    @Override
    public void setAttribute(String name, String value) {
        attributes.set(name, "string", value);
    }

    @Override
    public void setAttribute(String name, long value) {
        attributes.set(name, "number", value);
    }

    @Override
    public void setAttribute(String name, double value) {
        attributes.set(name, "number", value);
    }

    @Override
    public void setAttribute(String name, boolean value) {
        attributes.set(name, "boolean", value);
    }

    @Override
    public void setAttribute(String name, Instant value) {
        attributes.set(name, "time", value == null ? null : value.toString());
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
        StepScope step = StepScope.current();
        return runId + ":" + (step != null ? step.position() : cursor.position() + 1);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, Step<T> body) {
        return parallel.start(STEP, name, type, null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, TypeRef<T> type, Step<T> body) {
        return parallel.start(STEP, name, type.type(), null, retryPolicies.forStep(null), 0, body);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, StepOptions options, Step<T> body) {
        return parallel.start(STEP, name, type, null, retryPolicies.forStep(options), timeoutMs(options), body);
    }

    @Override
    public <T> DurableFuture<T> callAsync(String function, Object input, Class<T> type) {
        Components.Component component = function(function);
        byte[] inputJson = Json.write(input);
        return parallel.start(CALL, function, type, inputJson, retryPolicies.forCall(component.retry()),
                component.timeoutMs(), invocation(component, inputJson));
    }

    @Override
    public <T> List<T> all(List<? extends DurableFuture<? extends T>> futures) {
        return parallel.all(futures);
    }

    @Override
    public <T> T any(List<? extends DurableFuture<? extends T>> futures) {
        return parallel.any(futures);
    }

    /**
     * Waits until every parallel step is journaled (or gave up): the run is about to wait durably,
     * be released, or end, after which their writes would be refused.
     */
    public void settleParallel() {
        parallel.settle();
    }

    /** The run was taken away: parallel steps stop too (their writes would be refused anyway). */
    public void abandonParallel() {
        parallel.abandon();
    }

    /** Called when the body returned: a journal longer than what the body asked for is non-determinism too. */
    public void checkFullyReplayed() {
        cursor.checkFullyReplayed();
    }

    /**
     * The journal write the runtime refused (payload limit, conflict), if any. Once set, the run
     * cannot go on, even if the body caught the exception: the run fails with it.
     */
    public JournalWriteRefused refused() {
        return cursor.refused();
    }

    /** The non-determinism this dispatch detected, if any: the run's outcome, even if the body caught it. */
    public NonDeterminismException nonDeterminism() {
        return cursor.mismatch();
    }

    @Override
    public <T> Optional<T> awaitInput(String name, InputRequest<T> request, Duration timeout) {
        steps.run(INPUT, name, JsonNode.class, null, RetryPolicy.none(), 0,
                () -> Json.MAPPER.createObjectNode()
                        .put("prompt", request.prompt())
                        .put("kind", request.kind().name())
                        .set("options", Json.MAPPER.valueToTree(request.options())));
        return waits.awaitEvent(name, request.answerType(), timeout);
    }

    @Override
    public <T> Optional<T> awaitEvent(String name, Class<T> type, Duration timeout) {
        return waits.awaitEvent(name, type, timeout);
    }

    @Override
    public void sleep(Duration duration) {
        waits.sleep(duration);
    }

    @Override
    public boolean patched(String changeId) {
        return patches.patched(changeId);
    }

    @Override
    public void deprecatePatch(String changeId) {
        patches.deprecate(changeId);
    }
}
