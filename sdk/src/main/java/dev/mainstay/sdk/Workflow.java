package dev.mainstay.sdk;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a workflow: a deterministic method {@code R name(WorkflowContext ctx, I input)} (or without
 * the input). Its body runs again from the top on every replay, so everything it does that is not
 * deterministic (I/O, clocks, randomness) goes through the {@link WorkflowContext}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Workflow {
    /** The workflow's name; the method name when empty. */
    String name() default "";

    /**
     * A run that has not finished this many milliseconds after its start fails with RUN_TIMED_OUT
     * (0: no limit). Enforced by the runtime from a durable timer, also across restarts.
     */
    long runTimeoutMs() default 0;

    /**
     * Starts a run by itself on this cron expression (5 fields: minute hour day-of-month month
     * day-of-week, e.g. {@code "0 9 * * MON-FRI"}), in {@link #timeZone()}. Each slot starts one run
     * (with a null input), also across restarts of the runtime, never twice. Empty: no schedule.
     */
    String cron() default "";

    /** Starts a run by itself every this many milliseconds (at least 1,000); 0: none. Not with {@link #cron()}. */
    long everyMs() default 0;

    /** The IANA time zone {@link #cron()} is read in. */
    String timeZone() default "UTC";

    /** What to do with slots missed while the runtime was down. */
    Misfire misfire() default Misfire.SKIP;

    /**
     * At most this many runs of this workflow run at once (0: no limit); the others wait queued,
     * visibly, in start order. Waiting runs (sleeps, events) count: they hold their place.
     */
    int maxConcurrency() default 0;

    /**
     * With {@link #maxConcurrency()}: the limit applies per value of this top-level field of the
     * input (one run at a time per {@code "customerId"}, say). Empty: across all runs.
     */
    String concurrencyKey() default "";

    /**
     * The named queue this workflow's runs wait in: with {@link #maxConcurrency()}, at most that many
     * runs of <em>all</em> the workflows of the queue run at once (per value of
     * {@link #concurrencyKey()}, if given), so several workflows can share, say, one mail server's
     * capacity. Every workflow of a queue declares the same {@code maxConcurrency}: a worker that
     * differs from a connected one is refused. Empty: no queue, the limit is the workflow's own.
     *
     * <pre>{@code
     * @Workflow(queue = "emails", maxConcurrency = 5) public void welcome(WorkflowContext ctx, User u) { ... }
     * @Workflow(queue = "emails", maxConcurrency = 5) public void invoice(WorkflowContext ctx, Order o) { ... }
     * }</pre>
     */
    String queue() default "";

    /**
     * At most N runs of this workflow <em>begin</em> in any sliding window of the given length:
     * {@code "N/window"}, N from 1 to 1,000,000, the window from 1 second to 24 hours in {@code s},
     * {@code m} or {@code h}, optionally with an amount ({@code "100/1m"}, {@code "10/30s"},
     * {@code "5/h"}). Empty: no rate limit. The runtime decides it in its store at a run's first
     * claim, on every node alike; a run over the rate stays PENDING, its view waiting for "a place
     * under the rate limit", and begins by itself once the window frees a place. Only a run's
     * beginning counts: its replays, and its re-dispatch after a worker crashed, take no place.
     *
     * <pre>{@code
     * // wrong: "100 per minute" is not the form, and the worker refuses to build
     * @Workflow(rateLimit = "100 per minute")
     * // right: at most 100 runs begin per minute for each customerId
     * @Workflow(rateLimit = "100/1m", rateKey = "customerId")
     * }</pre>
     */
    String rateLimit() default "";

    /**
     * With {@link #rateLimit()}: the limit applies per value of this top-level field of the input
     * (100 per minute per {@code "customerId"}, say). Empty: across all runs of the workflow.
     */
    String rateKey() default "";

    /**
     * Which build a run goes on with once a newer one is deployed: the one that first ran it
     * ({@link Upgrade#PINNED}), or the current one, its changes guarded by
     * {@link WorkflowContext#patched} ({@link Upgrade#LATEST}). Workers of one workflow must agree
     * on it, as on the other settings here: a worker that differs is refused while they run.
     */
    Upgrade upgrade() default Upgrade.PINNED;
}
