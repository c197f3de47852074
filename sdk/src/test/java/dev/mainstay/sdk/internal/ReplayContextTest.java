package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.Ack;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.Function;
import dev.mainstay.sdk.NonDeterminismException;
import dev.mainstay.sdk.NonRetryable;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.TerminalException;
import dev.mainstay.sdk.StepFailedException;
import dev.mainstay.sdk.TypeRef;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Replay as tables: a recorded journal in, the appends and results the body produces out. Long
 * because each ctx operation's replay rules are tabled here against one recording sink; parallel
 * steps, children and patches have test classes of their own.
 */
class ReplayContextTest {

    /** Records appends and answers each with the ack it is told to. */
    static class RecordingSink implements JournalSink {
        final List<JournalEntry> appended = new ArrayList<>();
        final List<dev.mainstay.protocol.v1.AttemptFailed> attempts = new ArrayList<>();
        Ack.Builder answer = Ack.newBuilder().setOk(true);

        @Override
        public synchronized CompletableFuture<Ack> append(JournalEntry entry) {
            appended.add(entry);
            return CompletableFuture.completedFuture(answer.setPosition(entry.getPosition()).build());
        }

        final List<Long> suspendedUntil = new ArrayList<>();
        Ack.Builder eventAnswer = Ack.newBuilder().setOk(true).setSuspended(true);

        @Override
        public CompletableFuture<Ack> awaitEvent(int position, String name, long timeoutMs) {
            return CompletableFuture.completedFuture(eventAnswer.setPosition(position).build());
        }

        @Override
        public CompletableFuture<Ack> appendAndSuspend(JournalEntry entry, long wakeAtMs) {
            suspendedUntil.add(wakeAtMs);
            return append(entry);
        }

        final List<String> childrenStarted = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Ack> startChild(int position, String component, byte[] input, boolean detached) {
            String id = "child-" + position;
            childrenStarted.add(component + (detached ? " detached" : " required"));
            return CompletableFuture.completedFuture(answer.clone().setPosition(position)
                    .setResult(ByteString.copyFromUtf8("{\"runId\":\"" + id + "\"}")).build());
        }

        @Override
        public synchronized CompletableFuture<Ack> attemptFailed(dev.mainstay.protocol.v1.AttemptFailed.Builder attempt) {
            attempts.add(attempt.build());
            return CompletableFuture.completedFuture(answer.setPosition(attempt.getPosition()).build());
        }

        final List<dev.mainstay.protocol.v1.StepStarted> started = new ArrayList<>();
        final List<Integer> heartbeats = new ArrayList<>();

        @Override
        public void stepStarted(dev.mainstay.protocol.v1.StepStarted.Builder step) {
            started.add(step.build());
        }

        @Override
        public void heartbeat(int position) {
            heartbeats.add(position);
        }

        /** Live progress, as "began <position> <kind> <name> <attempt>" or "output <position> <text>". */
        final List<String> progress = new ArrayList<>();

        @Override
        public synchronized void attemptBegan(int position, String kind, String name, int attempt, long startedAtMs) {
            progress.add("began " + position + " " + kind + " " + name + " " + attempt);
        }

        @Override
        public synchronized void output(int position, String text) {
            progress.add("output " + position + " " + text);
        }

        boolean draining;
        int releases;
        final List<Long> suspendedWithoutEntry = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<Ack> suspendUntil(long wakeAtMs) {
            suspendedWithoutEntry.add(wakeAtMs);
            return CompletableFuture.completedFuture(answer.setPosition(0).build());
        }

        @Override
        public CompletableFuture<Ack> release() {
            releases++;
            return CompletableFuture.completedFuture(answer.setPosition(0).build());
        }

        @Override
        public boolean draining() {
            return draining;
        }

        volatile boolean cancelled;
        final CompletableFuture<Void> cancelling = new CompletableFuture<>();

        /** A Cancel arrives: as RunExecution does, wakes what waits in the run's threads. */
        void cancel() {
            cancelled = true;
            cancelling.complete(null);
        }

        @Override
        public boolean cancelRequested() {
            return cancelled;
        }

        @Override
        public boolean sleepUnlessCancelled(long millis) throws InterruptedException {
            if (cancelled) {
                return true;
            }
            try {
                cancelling.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException slept) {
                return cancelled;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static JournalEntry recorded(int position, String kind, String name, String outputJson) {
        return JournalEntry.newBuilder().setPosition(position).setKind(kind).setName(name)
                .setStatus(EntryStatus.SUCCEEDED).setAttempt(1)
                .setOutput(ByteString.copyFrom(outputJson, StandardCharsets.UTF_8)).build();
    }

    static JournalEntry recordedFailure(int position, String name, String type, String message) {
        return JournalEntry.newBuilder().setPosition(position).setKind("step").setName(name)
                .setStatus(EntryStatus.FAILED).setAttempt(1)
                .setFailure(Failure.newBuilder().setCode("STEP_FAILED").setType(type).setMessage(message)).build();
    }

    RecordingSink sink = new RecordingSink(); // replaced per row by table-driven tests
    final AtomicInteger executions = new AtomicInteger();

    ReplayContext context(JournalEntry... journal) {
        Components components = new Components();
        components.register(new Functions(executions));
        return new ReplayContext("run-1", "wf", List.of(journal), sink, components, 1024);
    }

    public static final class Functions {
        private final AtomicInteger executions;

        Functions(AtomicInteger executions) {
            this.executions = executions;
        }

        @Function
        public int twice(int n) {
            executions.incrementAndGet();
            return n * 2;
        }

        @Workflow
        public void unused(WorkflowContext ctx) {}
    }

    String countedStep(WorkflowContext ctx, String name, String value) {
        return ctx.step(name, String.class, () -> {
            executions.incrementAndGet();
            return value;
        });
    }

    @Test
    void step_executesAndJournalsWhenPastTheJournal() {
        ReplayContext ctx = context();
        assertThat(countedStep(ctx, "a", "fresh")).isEqualTo("fresh");
        assertThat(executions).hasValue(1);
        assertThat(sink.appended).singleElement().satisfies(e -> {
            assertThat(e.getPosition()).isEqualTo(1);
            assertThat(e.getKind()).isEqualTo("step");
            assertThat(e.getName()).isEqualTo("a");
            assertThat(e.getOutput().toStringUtf8()).isEqualTo("\"fresh\"");
        });
    }

    @Test
    void step_replayReturnsRecordedValueWithoutRunningTheSupplier() {
        ReplayContext ctx = context(recorded(1, "step", "a", "\"recorded\""), recorded(2, "step", "b", "\"also\""));
        assertThat(countedStep(ctx, "a", "new")).isEqualTo("recorded");
        assertThat(countedStep(ctx, "b", "new")).isEqualTo("also");
        assertThat(countedStep(ctx, "c", "third")).isEqualTo("third");
        assertThat(executions).hasValue(1);
        assertThat(sink.appended).extracting(JournalEntry::getPosition).containsExactly(3);
        ctx.checkFullyReplayed();
    }

    @Test
    void step_replayOfGenericType() {
        ReplayContext ctx = context(recorded(1, "step", "list", "[{\"sku\":\"a\",\"quantity\":2}]"));
        record Item(String sku, int quantity) {}
        List<Item> items = ctx.step("list", new TypeRef<List<Item>>() {}, List::of);
        assertThat(items).containsExactly(new Item("a", 2));
    }

    @Test
    void step_failureIsJournaledThenRethrownTyped() {
        ReplayContext ctx = context();
        assertThatThrownBy(() -> ctx.step("charge", String.class, () -> {
            throw new IllegalStateException("card declined");
        })).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.position()).isEqualTo(1);
            assertThat(e.errorType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(e.errorMessage()).isEqualTo("card declined");
            assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
        });
        assertThat(sink.appended).singleElement().satisfies(e -> {
            assertThat(e.getStatus()).isEqualTo(EntryStatus.FAILED);
            assertThat(e.getFailure().getType()).isEqualTo(IllegalStateException.class.getName());
            assertThat(e.getFailure().getStackTrace()).contains("card declined");
        });
    }

    @Test
    void step_replayRethrowsRecordedFailureWithoutRunning() {
        ReplayContext ctx = context(recordedFailure(1, "charge", "java.lang.IllegalStateException", "card declined"));
        assertThatThrownBy(() -> countedStep(ctx, "charge", "x"))
                .isInstanceOfSatisfying(StepFailedException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(e.errorMessage()).isEqualTo("card declined");
                    assertThat(e.getCause()).isNull();
                });
        assertThat(executions).hasValue(0);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void step_differentNameAtPositionIsNonDeterminism() {
        ReplayContext ctx = context(recorded(1, "step", "charge-card", "1"));
        assertThatThrownBy(() -> countedStep(ctx, "send-email", "x"))
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(1);
                    assertThat(e.expected()).isEqualTo("step 'charge-card'");
                    assertThat(e.actual()).isEqualTo("step 'send-email'");
                    assertThat(e.getMessage()).contains("deterministic");
                });
        assertThat(executions).hasValue(0);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void step_differentKindAtPositionIsNonDeterminism() {
        ReplayContext ctx = context(recorded(1, "now", "now", "1"));
        assertThatThrownBy(() -> countedStep(ctx, "now", "x")).isInstanceOf(NonDeterminismException.class);
    }

    @Test
    void completion_withUnreplayedEntriesIsNonDeterminism() {
        ReplayContext ctx = context(recorded(1, "step", "a", "\"x\""), recorded(2, "step", "b", "\"y\""));
        countedStep(ctx, "a", "x");
        assertThatThrownBy(ctx::checkFullyReplayed)
                .isInstanceOfSatisfying(NonDeterminismException.class, e -> {
                    assertThat(e.position()).isEqualTo(2);
                    assertThat(e.actual()).isEqualTo("the end of the workflow");
                });
    }

    @Test
    void staleEpochAckAbandonsTheRun() {
        sink.answer = Ack.newBuilder().setOk(false).setErrorCode("STALE_EPOCH").setMessage("lost");
        ReplayContext ctx = context();
        assertThatThrownBy(() -> countedStep(ctx, "a", "x")).isInstanceOf(LeaseLost.class);
    }

    @Test
    void step_resultOverThePayloadLimitIsJournaledAsAFailure() {
        ReplayContext ctx = context();
        assertThatThrownBy(() -> ctx.step("big", String.class, () -> "x".repeat(2000)))
                .isInstanceOfSatisfying(StepFailedException.class,
                        e -> assertThat(e.errorType()).isEqualTo(dev.mainstay.sdk.PayloadTooLargeException.class.getName()));
        assertThat(sink.appended).singleElement().satisfies(e -> {
            assertThat(e.getStatus()).isEqualTo(EntryStatus.FAILED);
            assertThat(e.getFailure().getMessage()).contains("2002 bytes", "1024");
        });
    }

    @Test
    void refusedWrite_failsEveryLaterOperationEvenIfCaught() {
        sink.answer = Ack.newBuilder().setOk(false).setErrorCode("JOURNAL_CONFLICT").setMessage("gap");
        ReplayContext ctx = context();
        try {
            countedStep(ctx, "a", "x");
        } catch (RuntimeException swallowed) {
            // user code that catches everything
        }
        assertThat(ctx.refused()).isNotNull();
        assertThatThrownBy(() -> countedStep(ctx, "b", "y")).isInstanceOf(JournalWriteRefused.class);
        assertThat(sink.appended).hasSize(1);
    }

    static final RetryPolicy QUICK = RetryPolicy.defaults().withInitialInterval(java.time.Duration.ZERO).withJitter(0);

    ReplayContext retrying(RetryPolicy policy, int nextAttempt, long inWorkerBackoffMs, JournalEntry... journal) {
        Components components = new Components();
        components.register(new Functions(executions));
        return new ReplayContext("run-1", "wf", List.of(journal), sink, components, 1024,
                new RetryPolicies(null, policy, null), ReplayContext.counts(java.util.Map.of(journal.length + 1, nextAttempt - 1)),
                inWorkerBackoffMs);
    }

    Step<String> failing(int failures, RuntimeException error) {
        return () -> {
            if (executions.incrementAndGet() <= failures) {
                throw error;
            }
            return "done";
        };
    }

    @Test
    void retry_journalsEachFailedAttemptThenTheSuccess() {
        ReplayContext ctx = retrying(QUICK, 1, 1_000);
        assertThat(ctx.step("flaky", String.class, failing(2, new IllegalStateException("down")))).isEqualTo("done");
        assertThat(sink.attempts).extracting(a -> a.getAttempt()).containsExactly(1, 2);
        assertThat(sink.attempts).allSatisfy(a -> {
            assertThat(a.getPosition()).isEqualTo(1);
            assertThat(a.getFailure().getMessage()).isEqualTo("down");
            assertThat(a.getSuspend()).isFalse();
        });
        assertThat(sink.appended).singleElement().satisfies(e -> {
            assertThat(e.getAttempt()).isEqualTo(3);
            assertThat(e.getStatus()).isEqualTo(EntryStatus.SUCCEEDED);
        });
    }

    @Test
    void retry_exhaustedAttemptsFailTheStep() {
        ReplayContext ctx = retrying(QUICK, 1, 1_000);
        assertThatThrownBy(() -> ctx.step("broken", String.class, failing(99, new IllegalStateException("down"))))
                .isInstanceOf(StepFailedException.class);
        assertThat(executions).hasValue(3);
        assertThat(sink.attempts).hasSize(2);
        assertThat(sink.appended).singleElement().satisfies(e -> {
            assertThat(e.getAttempt()).isEqualTo(3);
            assertThat(e.getStatus()).isEqualTo(EntryStatus.FAILED);
        });
    }

    @Test
    void progress_reportsEachNewAttemptAndTheStepsLiveOutput_butNothingReplayed() {
        ReplayContext ctx = retrying(QUICK, 1, 1_000, recorded(1, "step", "done-before", "\"x\""));
        countedStep(ctx, "done-before", "y");
        ctx.now();
        String value = ctx.step("stream", String.class, () -> {
            ctx.progress("Hel");
            ctx.progress("");
            ctx.progress("lo");
            return "Hello";
        });
        ctx.step("flaky", String.class, failing(1, new IllegalStateException("down")));

        assertThat(value).isEqualTo("Hello");
        assertThat(sink.progress).containsExactly(
                "began 3 step stream 1", "output 3 Hel", "output 3 lo",
                "began 4 step flaky 1", "began 4 step flaky 2");
    }

    @Test
    void progress_sendsALongTextInPieces_thatAddUpToIt() {
        ReplayContext ctx = context();
        String text = "x".repeat(ReplayContext.MAX_OUTPUT_CHARS * 2 + 10);
        ctx.step("long", String.class, () -> {
            ctx.progress(text);
            return "ok";
        });
        List<String> pieces = sink.progress.stream().filter(p -> p.startsWith("output 1 ")).map(p -> p.substring(9)).toList();
        assertThat(pieces).hasSize(3).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(ReplayContext.MAX_OUTPUT_CHARS));
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void progress_outsideAStepBody_isAnError() {
        ReplayContext ctx = context();
        assertThatThrownBy(() -> ctx.progress("tokens"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a step body");
    }

    @NonRetryable
    static final class Declined extends RuntimeException {
        Declined() {
            super("card declined");
        }
    }

    @Test
    void retry_nonRetryableFailuresFailAtOnce() {
        for (RuntimeException error : List.of(new Declined(), new TerminalException("invalid"), new IllegalArgumentException("bad"))) {
            RecordingSink fresh = new RecordingSink();
            Components components = new Components();
            components.register(new Functions(executions));
            ReplayContext ctx = new ReplayContext("run-1", "wf", List.of(), fresh, components, 1024,
                    new RetryPolicies(null, QUICK.withNonRetryable(List.of(IllegalArgumentException.class)), null), java.util.Map.of(), 1_000);
            assertThatThrownBy(() -> ctx.step("pay", String.class, () -> {
                throw error;
            })).isInstanceOf(StepFailedException.class);
            assertThat(fresh.attempts).as("attempts after %s", error).isEmpty();
            assertThat(fresh.appended).singleElement().satisfies(e -> assertThat(e.getAttempt()).isEqualTo(1));
        }
    }

    @Test
    void retry_longBackoffSuspendsTheRun() {
        ReplayContext ctx = retrying(QUICK.withInitialInterval(java.time.Duration.ofSeconds(30)), 1, 500);
        long before = System.currentTimeMillis();
        assertThatThrownBy(() -> ctx.step("slow", String.class, failing(1, new IllegalStateException("down"))))
                .isInstanceOf(Suspended.class);
        assertThat(sink.attempts).singleElement().satisfies(a -> {
            assertThat(a.getSuspend()).isTrue();
            assertThat(a.getRetryAtMs()).isBetween(before + 29_000, before + 31_000);
        });
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void retry_attemptCountContinuesFromTheDispatch() {
        ReplayContext ctx = retrying(QUICK, 3, 1_000, recorded(1, "step", "a", "\"x\""));
        countedStep(ctx, "a", "x");
        assertThatThrownBy(() -> ctx.step("b", String.class, failing(99, new IllegalStateException("down"))))
                .isInstanceOf(StepFailedException.class);
        assertThat(sink.attempts).isEmpty();
        assertThat(sink.appended).singleElement().satisfies(e -> assertThat(e.getAttempt()).isEqualTo(3));
    }

    @Test
    void retry_stepOptionsOverrideTheInheritedPolicy() {
        ReplayContext ctx = retrying(RetryPolicy.none(), 1, 1_000);
        String result = ctx.step("flaky", String.class, dev.mainstay.sdk.StepOptions.defaults().withRetry(QUICK),
                failing(1, new IllegalStateException("down")));
        assertThat(result).isEqualTo("done");
        assertThat(sink.attempts).hasSize(1);
    }

    @Test
    void timeout_announcesTheDeadlineAndWhatFollowsIt() {
        ReplayContext ctx = retrying(QUICK.withInitialInterval(java.time.Duration.ofSeconds(1)), 1, 0);
        var options = dev.mainstay.sdk.StepOptions.defaults().withTimeout(java.time.Duration.ofSeconds(5));
        ctx.step("slow", String.class, options, () -> {
            ctx.heartbeat();
            return "x";
        });
        assertThat(sink.started).singleElement().satisfies(s -> {
            assertThat(s.getTimeoutMs()).isEqualTo(5_000);
            assertThat(s.getAttempt()).isEqualTo(1);
            assertThat(s.getRetryAtMs()).isBetween(s.getStartedAtMs() + 5_000, s.getStartedAtMs() + 7_000);
        });
        assertThat(sink.heartbeats).as("too soon after the start to be worth sending").isEmpty();
        var shortTimeout = dev.mainstay.sdk.StepOptions.defaults().withTimeout(java.time.Duration.ofMillis(100));
        ctx.step("loop", String.class, shortTimeout, () -> {
            long giveUp = System.nanoTime() + 5_000_000_000L;
            while (sink.heartbeats.isEmpty() && System.nanoTime() < giveUp) { // one goes out once a tenth of the timeout has passed (StepScopeTest)
                ctx.heartbeat();
            }
            return "x";
        });
        assertThat(sink.heartbeats).as("the heartbeat names the step's position").containsExactly(2);
        ctx.step("plain", String.class, () -> {
            ctx.heartbeat();
            return "y";
        });
        assertThat(sink.started).hasSize(2);
        assertThat(sink.heartbeats).as("no deadline, nothing to extend").hasSize(1);
    }

    @Test
    void draining_releasesTheRunBeforeItsNextNewOperationButStillReplays() {
        ReplayContext ctx = context(recorded(1, "step", "a", "\"x\""));
        sink.draining = true;
        assertThat(countedStep(ctx, "a", "new")).as("replay goes on").isEqualTo("x");
        assertThatThrownBy(() -> countedStep(ctx, "b", "y")).isInstanceOf(Suspended.class);
        assertThat(sink.releases).isEqualTo(1);
        assertThat(executions).hasValue(0);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void sleep_longSuspendsTheRunWithItsWakeTimeJournaled() {
        ReplayContext ctx = retrying(QUICK, 1, 500);
        long before = System.currentTimeMillis();
        assertThatThrownBy(() -> ctx.sleep(java.time.Duration.ofHours(1))).isInstanceOf(Suspended.class);
        assertThat(sink.appended).singleElement().satisfies(e -> assertThat(e.getKind()).isEqualTo("sleep"));
        assertThat(sink.suspendedUntil).singleElement().satisfies(at -> assertThat(at).isBetween(before + 3_600_000, before + 3_601_000));
    }

    @Test
    void sleep_replayedAfterItsWakeTimeReturnsAtOnce() {
        ReplayContext ctx = context(recorded(1, "sleep", "sleep", "" + (System.currentTimeMillis() - 1)),
                recorded(2, "step", "after", "\"x\""));
        ctx.sleep(java.time.Duration.ofHours(1));
        assertThat(countedStep(ctx, "after", "y")).isEqualTo("x");
        assertThat(sink.appended).isEmpty();
    }

    /** A context on a runtime's test clock a week ahead of this machine's (what RunClocks makes of a dispatch). */
    ReplayContext aWeekAhead(JournalEntry... journal) {
        Components components = new Components();
        components.register(new Functions(executions));
        return new ReplayContext("run-1", "wf", List.of(journal), sink, components, 1024,
                new RetryPolicies(null, QUICK, null), java.util.Map.of(), 500,
                RunClocks.of(true, System.currentTimeMillis() + WEEK_MS));
    }

    static final long WEEK_MS = java.time.Duration.ofDays(7).toMillis();

    @Test
    void testClock_aSleepReplayedPastItsSkippedWakeTime_returnsAtOnce() {
        long wakeAt = System.currentTimeMillis() + WEEK_MS - 1_000; // due on the runtime's clock, not on this one
        ReplayContext ctx = aWeekAhead(sleepUntil(1, wakeAt));

        ctx.sleep(java.time.Duration.ofDays(7));

        assertThat(sink.suspendedUntil).as("not handed back until the wall clock's wake time").isEmpty();
        assertThat(ctx.now().toEpochMilli()).isGreaterThanOrEqualTo(wakeAt);
    }

    @Test
    void testClock_newSleepAndNow_readTheRuntimesTime() {
        long before = System.currentTimeMillis();
        ReplayContext ctx = aWeekAhead();

        assertThat(ctx.now().toEpochMilli()).isBetween(before + WEEK_MS - 1_000, before + WEEK_MS + 1_000);
        assertThatThrownBy(() -> ctx.sleep(java.time.Duration.ofHours(1))).isInstanceOf(Suspended.class);
        assertThat(sink.suspendedUntil).singleElement().satisfies(at -> assertThat(at)
                .isBetween(before + WEEK_MS + 3_599_000, before + WEEK_MS + 3_601_000));
    }

    @Test
    void runClock_withoutATestClock_isTheSystemClock() {
        long now = System.currentTimeMillis();
        assertThat(RunClocks.of(false, now + WEEK_MS).getAsLong()).isBetween(now, now + 1_000);
        assertThat(RunClocks.of(true, 0).getAsLong()).as("a runtime that sends no now").isBetween(now, now + 1_000);
    }

    @Test
    void cancel_throwsOnceAtTheNextNewOperationThenCleanupRuns() {
        ReplayContext ctx = context(recorded(1, "step", "a", "\"x\""));
        sink.cancelled = true;
        assertThat(countedStep(ctx, "a", "new")).as("replay is not interrupted").isEqualTo("x");
        assertThatThrownBy(() -> countedStep(ctx, "b", "y")).isInstanceOf(dev.mainstay.sdk.CancelledException.class);
        assertThat(countedStep(ctx, "cleanup", "undone")).isEqualTo("undone");
        assertThat(sink.appended).extracting(JournalEntry::getKind).containsExactly("cancel", "step");
        assertThat(sink.appended).extracting(JournalEntry::getPosition).containsExactly(2, 3);

        ReplayContext replay = context(recorded(1, "step", "a", "\"x\""), sink.appended.get(0), sink.appended.get(1));
        countedStep(replay, "a", "new");
        assertThatThrownBy(() -> countedStep(replay, "b", "y")).as("the recorded cancel point")
                .isInstanceOf(dev.mainstay.sdk.CancelledException.class);
        assertThat(countedStep(replay, "cleanup", "again")).as("cleanup replays").isEqualTo("undone");
    }

    record Approval(boolean approved, String by) {}

    @Test
    void awaitEvent_suspendsWhenNothingArrivedAndReplaysTheRecordedEvent() {
        ReplayContext waiting = context();
        assertThatThrownBy(() -> waiting.awaitEvent("approval", Approval.class, java.time.Duration.ofDays(1)))
                .isInstanceOf(Suspended.class);

        ReplayContext replayed = context(recorded(1, "event", "approval",
                "{\"received\":true,\"payload\":{\"approved\":true,\"by\":\"ada\"}}"));
        assertThat(replayed.awaitEvent("approval", Approval.class, java.time.Duration.ofDays(1)))
                .contains(new Approval(true, "ada"));
        ReplayContext timedOut = context(recorded(1, "event", "approval", "{\"received\":false}"));
        assertThat(timedOut.awaitEvent("approval", Approval.class, java.time.Duration.ofDays(1))).isEmpty();
        assertThatThrownBy(() -> context(recorded(1, "event", "approval", "{}")).awaitEvent("payment", Approval.class,
                java.time.Duration.ZERO)).isInstanceOf(NonDeterminismException.class);
    }

    @Test
    void awaitEvent_returnsTheEventTheRuntimeJournaled() {
        sink.eventAnswer = Ack.newBuilder().setOk(true).setResult(com.google.protobuf.ByteString.copyFromUtf8(
                "{\"received\":true,\"payload\":{\"approved\":false,\"by\":\"bob\"}}"));
        assertThat(context().awaitEvent("approval", Approval.class, java.time.Duration.ofMinutes(1)))
                .contains(new Approval(false, "bob"));
    }

    @Test
    void call_runsLocalFunctionOnceAndJournalsItsInput() {
        ReplayContext ctx = context();
        assertThat(ctx.call("twice", 21, Integer.class)).isEqualTo(42);
        assertThat(sink.appended).singleElement().satisfies(e -> {
            assertThat(e.getKind()).isEqualTo("call");
            assertThat(e.getInput().toStringUtf8()).isEqualTo("21");
        });
        ReplayContext replay = context(sink.appended.get(0));
        assertThat(replay.call("twice", 21, Integer.class)).isEqualTo(42);
        assertThat(executions).hasValue(1);
    }

    @Test
    void now_isJournaledAndReplayed() {
        ReplayContext ctx = context(recorded(1, "now", "now", "1700000000000"));
        assertThat(ctx.now().toEpochMilli()).isEqualTo(1_700_000_000_000L);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void randomAndUuid_areTheSameOnEveryReplay() {
        ReplayContext first = context();
        ReplayContext second = context();
        assertThat(first.uuid()).isEqualTo(second.uuid());
        assertThat(first.uuid()).isNotEqualTo(first.uuid());
        assertThat(first.random().nextLong()).isEqualTo(second.random().nextLong());
    }

    @Test
    void idempotencyKey_namesTheStepPosition() {
        ReplayContext ctx = context(recorded(1, "step", "a", "\"x\""));
        assertThat(ctx.idempotencyKey()).isEqualTo("run-1:1");
        countedStep(ctx, "a", "x");
        String inside = ctx.step("b", String.class, ctx::idempotencyKey);
        assertThat(inside).isEqualTo("run-1:2");
    }

    @Test
    void nestedOperationInsideAStepIsRefused() {
        ReplayContext ctx = context();
        assertThatThrownBy(() -> ctx.step("outer", String.class, () -> ctx.step("inner", String.class, () -> "x")))
                .isInstanceOfSatisfying(StepFailedException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(IllegalStateException.class));
    }

    /** Every kind of ctx operation a body might call after it caught a non-determinism. */
    static final java.util.Map<String, java.util.function.Consumer<ReplayContext>> LATER_OPERATIONS = java.util.Map.of(
            "step", c -> c.step("later", String.class, () -> "x"),
            "now", ReplayContext::now,
            "sleep", c -> c.sleep(java.time.Duration.ZERO),
            "awaitEvent", c -> c.awaitEvent("e", String.class, java.time.Duration.ZERO),
            "call", c -> c.call("twice", 1, Integer.class),
            "stepAsync", c -> c.stepAsync("p", String.class, () -> "p"),
            "startChild", c -> c.startChild("w", null, String.class));

    @Test
    void nonDeterminism_caughtByTheBody_isThrownAgainByEveryLaterOperation_andNothingIsWritten() {
        LATER_OPERATIONS.forEach((operation, call) -> {
            ReplayContext ctx = context(recorded(1, "step", "a", "\"x\""), recorded(2, "step", "b", "\"y\""));
            NonDeterminismException caught = org.assertj.core.api.Assertions.catchThrowableOfType(
                    NonDeterminismException.class, () -> countedStep(ctx, "changed", "z"));
            assertThat(caught.getMessage()).contains("step 'a'", "step 'changed'");
            assertThatThrownBy(() -> call.accept(ctx)).as(operation).isSameAs(caught);
            assertThat(ctx.nonDeterminism()).as(operation).isSameAs(caught);
        });
        assertThat(sink.appended).isEmpty();
        assertThat(sink.childrenStarted).isEmpty();
        assertThat(executions).hasValue(0);
    }

    @Test
    void nonDeterminism_stopsTheWritesOfParallelStepsStillInFlight() throws Exception {
        ReplayContext ctx = context(recorded(2, "step", "b", "\"y\""));
        java.util.concurrent.CountDownLatch going = new java.util.concurrent.CountDownLatch(1);
        var inFlight = ctx.stepAsync("slow", String.class, () -> {
            going.await();
            return "late";
        });
        assertThatThrownBy(() -> countedStep(ctx, "changed", "z")).isInstanceOf(NonDeterminismException.class);
        going.countDown();
        ctx.settleParallel();
        assertThatThrownBy(inFlight::await).isSameAs(ctx.nonDeterminism());
        assertThat(sink.appended).isEmpty();
    }

    static dev.mainstay.protocol.v1.PendingAttempts failedBefore(int failed, long retryAtMs, String kind, String name) {
        return dev.mainstay.protocol.v1.PendingAttempts.newBuilder().setFailed(failed).setRetryAtMs(retryAtMs)
                .setKind(kind).setName(name).build();
    }

    ReplayContext withAttempts(java.util.Map<Integer, dev.mainstay.protocol.v1.PendingAttempts> pending, long inWorkerBackoffMs,
                               JournalEntry... journal) {
        Components components = new Components();
        components.register(new Functions(executions));
        return new ReplayContext("run-1", "wf", List.of(journal), sink, components, 1024,
                new RetryPolicies(null, RetryPolicy.none(), null), pending, inWorkerBackoffMs);
    }

    @Test
    void retryTime_aParallelStepsNextAttemptWaitsForTheRecordedRetryTime() {
        long retryAt = System.currentTimeMillis() + 400;
        ReplayContext ctx = withAttempts(java.util.Map.of(1, failedBefore(1, retryAt, "step", "p")), 0);
        long[] startedAt = new long[1];
        var future = ctx.stepAsync("p", String.class, () -> {
            startedAt[0] = System.currentTimeMillis();
            return "ran";
        });
        assertThat(future.await()).isEqualTo("ran");
        assertThat(startedAt[0]).as("not before the backoff journaled with the failed attempt").isGreaterThanOrEqualTo(retryAt);
        assertThat(sink.appended).singleElement().satisfies(e -> assertThat(e.getAttempt()).isEqualTo(2));
    }

    @Test
    void retryTime_aSequentialStepWithLongToGoSuspendsTheRunWithoutWriting() {
        long retryAt = System.currentTimeMillis() + 3_600_000;
        ReplayContext ctx = withAttempts(java.util.Map.of(1, failedBefore(2, retryAt, "step", "a")), 500);
        assertThatThrownBy(() -> countedStep(ctx, "a", "x")).isInstanceOf(Suspended.class);
        assertThat(sink.suspendedWithoutEntry).containsExactly(retryAt);
        assertThat(sink.appended).isEmpty();
        assertThat(executions).hasValue(0);
    }

    /** A changed body meets a position a parallel step left empty: what it may do there, and what not. */
    record EmptyPositionCase(String description, java.util.Map<Integer, dev.mainstay.protocol.v1.PendingAttempts> pending,
                             java.util.function.Consumer<ReplayContext> body, String detected) {}

    @Test
    void emptyPosition_onlyTheOperationThatLeftItMayFillIt() {
        JournalEntry after = recorded(2, "step", "fast", "\"f\"");
        java.util.function.Consumer<ReplayContext> sequentialThenFast = c -> {
            countedStep(c, "other", "o");
            countedStep(c, "fast", "f");
        };
        java.util.function.Consumer<ReplayContext> parallelThenFast = c -> {
            var slow = c.stepAsync("slow", String.class, () -> "s");
            countedStep(c, "fast", "f");
            slow.await();
        };
        java.util.function.Consumer<ReplayContext> renamedParallelThenFast = c -> {
            c.stepAsync("renamed", String.class, () -> "s");
            countedStep(c, "fast", "f");
        };
        List<EmptyPositionCase> cases = List.of(
                new EmptyPositionCase("a step below the journal's end", java.util.Map.of(), sequentialThenFast,
                        "a parallel operation left unfinished"),
                new EmptyPositionCase("a step where attempts of another step are", java.util.Map.of(1, failedBefore(1, 0, "step", "slow")),
                        sequentialThenFast, "step 'slow' left unfinished"),
                new EmptyPositionCase("a parallel step of another name than its attempts",
                        java.util.Map.of(1, failedBefore(1, 0, "step", "slow")), renamedParallelThenFast,
                        "step 'slow' with 1 failed attempt(s)"),
                new EmptyPositionCase("the same parallel step", java.util.Map.of(1, failedBefore(1, 0, "step", "slow")),
                        parallelThenFast, null),
                new EmptyPositionCase("a parallel step where no attempt is recorded", java.util.Map.of(), renamedParallelThenFast, null));
        for (EmptyPositionCase c : cases) {
            ReplayContext ctx = withAttempts(c.pending(), 0, after);
            if (c.detected() == null) {
                c.body().accept(ctx);
                ctx.settleParallel();
                assertThat(ctx.nonDeterminism()).as(c.description()).isNull();
            } else {
                assertThatThrownBy(() -> c.body().accept(ctx)).as(c.description())
                        .isInstanceOf(NonDeterminismException.class).hasMessageContaining(c.detected());
            }
        }
    }

    @Test
    void emptyPosition_atTheJournalsEnd_mustBeTheOperationOfItsAttempts() {
        ReplayContext ctx = withAttempts(java.util.Map.of(1, failedBefore(1, 0, "step", "charge")), 0);
        assertThatThrownBy(() -> countedStep(ctx, "send-email", "x")).isInstanceOf(NonDeterminismException.class)
                .hasMessageContaining("charge").hasMessageContaining("send-email");
        assertThat(withAttempts(java.util.Map.of(1, failedBefore(1, 0, "step", "charge")), 0)
                .step("charge", String.class, () -> "ok")).isEqualTo("ok");
    }

    /** Cancels the run after {@code delayMs}, from another thread: a Cancel arriving mid-wait. */
    void cancelIn(long delayMs) {
        CompletableFuture.delayedExecutor(delayMs, java.util.concurrent.TimeUnit.MILLISECONDS).execute(sink::cancel);
    }

    static JournalEntry sleepUntil(int position, long wakeAtMs) {
        return recorded(position, "sleep", "sleep", Long.toString(wakeAtMs));
    }

    @Test
    void sleep_replayedWithTimeLeft_isACancelPointOnceTheCancelIsKnown_andReplaysAsOne() {
        ReplayContext ctx = withAttempts(java.util.Map.of(), 500, sleepUntil(1, System.currentTimeMillis() + 600_000));
        sink.cancelled = true; // Dispatch.cancel_requested: the runtime woke the run at once
        long before = System.nanoTime();
        assertThatThrownBy(() -> ctx.sleep(java.time.Duration.ofMinutes(10))).isInstanceOf(dev.mainstay.sdk.CancelledException.class);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - before)).isLessThan(java.time.Duration.ofSeconds(1));
        assertThat(countedStep(ctx, "cleanup", "cleaned")).isEqualTo("cleaned");
        assertThat(sink.appended).extracting(JournalEntry::getKind).containsExactly("cancel", "step");
        assertThat(sink.appended.get(0).getPosition()).isEqualTo(2);
        assertThat(sink.appended.get(0).getOutput().toStringUtf8()).as("names the sleep it cut short").isEqualTo("1");

        ReplayContext replay = withAttempts(java.util.Map.of(), 500, sleepUntil(1, System.currentTimeMillis() + 600_000),
                sink.appended.get(0), sink.appended.get(1));
        assertThatThrownBy(() -> replay.sleep(java.time.Duration.ofMinutes(10))).as("the same sleep throws on replay")
                .isInstanceOf(dev.mainstay.sdk.CancelledException.class);
        assertThat(countedStep(replay, "cleanup", "again")).isEqualTo("cleaned");
        replay.checkFullyReplayed();
    }

    /** In-thread waits a Cancel must cut short: the operation that waits, and what it leaves journaled. */
    record CancelledWaitCase(String description, java.util.function.Function<ReplayContext, Object> waiting,
                             List<String> journaled) {}

    @Test
    void cancel_arrivingDuringAnInThreadWait_cutsItShort() {
        RetryPolicy slowRetry = RetryPolicy.defaults().withMaxAttempts(3).withInitialInterval(java.time.Duration.ofSeconds(30));
        List<CancelledWaitCase> cases = List.of(
                new CancelledWaitCase("a short sleep", c -> {
                    c.sleep(java.time.Duration.ofSeconds(30));
                    return null;
                }, List.of("sleep", "cancel")),
                new CancelledWaitCase("a step's retry backoff", c -> c.step("flaky", String.class,
                        dev.mainstay.sdk.StepOptions.defaults().withRetry(slowRetry), failing(5, new IllegalStateException("down"))),
                        List.of("cancel")),
                new CancelledWaitCase("a parallel step's retry backoff", c -> c.stepAsync("flaky", String.class,
                        dev.mainstay.sdk.StepOptions.defaults().withRetry(slowRetry), failing(5, new IllegalStateException("down")))
                        .await(), List.of("step")));
        for (CancelledWaitCase c : cases) {
            RecordingSink fresh = new RecordingSink();
            sink = fresh;
            executions.set(0);
            ReplayContext ctx = withAttempts(java.util.Map.of(), 60_000);
            CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS).execute(fresh::cancel);
            long before = System.nanoTime();
            assertThatThrownBy(() -> c.waiting().apply(ctx)).as(c.description()).satisfiesAnyOf(
                    thrown -> assertThat(thrown).isInstanceOf(dev.mainstay.sdk.CancelledException.class),
                    thrown -> assertThat(thrown).isInstanceOfSatisfying(StepFailedException.class,
                            failed -> assertThat(failed.getMessage()).contains("cancelled")));
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - before)).as(c.description())
                    .isLessThan(java.time.Duration.ofSeconds(5));
            assertThat(fresh.appended).as(c.description()).extracting(JournalEntry::getKind).containsExactlyElementsOf(c.journaled());
        }
    }

    @Test
    void sleep_replayedWithLongToGo_givesTheRunBackWithoutWriting() {
        long wakeAt = System.currentTimeMillis() + 600_000;
        ReplayContext ctx = withAttempts(java.util.Map.of(), 500, sleepUntil(1, wakeAt));
        assertThatThrownBy(() -> ctx.sleep(java.time.Duration.ofMinutes(10))).isInstanceOf(Suspended.class);
        assertThat(sink.suspendedWithoutEntry).containsExactly(wakeAt);
        assertThat(sink.appended).isEmpty();
    }

    @Test
    void sleep_replayedWithEntriesAfterIt_endedBefore_whateverTheClockSays() {
        ReplayContext ctx = withAttempts(java.util.Map.of(), 500, sleepUntil(1, System.currentTimeMillis() + 600_000),
                recorded(2, "step", "after", "\"x\""));
        ctx.sleep(java.time.Duration.ofMinutes(10));
        assertThat(countedStep(ctx, "after", "y")).isEqualTo("x");
        assertThat(sink.suspendedWithoutEntry).isEmpty();
    }

    @Test
    void sleep_inCleanupAfterTheCancel_isNotCutShortNorHandedBack() {
        ReplayContext ctx = withAttempts(java.util.Map.of(), 500, recorded(1, "cancel", "cancel", "null"),
                sleepUntil(2, System.currentTimeMillis() + 300));
        sink.cancelled = true;
        assertThatThrownBy(() -> countedStep(ctx, "work", "x")).isInstanceOf(dev.mainstay.sdk.CancelledException.class);
        long before = System.nanoTime();
        ctx.sleep(java.time.Duration.ofMillis(300));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - before)).isGreaterThan(java.time.Duration.ofMillis(150));
        assertThat(sink.appended).isEmpty();
        assertThat(sink.suspendedWithoutEntry).isEmpty();
    }

    /** ctx.call("twice", 21): on a worker that registers the function or not, over what the journal recorded. */
    record CallCase(String description, boolean registered, List<JournalEntry> journal,
                    java.util.Map<Integer, dev.mainstay.protocol.v1.PendingAttempts> pending, String journaledKind,
                    int executed) {}

    @Test
    void call_followsWhatTheJournalRecorded_whateverThisWorkerRegisters() {
        JournalEntry localCall = recorded(1, "call", "twice", "42");
        JournalEntry childStarted = recorded(1, "child", "twice", "{\"runId\":\"c-1\"}");
        JournalEntry childEnded = recorded(2, "event", "child:c-1",
                "{\"received\":true,\"payload\":{\"runId\":\"c-1\",\"status\":\"COMPLETED\",\"output\":42}}");
        List<CallCase> cases = List.of(
                new CallCase("new, registered here: a local call", true, List.of(), java.util.Map.of(), "call", 1),
                new CallCase("new, served elsewhere: a child run", false, List.of(), java.util.Map.of(), "child", 0),
                new CallCase("a recorded call, on a worker without the function", false, List.of(localCall), java.util.Map.of(), null, 0),
                new CallCase("a recorded child, on a worker with the function", true, List.of(childStarted, childEnded),
                        java.util.Map.of(), null, 0),
                new CallCase("failed local attempts, on a worker without the function", false, List.of(),
                        java.util.Map.of(1, failedBefore(1, 0, "call", "twice")), "child", 0));
        for (CallCase c : cases) {
            sink = new RecordingSink();
            sink.eventAnswer = Ack.newBuilder().setOk(true).setResult(childEnded.getOutput());
            executions.set(0);
            Components components = new Components();
            if (c.registered()) {
                components.register(new Functions(executions));
            }
            ReplayContext ctx = new ReplayContext("run-1", "wf", c.journal(), sink, components, 1024,
                    new RetryPolicies(null, RetryPolicy.none(), null), c.pending(), 0);
            assertThat(ctx.call("twice", 21, Integer.class)).as(c.description()).isEqualTo(42);
            ctx.checkFullyReplayed();
            assertThat(executions).as(c.description()).hasValue(c.executed());
            List<String> journaled = new ArrayList<>(sink.appended.stream().map(JournalEntry::getKind).toList());
            sink.childrenStarted.forEach(child -> journaled.add("child"));
            assertThat(journaled).as(c.description())
                    .containsExactlyElementsOf(c.journaledKind() == null ? List.of() : List.of(c.journaledKind()));
        }
    }
}
