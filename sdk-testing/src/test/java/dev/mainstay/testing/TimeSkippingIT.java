package dev.mainstay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.sdk.Backoff;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Time skipping with a real runtime process: a week's sleep, a day's event timeout and two hours of
 * retry backoff pass in seconds, and the workflow's own clock ({@code ctx.now()}) shows them passed.
 */
@MainstayTest(timeSkipping = true)
class TimeSkippingIT {
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration DAY = Duration.ofDays(1);
    static final Duration BACKOFF = Duration.ofHours(1);
    static final AtomicInteger attempts = new AtomicInteger();

    /** What the workflow saw of time: ctx.now() at each point. */
    public record Seen(Instant started, Instant woke, boolean eventReceived, Instant timedOut, String charged,
                       Instant chargedAt) {}

    public static class Subscription {
        @Workflow(name = "renewal")
        public Seen renew(WorkflowContext ctx, String customer) {
            Instant started = ctx.now();
            ctx.sleep(WEEK);
            Instant woke = ctx.now();
            boolean received = ctx.awaitEvent("cancel-renewal", String.class, DAY).isPresent();
            Instant timedOut = ctx.now();
            String charged = ctx.step("charge", String.class, StepOptions.defaults().withRetry(RetryPolicy.defaults()
                    .withMaxAttempts(3).withInitialInterval(BACKOFF).withBackoff(Backoff.CONSTANT).withJitter(0)), () -> {
                        if (attempts.incrementAndGet() < 3) {
                            throw new IllegalStateException("the payment provider is down");
                        }
                        return "charged " + customer;
                    });
            return new Seen(started, woke, received, timedOut, charged, ctx.now());
        }
    }

    @MainstayWorkflows
    static final Subscription subscription = new Subscription();

    @Test
    void sleepEventTimeoutAndRetryBackoff_skipAhead_andCtxNowSeesTheSkippedTime(TestRuntime runtime) {
        long wallStart = System.nanoTime();
        RunInfo run = runtime.start("renewal", "c-1");

        Seen seen = runtime.result(run.id(), Seen.class);

        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(20));
        assertThat(Duration.between(seen.started(), seen.woke())).isBetween(WEEK, WEEK.plusMinutes(1));
        assertThat(seen.eventReceived()).isFalse();
        assertThat(Duration.between(seen.woke(), seen.timedOut())).isBetween(DAY, DAY.plusMinutes(1));
        assertThat(seen.charged()).isEqualTo("charged c-1");
        assertThat(attempts).hasValue(3);
        assertThat(Duration.between(seen.timedOut(), seen.chargedAt()))
                .isBetween(BACKOFF.multipliedBy(2), BACKOFF.multipliedBy(2).plusMinutes(1));
        // the runtime's own times moved with it: the run took eight days and two hours by its record
        RunInfo finished = runtime.awaitFinished(run.id());
        assertThat(Duration.between(finished.createdAt(), finished.finishedAt()))
                .isBetween(WEEK.plus(DAY).plus(BACKOFF.multipliedBy(2)), WEEK.plus(DAY).plus(BACKOFF.multipliedBy(2)).plusMinutes(1));
        assertThat(runtime.stepNames(run.id())).containsExactly("now", "sleep", "now", "cancel-renewal", "now", "charge", "now");
    }
}
