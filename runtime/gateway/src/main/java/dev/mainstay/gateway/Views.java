package dev.mainstay.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.mainstay.coordinator.WorkerInfo;
import dev.mainstay.store.Failure;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.RunRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The JSON shapes of the API. Payloads are stored as JSON text and written through raw. */
final class Views {
    private Views() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String code, String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorView(String code, String type, String message, String stackTrace) {
        static ErrorView of(Failure f) {
            return f == null ? null : new ErrorView(f.code(), f.type(), f.message(), f.stackTrace());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Run(String id, String workflow, String kind, String status,
               @JsonRawValue String input, @JsonRawValue String output, ErrorView error,
               String idempotencyKey, long epoch, String workerId,
               Instant createdAt, Instant updatedAt, Instant finishedAt, Long durationMs, Instant wakeAt,
               String waitingFor, String parentId) {
        static Run of(RunRecord r) {
            return of(r, Views::text);
        }

        /** With payloads rendered by {@code payload} (a redacted, truncated preview for the UI). */
        static Run of(RunRecord r, java.util.function.Function<byte[], String> payload) {
            return new Run(r.id(), r.component(), r.kind().name(), r.status().name(), payload.apply(r.input()),
                    payload.apply(r.output()), ErrorView.of(r.failure()), r.idempotencyKey(), r.epoch(), r.workerId(),
                    Instant.ofEpochMilli(r.createdAtMs()), Instant.ofEpochMilli(r.updatedAtMs()),
                    r.finishedAtMs() == null ? null : Instant.ofEpochMilli(r.finishedAtMs()),
                    r.finishedAtMs() == null ? null : r.finishedAtMs() - r.createdAtMs(),
                    r.wakeAtMs() == null ? null : Instant.ofEpochMilli(r.wakeAtMs()),
                    r.status() == dev.mainstay.store.RunStatus.SUSPENDED ? r.waitingFor() : null, r.parentId());
        }

        Run waitingFor(String what) {
            return new Run(id, workflow, kind, status, input, output, error, idempotencyKey, epoch, workerId, createdAt,
                    updatedAt, finishedAt, durationMs, wakeAt, what, parentId);
        }
    }

    record RunPage(List<Run> runs, String nextCursor) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(int position, String kind, String name, String status,
                 @JsonRawValue String input, @JsonRawValue String output, ErrorView error, int attempt,
                 Instant startedAt, Instant finishedAt, long durationMs) {
        static Entry of(JournalEntry e) {
            return of(e, Views::text);
        }

        static Entry of(JournalEntry e, java.util.function.Function<byte[], String> payload) {
            return new Entry(e.position(), e.kind(), e.name(), e.succeeded() ? "SUCCEEDED" : "FAILED",
                    payload.apply(e.input()), payload.apply(e.output()), ErrorView.of(e.failure()), e.attempt(),
                    Instant.ofEpochMilli(e.startedAtMs()), Instant.ofEpochMilli(e.finishedAtMs()),
                    e.finishedAtMs() - e.startedAtMs());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttemptView(int position, int attempt, String kind, String name, ErrorView error, Instant startedAt,
                       Instant finishedAt, long durationMs, Instant retryAt) {
        static AttemptView of(dev.mainstay.store.Attempt a) {
            return new AttemptView(a.position(), a.attempt(), a.kind(), a.name(), ErrorView.of(a.failure()),
                    Instant.ofEpochMilli(a.startedAtMs()), Instant.ofEpochMilli(a.finishedAtMs()),
                    a.finishedAtMs() - a.startedAtMs(), a.retryAtMs() == null ? null : Instant.ofEpochMilli(a.retryAtMs()));
        }
    }

    /**
     * A page of the journal: final entries by position, and every failed attempt that preceded one
     * (or the next); {@code next} is the {@code after} of the next page, absent on the last page.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Journal(String runId, List<Entry> entries, List<AttemptView> failedAttempts, Integer next) {}

    record Worker(String workerId, Set<String> components, int capacity, int inFlight, Instant lastHeartbeat,
                  java.util.Collection<String> runs) {
        static Worker of(WorkerInfo w) {
            return new Worker(w.workerId(), w.components(), w.capacity(), w.runs().size(),
                    Instant.ofEpochMilli(w.lastHeartbeatMs()), new java.util.TreeSet<>(w.runs()));
        }
    }

    static String text(byte[] json) {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }
}
