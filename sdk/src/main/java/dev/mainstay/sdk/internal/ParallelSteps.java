package dev.mainstay.sdk.internal;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.StepFailedException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Parallel steps ({@code ctx.stepAsync}, {@code ctx.callAsync}): each takes its position on the
 * body's thread, in call order, so a replay assigns the same positions; its body then runs on a
 * virtual thread of its own and journals its outcome at that position whenever it finishes (the
 * store accepts an entry above an empty position). A replay finds each entry at its position.
 */
final class ParallelSteps {
    private final JournalCursor cursor;
    private final StepRunner steps;
    private final List<Parallel<?>> inFlight = new ArrayList<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    ParallelSteps(JournalCursor cursor, StepRunner steps) {
        this.cursor = cursor;
        this.steps = steps;
    }

    <T> DurableFuture<T> start(String kind, String name, Type type, byte[] input, RetryPolicy retry, long timeoutMs,
                               Step<T> body) {
        JournalEntry recorded = cursor.advanceParallel(kind, name);
        int at = cursor.position();
        Parallel<T> future = new Parallel<>(at);
        if (recorded != null) {
            try {
                future.result.complete(StepRunner.replay(recorded, type));
            } catch (StepFailedException e) {
                future.result.completeExceptionally(e);
            }
            return future;
        }
        cursor.releaseIfDraining();
        inFlight.add(future);
        Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap(); // run id, workflow
        Thread thread = Thread.ofVirtual().name("run-" + cursor.runId() + "-" + at).unstarted(() -> {
            if (logContext != null) {
                org.slf4j.MDC.setContextMap(logContext);
            }
            try {
                future.result.complete(steps.execute(at, kind, name, type, input, retry, timeoutMs, body, true));
            } catch (Throwable t) {
                future.result.completeExceptionally(t);
            } finally {
                org.slf4j.MDC.clear();
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(thread);
        thread.start();
        return future;
    }

    <T> List<T> all(List<? extends DurableFuture<? extends T>> futures) {
        List<Parallel<? extends T>> own = own(futures);
        own.forEach(Parallel::settle);
        own.stream().filter(Parallel::failed).min(Comparator.comparingInt(Parallel::position))
                .ifPresent(Parallel::await);
        List<T> results = new ArrayList<>(own.size());
        own.forEach(future -> results.add(future.await()));
        return results;
    }

    <T> T any(List<? extends DurableFuture<? extends T>> futures) {
        List<Parallel<? extends T>> own = own(futures);
        if (own.isEmpty()) {
            throw new IllegalArgumentException("ctx.any needs at least one future");
        }
        JournalEntry recorded = cursor.advance(ReplayContext.ANY, ReplayContext.ANY);
        if (recorded != null) {
            int winner = Json.<Integer>read(recorded.getOutput().toByteArray(), Integer.class);
            return own.stream().filter(f -> f.position() == winner).findFirst()
                    .orElseThrow(() -> cursor.mismatch(recorded.getPosition(),
                            "any of futures including position " + winner, "any of futures without it"))
                    .await();
        }
        try {
            CompletableFuture.anyOf(own.stream().map(f -> f.result).toArray(CompletableFuture[]::new))
                    .exceptionally(t -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("run " + cursor.runId() + " was interrupted in ctx.any");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // unreachable: exceptionally() absorbed failures
        }
        Parallel<? extends T> first = own.stream().filter(Parallel::isDone).findFirst().orElseThrow();
        long now = cursor.now();
        int position = cursor.position();
        cursor.awaitCommit(() -> cursor.sink().append(JournalEntry.newBuilder().setPosition(position).setKind(ReplayContext.ANY)
                .setName(ReplayContext.ANY).setStatus(EntryStatus.SUCCEEDED).setAttempt(1).setStartedAtMs(now)
                .setFinishedAtMs(now).setOutput(ByteString.copyFrom(Json.write(first.position()))).build()), position);
        return first.await();
    }

    @SuppressWarnings("unchecked")
    private <T> List<Parallel<? extends T>> own(List<? extends DurableFuture<? extends T>> futures) {
        List<Parallel<? extends T>> own = new ArrayList<>(futures.size());
        for (DurableFuture<? extends T> future : futures) {
            if (!(future instanceof Parallel<?> p) || p.owner() != this) {
                throw new IllegalArgumentException("ctx.all and ctx.any take futures from this run's ctx.stepAsync or ctx.callAsync");
            }
            own.add((Parallel<? extends T>) p);
        }
        return own;
    }

    /**
     * Waits until every parallel step is journaled (or gave up): the run is about to wait durably,
     * be released, or end, after which their writes would be refused.
     */
    void settle() {
        inFlight.forEach(Parallel::settle);
        inFlight.clear();
    }

    /** The run was taken away: parallel steps stop too (their writes would be refused anyway). */
    void abandon() {
        threads.forEach(Thread::interrupt);
    }

    /** A parallel step's outcome, journaled at {@code position}. */
    private final class Parallel<T> implements DurableFuture<T> {
        private final int position;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Parallel(int position) {
            this.position = position;
        }

        ParallelSteps owner() {
            return ParallelSteps.this;
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
                throw new LeaseLost("run " + cursor.runId() + " was interrupted waiting for position " + position);
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
                throw new LeaseLost("run " + cursor.runId() + " was interrupted waiting for position " + position);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // unreachable: exceptionally() absorbed failures
            }
        }
    }
}
