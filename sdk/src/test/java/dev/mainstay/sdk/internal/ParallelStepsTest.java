package dev.mainstay.sdk.internal;

import static dev.mainstay.sdk.internal.ReplayContextTest.recorded;
import static dev.mainstay.sdk.internal.ReplayContextTest.recordedFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.StepFailedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel steps: positions in call order, outcomes journaled whenever they arrive, replay by position. */
class ParallelStepsTest {
    final ReplayContextTest.RecordingSink sink = new ReplayContextTest.RecordingSink();
    final AtomicInteger executions = new AtomicInteger();

    ReplayContext context(JournalEntry... journal) {
        return new ReplayContext("run-1", "wf", List.of(journal), sink, new Components(), 1024);
    }

    @Test
    void positionsFollowCallOrder_whateverOrderTheResultsArriveIn() throws Exception {
        ReplayContext ctx = context();
        CountDownLatch slowMayFinish = new CountDownLatch(1);
        DurableFuture<String> slow = ctx.stepAsync("slow", String.class, () -> {
            slowMayFinish.await(10, TimeUnit.SECONDS);
            return "s";
        });
        DurableFuture<String> fast = ctx.stepAsync("fast", String.class, () -> "f");

        assertThat(fast.await()).isEqualTo("f");
        assertThat(slow.isDone()).isFalse();
        slowMayFinish.countDown();
        assertThat(ctx.all(List.of(slow, fast))).containsExactly("s", "f");
        assertThat(sink.appended).extracting(JournalEntry::getName).containsExactly("fast", "slow");
        assertThat(sink.appended).extracting(JournalEntry::getPosition).containsExactly(2, 1);
        assertThat(ctx.step("after", String.class, () -> "a")).isEqualTo("a");
        assertThat(sink.appended.get(2).getPosition()).isEqualTo(3);
    }

    @Test
    void replay_runsOnlyWhatHasNoEntry_evenBelowARecordedPosition() {
        ReplayContext ctx = context(recorded(2, "step", "b", "\"B\""), recorded(3, "step", "after", "\"done\""));
        List<DurableFuture<String>> futures = List.of(
                ctx.stepAsync("a", String.class, this::counted),
                ctx.stepAsync("b", String.class, this::counted));

        assertThat(ctx.all(futures)).containsExactly("ran", "B");
        assertThat(ctx.step("after", String.class, this::counted)).isEqualTo("done");
        assertThat(executions).as("only the step without an entry ran").hasValue(1);
        assertThat(sink.appended).singleElement().extracting(JournalEntry::getPosition).isEqualTo(1);
        ctx.checkFullyReplayed();
    }

    @Test
    void all_waitsForEveryStep_thenThrowsTheFailureOfTheFirstStarted() {
        ReplayContext ctx = context();
        List<DurableFuture<String>> futures = List.of(
                ctx.stepAsync("ok", String.class, this::counted),
                ctx.stepAsync("broken", String.class, () -> {
                    throw new IllegalStateException("first");
                }),
                ctx.stepAsync("also-broken", String.class, () -> {
                    throw new IllegalArgumentException("second");
                }));

        assertThatThrownBy(() -> ctx.all(futures)).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.stepName()).isEqualTo("broken");
        });
        assertThat(sink.appended).hasSize(3);
    }

    @Test
    void any_journalsTheWinner_andAReplayReturnsTheSameOne() {
        ReplayContext ctx = context();
        CountDownLatch anyReturned = new CountDownLatch(1);
        DurableFuture<String> slow = ctx.stepAsync("slow", String.class, () -> {
            anyReturned.await(10, TimeUnit.SECONDS); // finishes only after any() chose
            return "slow";
        });
        DurableFuture<String> fast = ctx.stepAsync("fast", String.class, () -> "fast");
        assertThat(ctx.<String>any(List.of(slow, fast))).isEqualTo("fast");
        anyReturned.countDown();
        ctx.settleParallel();
        JournalEntry anyEntry = sink.appended.stream().filter(e -> e.getKind().equals("any")).findFirst().orElseThrow();
        assertThat(anyEntry.getPosition()).isEqualTo(3);
        assertThat(anyEntry.getOutput().toStringUtf8()).isEqualTo("2");

        // replay where both finished: the recorded winner, not the first in the list
        ReplayContext replay = context(recorded(1, "step", "slow", "\"slow\""), recorded(2, "step", "fast", "\"fast\""),
                anyEntry);
        DurableFuture<String> a = replay.stepAsync("slow", String.class, this::counted);
        DurableFuture<String> b = replay.stepAsync("fast", String.class, this::counted);
        assertThat(replay.<String>any(List.of(a, b))).isEqualTo("fast");
        assertThat(executions).hasValue(0);
    }

    @Test
    void aDurableWait_firstLetsParallelStepsBeJournaled() {
        ReplayContext ctx = context();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        DurableFuture<String> running = ctx.stepAsync("a", String.class, () -> {
            release.await();
            return "a";
        });
        Thread body = Thread.currentThread();
        Thread.ofPlatform().start(() -> { // the step ends only once the sleep waits for it
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> body.getState() == Thread.State.WAITING || body.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
        });
        assertThatThrownBy(() -> ctx.sleep(Duration.ofHours(1))).isInstanceOf(Suspended.class);
        assertThat(running.isDone()).isTrue();
        assertThat(sink.appended).extracting(JournalEntry::getName).containsExactly("a", "sleep");
    }

    @Test
    void replayedFailure_isThrownByAwait() {
        ReplayContext ctx = context(recordedFailure(1, "charge", "x.Declined", "no funds"));
        DurableFuture<String> charge = ctx.stepAsync("charge", String.class, this::counted);
        assertThatThrownBy(charge::await).isInstanceOf(StepFailedException.class).hasMessageContaining("no funds");
        assertThat(executions).hasValue(0);
    }

    @Test
    void ctxOperationsCannotNestInAParallelStep() {
        ReplayContext ctx = context();
        DurableFuture<String> nested = ctx.stepAsync("outer", String.class, () -> ctx.step("inner", String.class, () -> "x"));
        assertThatThrownBy(nested::await).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("cannot nest inside a step body");
    }

    @Test
    void futuresOfAnotherRunAreRefused() {
        ReplayContext other = context();
        DurableFuture<String> foreign = other.stepAsync("x", String.class, () -> "x");
        ReplayContext ctx = new ReplayContext("run-2", "wf", List.of(), sink, new Components(), 1024);
        assertThatThrownBy(() -> ctx.all(List.of(foreign))).isInstanceOf(IllegalArgumentException.class);
    }

    private String counted() {
        executions.incrementAndGet();
        return "ran";
    }
}
