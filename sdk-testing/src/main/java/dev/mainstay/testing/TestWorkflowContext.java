package dev.mainstay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.AttemptInfo;
import dev.mainstay.sdk.ChildOptions;
import dev.mainstay.sdk.ChildRun;
import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.InputRequest;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.TypeRef;
import dev.mainstay.sdk.WorkflowContext;
import dev.mainstay.sdk.internal.OfflineRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link WorkflowContext} for unit tests of a workflow body, without a runtime: call the body
 * with it as a worker would. It is the worker's own context with the runtime played in process, so
 * the journal it keeps is the one a runtime would hold, and a replay of it is checked the same way.
 *
 * <ul>
 *   <li>Steps, and calls of the {@code @Function}s given to {@link #register}, run here, with the
 *       retry policy of {@link #retry} ({@link RetryPolicy#defaults()} unless set).
 *   <li>Waits take no time: a sleep, a retry backoff and an event's timeout are skipped (added up in
 *       {@link #skipped()}). {@code ctx.now()} still reads the real clock.
 *   <li>Events come from {@link #event}, in the order given per name; with none left, the wait times
 *       out ({@code Optional.empty()}). {@code ctx.awaitInput} takes its answer the same way.
 *   <li>Child runs (and calls of functions not registered here) complete at once with the output
 *       given to {@link #childResult}.
 * </ul>
 *
 * <pre>{@code
 * TestWorkflowContext ctx = new TestWorkflowContext().event("approval", true);
 * Receipt receipt = new Orders().checkout(ctx, order);
 * assertThat(ctx.stepNames()).containsExactly("reserve-stock", "approval", "charge-card");
 *
 * // resume after a crash after the first entry: the rest runs, the first is not run again
 * TestWorkflowContext resumed = new TestWorkflowContext().event("approval", true).replaying(ctx.journal().subList(0, 1));
 * new Orders().checkout(resumed, order);
 * resumed.finished(); // the body asked for the whole recorded journal
 * }</pre>
 *
 * <p>Configure it ({@link #register}, {@link #replaying}, {@link #retry}) before the body's first
 * operation; events, child results and {@link #cancel()} may be added at any time.
 */
public final class TestWorkflowContext implements WorkflowContext {
    private final String runId;
    private final String workflowName;
    private final List<Object> registered = new ArrayList<>();
    private List<StepInfo> recorded = List.of();
    private RetryPolicy retry = RetryPolicy.defaults();
    private final Map<String, Deque<Object>> events = new ConcurrentHashMap<>();
    private final Map<String, Object> childResults = new ConcurrentHashMap<>();
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean cancelled;
    private Duration skipped = Duration.ZERO;
    private OfflineRuns.Live live;

    /** A context for the run {@code test-run} of the workflow {@code test}. */
    public TestWorkflowContext() {
        this("test-run", "test");
    }

    /** A context for the run {@code runId} of {@code workflowName} ({@code ctx.uuid()} and the random seed derive from the id). */
    public TestWorkflowContext(String runId, String workflowName) {
        this.runId = runId;
        this.workflowName = workflowName;
    }

    /** Objects with {@code @Function} methods that {@code ctx.call} runs here (and {@code @Workflow}s beside them). */
    public TestWorkflowContext register(Object... objects) {
        configuring("register");
        registered.addAll(List.of(objects));
        return this;
    }

    /** A journal to replay first (another context's {@link #journal()}, or a part of it: a crash there). */
    public TestWorkflowContext replaying(List<StepInfo> journal) {
        configuring("replaying");
        recorded = List.copyOf(journal);
        return this;
    }

    /** The retry policy of steps and calls that set none (default {@link RetryPolicy#defaults()}; backoffs take no time). */
    public TestWorkflowContext retry(RetryPolicy policy) {
        configuring("retry");
        retry = policy;
        return this;
    }

    /** Delivers an event: the next {@code awaitEvent(name, ...)} or {@code awaitInput(name, ...)} without one gets it. */
    public synchronized TestWorkflowContext event(String name, Object payload) {
        events.computeIfAbsent(name, n -> new ArrayDeque<>()).add(payload);
        return this;
    }

    /** The output of every child run of {@code workflow} (or call of a function not registered here). */
    public TestWorkflowContext childResult(String workflow, Object output) {
        childResults.put(workflow, output);
        return this;
    }

    /** Cancels the run: its next operation throws {@link dev.mainstay.sdk.CancelledException}. */
    public void cancel() {
        cancelled = true;
    }

    /** The journal by position: the replayed entries, then what the body journaled, as the runtime would show it. */
    public List<StepInfo> journal() {
        return live().journal();
    }

    /** The names of the journal's entries, by position. */
    public List<String> stepNames() {
        return journal().stream().map(StepInfo::name).toList();
    }

    /** The failed attempts that were retried. */
    public List<AttemptInfo> failedAttempts() {
        return live().failedAttempts();
    }

    /** The durations of the body's sleeps, in order. */
    public List<Duration> sleeps() {
        return journal().stream().filter(s -> s.kind().equals("sleep") && s.output() != null)
                .map(s -> Duration.ofMillis(s.output().asLong() - s.startedAt().toEpochMilli())).toList();
    }

    /** How long the waits the context skipped would have taken (sleeps, retry backoffs, event timeouts). */
    public synchronized Duration skipped() {
        return skipped;
    }

    /** What steps sent as live output ({@code ctx.progress}), in order. */
    public List<String> progress() {
        return List.copyOf(progress);
    }

    /**
     * Call after the body returned: waits for its parallel steps and required children (as a worker
     * does before it completes a run), and throws the
     * {@link dev.mainstay.sdk.NonDeterminismException} a worker would if the body asked for less than
     * the replayed journal holds, or met a mismatch it caught.
     */
    public void finished() {
        live().finish();
    }

    private void configuring(String what) {
        if (live != null) {
            throw new IllegalStateException(what + "(...) configures the context: call it before the body's first operation");
        }
    }

    private synchronized OfflineRuns.Live live() {
        if (live == null) {
            live = new OfflineRuns(registered).live(runId, workflowName, recorded, retry, new Script());
        }
        return live;
    }

    private WorkflowContext ctx() {
        return live().context();
    }

    /** The runtime's answers, from what the test gave this context. */
    private final class Script implements OfflineRuns.Script {
        @Override
        public Optional<Object> event(String name, Duration timeout) {
            Deque<Object> queued = events.get(name);
            synchronized (TestWorkflowContext.this) {
                return queued == null || queued.isEmpty() ? Optional.empty() : Optional.ofNullable(queued.poll());
            }
        }

        @Override
        public Object child(String workflow, JsonNode input) {
            if (!childResults.containsKey(workflow)) {
                throw new IllegalStateException("a child run of '" + workflow + "' was started with input " + input
                        + " but no result is given for it: add childResult(\"" + workflow + "\", output), or"
                        + " register the object with its @Function");
            }
            return childResults.get(workflow);
        }

        @Override
        public void waited(Duration duration) {
            synchronized (TestWorkflowContext.this) {
                skipped = skipped.plus(duration);
            }
        }

        @Override
        public void progress(int position, String text) {
            progress.add(text);
        }

        @Override
        public boolean cancelRequested() {
            return cancelled;
        }
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
        return ctx().step(name, type, body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, Step<T> body) {
        return ctx().step(name, type, body);
    }

    @Override
    public <T> T step(String name, Class<T> type, StepOptions options, Step<T> body) {
        return ctx().step(name, type, options, body);
    }

    @Override
    public <T> T step(String name, TypeRef<T> type, StepOptions options, Step<T> body) {
        return ctx().step(name, type, options, body);
    }

    @Override
    public <T> T call(String function, Object input, Class<T> type) {
        return ctx().call(function, input, type);
    }

    /** As a worker decides it: true on a fresh run (a {@code patch} entry is journaled), and on a replay per {@link #replaying}. */
    @Override
    public boolean patched(String changeId) {
        return ctx().patched(changeId);
    }

    @Override
    public void deprecatePatch(String changeId) {
        ctx().deprecatePatch(changeId);
    }

    @Override
    public <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type, ChildOptions options) {
        return ctx().startChild(workflow, input, type, options);
    }

    @Override
    public <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type) {
        return ctx().startChild(workflow, input, type);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, Step<T> body) {
        return ctx().stepAsync(name, type, body);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, TypeRef<T> type, Step<T> body) {
        return ctx().stepAsync(name, type, body);
    }

    @Override
    public <T> DurableFuture<T> stepAsync(String name, Class<T> type, StepOptions options, Step<T> body) {
        return ctx().stepAsync(name, type, options, body);
    }

    @Override
    public <T> DurableFuture<T> callAsync(String function, Object input, Class<T> type) {
        return ctx().callAsync(function, input, type);
    }

    @Override
    public <T> List<T> all(List<? extends DurableFuture<? extends T>> futures) {
        return ctx().all(futures);
    }

    @Override
    public <T> T any(List<? extends DurableFuture<? extends T>> futures) {
        return ctx().any(futures);
    }

    @Override
    public void heartbeat() {
        ctx().heartbeat();
    }

    @Override
    public void progress(String text) {
        ctx().progress(text);
    }

    @Override
    public <T> Optional<T> awaitEvent(String name, Class<T> type, Duration timeout) {
        return ctx().awaitEvent(name, type, timeout);
    }

    @Override
    public <T> Optional<T> awaitInput(String name, InputRequest<T> request, Duration timeout) {
        return ctx().awaitInput(name, request, timeout);
    }

    @Override
    public void sleep(Duration duration) {
        ctx().sleep(duration);
    }

    @Override
    public Instant now() {
        return ctx().now();
    }

    @Override
    public void setAttribute(String name, String value) {
        ctx().setAttribute(name, value);
    }

    @Override
    public void setAttribute(String name, long value) {
        ctx().setAttribute(name, value);
    }

    @Override
    public void setAttribute(String name, double value) {
        ctx().setAttribute(name, value);
    }

    @Override
    public void setAttribute(String name, boolean value) {
        ctx().setAttribute(name, value);
    }

    @Override
    public void setAttribute(String name, Instant value) {
        ctx().setAttribute(name, value);
    }

    @Override
    public Random random() {
        return ctx().random();
    }

    @Override
    public UUID uuid() {
        return ctx().uuid();
    }

    @Override
    public String idempotencyKey() {
        return ctx().idempotencyKey();
    }

    @Override
    public io.opentelemetry.api.trace.Span span() {
        return ctx().span();
    }
}
