package dev.mainstay.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.WorkerInfo;
import dev.mainstay.store.Failure;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.RunRecord;
import dev.mainstay.telemetry.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The JSON shapes of the API. Payloads are stored as JSON text and written through raw. */
final class Views {
    private Views() {}

    /**
     * How a view shows what a run carries: payloads and error texts exactly as journaled
     * ({@link #RAW}, what clients read by default: they need them intact), or made safe to show
     * ({@link #safe}: secrets masked and cut to the preview size, for the UI and the event streams).
     */
    record Render(Function<byte[], String> payload, UnaryOperator<String> text) {
        static final Render RAW = new Render(Views::text, UnaryOperator.identity());

        static Render safe(Payloads payloads) {
            return new Render(payloads::preview, payloads::text);
        }
    }

    /** The status a view shows for a paused run that no worker holds (derived: the store keeps PENDING or SUSPENDED). */
    static final String PAUSED = "PAUSED";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String code, String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorView(String code, String type, String message, String stackTrace) {
        static ErrorView of(Failure f, Render render) {
            return f == null ? null : new ErrorView(f.code(), f.type(), render.text().apply(f.message()),
                    render.text().apply(f.stackTrace()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Run(String id, String namespace, String workflow, String kind, String status,
               @JsonRawValue String input, @JsonRawValue String output, ErrorView error,
               String idempotencyKey, long epoch, String workerId,
               Instant createdAt, Instant updatedAt, Instant finishedAt, Long durationMs, Instant wakeAt,
               String waitingFor, String parentId, String startedBy, String cancelledBy, int priority,
               Instant pausedAt, String pausedBy, String debounceKey, Boolean debouncing,
               @JsonInclude(JsonInclude.Include.NON_NULL) java.util.Map<String, Object> attributes) {
        static Run of(RunRecord r) {
            return of(r, Render.RAW);
        }

        /** With payloads and errors as {@code render} shows them (a redacted, truncated preview for the UI). */
        static Run of(RunRecord r, Render render) {
            var payload = render.payload();
            String namespace = Namespaces.of(r.component());
            return new Run(r.id(), namespace, Namespaces.local(r.component()), r.kind().name(), status(r),
                    payload.apply(r.input()), payload.apply(r.output()), ErrorView.of(r.failure(), render),
                    localKey(namespace, r.idempotencyKey()), r.epoch(), r.workerId(),
                    Instant.ofEpochMilli(r.createdAtMs()), Instant.ofEpochMilli(r.updatedAtMs()),
                    r.finishedAtMs() == null ? null : Instant.ofEpochMilli(r.finishedAtMs()),
                    r.finishedAtMs() == null ? null : r.finishedAtMs() - r.createdAtMs(),
                    r.wakeAtMs() == null ? null : Instant.ofEpochMilli(r.wakeAtMs()),
                    r.status() == dev.mainstay.store.RunStatus.SUSPENDED ? r.waitingFor() : null, r.parentId(),
                    r.startedBy(), r.cancelledBy(), r.priority(),
                    r.pausedAtMs() == null ? null : Instant.ofEpochMilli(r.pausedAtMs()), r.pausedBy(),
                    r.debounceKey(), r.debouncing() ? Boolean.TRUE : null, null);
        }

        /**
         * The stored status, or PAUSED for a paused run no worker holds (PENDING or SUSPENDED): a RUNNING
         * one shows RUNNING (with its pausedAt) until its worker gives it back after the step it is in.
         */
        static String status(RunRecord r) {
            boolean waits = r.status() == dev.mainstay.store.RunStatus.PENDING
                    || r.status() == dev.mainstay.store.RunStatus.SUSPENDED;
            return r.paused() && waits ? PAUSED : r.status().name();
        }

        /** A client's key without its namespace; the runtime's own keys ({@code child:*}, {@code schedule:*}) as they are. */
        private static String localKey(String namespace, String key) {
            String prefix = Namespaces.prefix(namespace);
            return key != null && key.startsWith(prefix) ? key.substring(prefix.length()) : key;
        }

        Run waitingFor(String what) {
            return new Run(id, namespace, workflow, kind, status, input, output, error, idempotencyKey, epoch, workerId, createdAt,
                    updatedAt, finishedAt, durationMs, wakeAt, what, parentId, startedBy, cancelledBy, priority, pausedAt,
                    pausedBy, debounceKey, debouncing, attributes);
        }

        /** This view with the run's search attributes, as a JSON object of typed values (a time as an ISO-8601 string). */
        Run withAttributes(List<dev.mainstay.store.RunAttribute> of) {
            java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
            of.forEach(a -> values.put(a.name(), a.value()));
            return new Run(id, namespace, workflow, kind, status, input, output, error, idempotencyKey, epoch, workerId, createdAt,
                    updatedAt, finishedAt, durationMs, wakeAt, waitingFor, parentId, startedBy, cancelledBy, priority, pausedAt,
                    pausedBy, debounceKey, debouncing, values);
        }
    }

    record RunPage(List<Run> runs, String nextCursor) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(int position, String kind, String name, String status,
                 @JsonRawValue String input, @JsonRawValue String output, ErrorView error, int attempt,
                 Instant startedAt, Instant finishedAt, long durationMs, String sentBy) {
        static Entry of(JournalEntry e, Render render) {
            return of(e, render, null);
        }

        /** {@code sentBy}: for an entry of an event the run took, the id of the token that sent it. */
        static Entry of(JournalEntry e, Render render, String sentBy) {
            return new Entry(e.position(), e.kind(), e.name(), e.succeeded() ? "SUCCEEDED" : "FAILED",
                    render.payload().apply(e.input()), render.payload().apply(e.output()), ErrorView.of(e.failure(), render),
                    e.attempt(),
                    Instant.ofEpochMilli(e.startedAtMs()), Instant.ofEpochMilli(e.finishedAtMs()),
                    e.finishedAtMs() - e.startedAtMs(), sentBy);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttemptView(int position, int attempt, String kind, String name, ErrorView error, Instant startedAt,
                       Instant finishedAt, long durationMs, Instant retryAt) {
        static AttemptView of(dev.mainstay.store.Attempt a, Render render) {
            return new AttemptView(a.position(), a.attempt(), a.kind(), a.name(), ErrorView.of(a.failure(), render),
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

    /** A connected worker; {@code node} is the runtime node its stream is open to, {@code buildId} the build of its code. */
    record Worker(String workerId, Set<String> components, int capacity, int inFlight, Instant lastHeartbeat,
                  java.util.Collection<String> runs, String node, String buildId) {
        /** The worker as a caller of {@code namespace} sees it; null when it serves nothing there. */
        static Worker of(dev.mainstay.engine.ClusterWorker connected, String namespace) {
            WorkerInfo w = connected.worker();
            Set<String> components = new java.util.TreeSet<>();
            for (String component : w.components()) {
                if (Namespaces.in(namespace, component)) {
                    components.add(Namespaces.local(component));
                }
            }
            if (components.isEmpty() && !w.components().isEmpty()) {
                return null;
            }
            return new Worker(w.workerId(), components, w.capacity(), w.runs().size(),
                    Instant.ofEpochMilli(w.lastHeartbeatMs()), new java.util.TreeSet<>(w.runs()), connected.nodeId(),
                    w.buildId());
        }
    }

    /** The entries of {@code byComponent} of {@code namespace}, by their local names. */
    static java.util.Map<String, Integer> inNamespace(java.util.Map<String, Integer> byComponent, String namespace) {
        java.util.Map<String, Integer> local = new java.util.TreeMap<>();
        byComponent.forEach((component, n) -> {
            if (Namespaces.in(namespace, component)) {
                local.put(Namespaces.local(component), n);
            }
        });
        return local;
    }

    static String text(byte[] json) {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }
}
