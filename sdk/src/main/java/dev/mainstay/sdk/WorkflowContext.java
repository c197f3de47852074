package dev.mainstay.sdk;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

/**
 * What a workflow body may use to act on the world. Each operation takes the next position of the
 * run's journal; on replay it returns what the journal recorded instead of acting again.
 *
 * <p>Wrong: {@code var id = UUID.randomUUID();} or {@code http.post(...)} directly in the body: a
 * replay produces a different id and posts twice. Right: {@code ctx.uuid()} and
 * {@code ctx.step("post", Response.class, () -> http.post(...))}.
 */
public interface WorkflowContext {

    /** The id of this run. */
    String runId();

    /** The name of the workflow this run executes. */
    String workflowName();

    /**
     * Runs {@code body} once and journals its result (or the exception it threw) before returning
     * it. On replay returns the recorded result, or throws the recorded failure, without running
     * {@code body}. A failure surfaces as {@link StepFailedException}, the same on first run and replay.
     *
     * @param name names the step in the journal; with the position it must be the same on replay
     */
    <T> T step(String name, Class<T> type, Step<T> body);

    /** {@link #step(String, Class, Step)} for a generic result type: {@code new TypeRef<List<Item>>() {}}. */
    <T> T step(String name, TypeRef<T> type, Step<T> body);

    /**
     * {@link #step(String, Class, Step)} with options, such as its own {@link RetryPolicy}. A failed
     * attempt is journaled before the retry; a long backoff suspends the run (no thread, no memory)
     * until the runtime's durable timer fires. Only the final outcome takes the journal position.
     */
    <T> T step(String name, Class<T> type, StepOptions options, Step<T> body);

    <T> T step(String name, TypeRef<T> type, StepOptions options, Step<T> body);

    /**
     * Calls a {@link Function} of this worker as a journaled step, its input recorded beside the
     * result. Any other name (a workflow, or a function only another worker serves) runs as a
     * required child run, and the call waits for its result: see {@link #startChild}.
     */
    <T> T call(String function, Object input, Class<T> type);

    /**
     * Starts a child run of {@code workflow} (on any worker that serves it) and returns its handle at
     * once; {@link ChildRun#result()} waits for it. The start is journaled with the child's id, so a
     * replay never starts it twice. Required by default: see {@link ChildOptions}.
     */
    <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type, ChildOptions options);

    /** {@link #startChild(String, Object, Class, ChildOptions)} of a required child. */
    <T> ChildRun<T> startChild(String workflow, Object input, Class<T> type);

    /**
     * Starts a step that runs beside the body, on its own thread, and returns at once. The step takes
     * the next journal position now, in call order; its outcome is journaled when it finishes. Join
     * with {@link #all} or {@link #any}, or {@link DurableFuture#await()} each one.
     *
     * <pre>{@code
     * List<DurableFuture<Quote>> quotes = suppliers.stream()
     *         .map(s -> ctx.stepAsync("quote-" + s, Quote.class, () -> api.quote(s)))
     *         .toList();
     * List<Quote> all = ctx.all(quotes);
     * }</pre>
     *
     * <p>Before the run waits durably (a long sleep, an event, a long retry backoff) and before it
     * ends, it waits for its parallel steps to be journaled. Their retries wait in the worker.
     */
    <T> DurableFuture<T> stepAsync(String name, Class<T> type, Step<T> body);

    <T> DurableFuture<T> stepAsync(String name, TypeRef<T> type, Step<T> body);

    <T> DurableFuture<T> stepAsync(String name, Class<T> type, StepOptions options, Step<T> body);

    /** {@link #call} beside the body: see {@link #stepAsync(String, Class, Step)}. */
    <T> DurableFuture<T> callAsync(String function, Object input, Class<T> type);

    /**
     * Waits for every future and returns their results in the order given. When some failed, all
     * are still awaited, then the failure of the one started first is thrown (the same on replay).
     */
    <T> java.util.List<T> all(java.util.List<? extends DurableFuture<? extends T>> futures);

    /**
     * Waits for the first future to finish and returns its result (or throws its failure). Which one
     * finished first is journaled, so a replay returns the same one.
     */
    <T> T any(java.util.List<? extends DurableFuture<? extends T>> futures);

    /**
     * Inside a step with a timeout: reports progress, so the step's deadline moves to now + its
     * timeout. Call it from long loops; elsewhere it does nothing.
     */
    void heartbeat();

    /**
     * Inside a step: sends a piece of live output (a model's tokens, a progress line) to whoever
     * follows the run right now ({@code GET /v1/runs/{id}/events}, {@code mainstay runs watch}), and
     * heartbeats like {@link #heartbeat()}. Not journaled: a replay, or a watcher that connects later,
     * does not see it; the step's result is what counts. Costs nothing while nobody watches.
     *
     * @throws IllegalStateException outside a step body
     */
    void progress(String text);

    /**
     * Waits for an event named {@code name} delivered to this run ({@code POST /v1/runs/{id}/events/{name}}
     * or {@code mainstay events send}), up to {@code timeout}: the event's payload, or empty when the
     * timeout passed first. Events that arrived earlier wait in the run's durable inbox and are taken
     * in arrival order. While it waits the run is suspended: no thread, no memory.
     *
     * <pre>{@code
     * Optional<Approval> approval = ctx.awaitEvent("approval", Approval.class, Duration.ofDays(2));
     * if (approval.isEmpty()) { ... escalate ... }
     * }</pre>
     */
    <T> java.util.Optional<T> awaitEvent(String name, Class<T> type, java.time.Duration timeout);

    /**
     * Asks a human: journals the question (so {@code mainstay runs show}, the API and the UI show what
     * the run waits for), then waits for the answer, delivered as the event {@code name}
     * ({@code mainstay events send <run> <name> --data 'true'}). Empty when {@code timeout} passed first.
     */
    <T> java.util.Optional<T> awaitInput(String name, InputRequest<T> request, java.time.Duration timeout);

    /**
     * A durable sleep: the wake-up time is journaled, and a sleep longer than the worker's in-worker
     * backoff (500 ms by default) suspends the run: no thread, no memory, a row in the store, woken by
     * the runtime's timer also after restarts of everything. Shorter sleeps wait in the run's thread.
     */
    void sleep(java.time.Duration duration);

    /**
     * Guards a change to the workflow body, so that the runs the old code started still replay:
     * true where the run reaches this point with the new code (journaled: an entry of kind
     * {@code patch} named {@code changeId}, and true again on every replay of it), false where the
     * run passed this point before the change (a replay that finds the old code's operation here,
     * which the old branch then replays). The first call for a change id decides for the whole run.
     *
     * <pre>{@code
     * String verdict;
     * if (ctx.patched("fraud-check")) {
     *     verdict = ctx.step("fraud-check", String.class, () -> fraud.check(order));   // the new code
     * } else {
     *     verdict = ctx.step("risk-score", String.class, () -> risk.score(order));     // what old runs did here
     * }
     * }</pre>
     *
     * <p>Wrong: branching on a flag, a config value or the date: a replay on another worker or day
     * takes the other branch and fails with a non-determinism. Right: {@code ctx.patched(id)}, and
     * once no run can take the old branch any more, the new branch alone after {@link #deprecatePatch}.
     *
     * <p>Where it matters: a run is pinned to the build that first ran it, so a pinned workflow's
     * runs never meet newer code and need no patch. A workflow declared with
     * {@code @Workflow(upgrade = Upgrade.LATEST)} moves its runs to the current build, and guards each
     * change with a patch; rolling such a workflow back to code without the patch fails the runs that
     * already took it.
     *
     * @param changeId names the change; never reuse one for another change in the same workflow
     */
    boolean patched(String changeId);

    /**
     * The second stage of retiring a patch: the old branch is gone, but runs that recorded the
     * marker of {@code changeId} may still replay. Consumes the marker where the run recorded one,
     * accepts a run without it, and journals nothing. Remove the call once no run that recorded the
     * marker is left (a replay would find the marker where the code asks for something else).
     *
     * <pre>{@code
     * ctx.deprecatePatch("fraud-check");
     * String verdict = ctx.step("fraud-check", String.class, () -> fraud.check(order));
     * }</pre>
     */
    void deprecatePatch(String changeId);

    /** The current time, journaled: the same instant on every replay. */
    Instant now();

    /**
     * Sets a search attribute of the run, by which runs are found: {@code GET /v1/runs?attr.customer=c-42},
     * {@code mainstay runs list --attr customer=c-42}, the UI's runs filter. Journaled like any
     * operation (it takes the next position; a replay writes nothing, and must set the same name and
     * value there); the runtime stores the attribute in the same commit. Setting a name again
     * overwrites its value. A run holds at most 32 names of 1 to 64 characters of
     * {@code [A-Za-z0-9_.-]}; a string value at most 256 characters. Not inside a step body.
     *
     * <pre>{@code
     * ctx.setAttribute("customer", order.customerId());
     * ctx.setAttribute("amount", order.total());            // a number: ?attr.amount>=100 compares it
     * ctx.setAttribute("express", order.express());         // a boolean
     * ctx.setAttribute("due", ctx.now().plus(Duration.ofDays(2)));  // a time
     * }</pre>
     *
     * @throws IllegalArgumentException for a name or value outside those bounds (nothing is journaled)
     */
    void setAttribute(String name, String value);

    /** {@link #setAttribute(String, String)} of a number, compared as a number by {@code >=} and the other orderings. */
    void setAttribute(String name, long value);

    /** {@link #setAttribute(String, String)} of a number (finite), compared as a number. */
    void setAttribute(String name, double value);

    /** {@link #setAttribute(String, String)} of a boolean ({@code ?attr.express=true}). */
    void setAttribute(String name, boolean value);

    /** {@link #setAttribute(String, String)} of a time, compared by instant ({@code ?attr.due<2026-12-31T00:00:00Z}). */
    void setAttribute(String name, Instant value);

    /** A random generator seeded by the run: the same sequence on every replay. */
    Random random();

    /** A UUID derived from the run and the call order: the same on every replay. */
    UUID uuid();

    /**
     * A key for external systems that is stable across retries and replays: the run id and the
     * journal position of the current step (or of the next one, outside a step). Pass it to a
     * payment API's idempotency header so a re-executed step cannot charge twice.
     */
    String idempotencyKey();

    /**
     * The trace span of what runs now: inside a step body, that attempt's span (also
     * {@code Span.current()} there); outside, the run's span. Attributes set on it (domain context
     * such as a tenant id) appear on the span the runtime exports for it. Events and status set
     * here are ignored: the runtime records outcomes and errors itself.
     *
     * <pre>{@code
     * ctx.span().setAttribute("tenant.id", order.tenant());
     * ctx.step("charge", Receipt.class, () -> {
     *     Span.current().setAttribute("payment.provider", "acme-pay");
     *     return payments.charge(order);
     * });
     * }</pre>
     */
    default io.opentelemetry.api.trace.Span span() {
        return io.opentelemetry.api.trace.Span.getInvalid();
    }
}
