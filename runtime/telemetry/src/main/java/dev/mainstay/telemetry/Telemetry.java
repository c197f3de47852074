package dev.mainstay.telemetry;

import dev.mainstay.coordinator.DispatchTelemetry;
import dev.mainstay.engine.RunListener;
import dev.mainstay.store.Attempt;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.RunRecord;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's telemetry, fed by the engine ({@link RunListener}) and the coordinator
 * ({@link DispatchTelemetry}). Metrics are recorded on the calling thread (atomic adds); spans are
 * built on a thread of their own, off the store's writer, and only when tracing is configured.
 *
 * <p>Per run it remembers its workflow (from its start or claim, forgotten when it finishes,
 * suspends to wait or is released) and its trace context (read once from the store: the caller's
 * traceparent survives restarts there).
 */
public final class Telemetry implements RunListener, DispatchTelemetry, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Telemetry.class);

    private final Payloads payloads;
    private final RuntimeMetrics metrics;
    private final RunTracer tracer;
    private final OpenTelemetrySdk sdk;
    private final ExecutorService spans;
    private final Function<String, Optional<String>> traceParents;
    private final Function<String, Optional<String>> parents;
    private final Map<String, String> workflows = new ConcurrentHashMap<>();
    private final Map<String, SpanContext> runContexts = new ConcurrentHashMap<>();
    private final Map<String, Long> waitingSince = new ConcurrentHashMap<>();

    /**
     * @param tracer null when tracing is off
     * @param traceParents the traceparent a run was started with (the store's)
     */
    Telemetry(TelemetryConfig config, Tracer tracer, OpenTelemetrySdk sdk, Function<String, Optional<String>> traceParents,
              Function<String, Optional<String>> parents, ExecutorService spans) {
        this.parents = parents;
        this.payloads = new Payloads(config);
        this.metrics = new RuntimeMetrics();
        this.sdk = sdk;
        this.tracer = tracer == null ? null : new RunTracer(tracer, payloads);
        this.traceParents = traceParents;
        this.spans = spans;
    }

    /** Telemetry of a runtime on {@code store}: tracing as the {@code OTEL_*} environment says, metrics always. */
    public static Telemetry create(TelemetryConfig config, JournalStore store) {
        Optional<OpenTelemetrySdk> sdk = Tracing.fromEnvironment();
        Telemetry telemetry = new Telemetry(config, sdk.map(Tracing::tracer).orElse(null), sdk.orElse(null),
                store::traceParent, id -> store.run(id).map(RunRecord::parentId),
                Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mainstay-spans").factory()));
        store.onCommit(telemetry.metrics::committed);
        return telemetry;
    }

    /** Metrics and payload previews only, no tracing and no store (an embedded gateway, tests). */
    public static Telemetry withoutTracing(TelemetryConfig config) {
        return new Telemetry(config, null, null, id -> Optional.empty(), id -> Optional.empty(), null);
    }

    /** For tests: spans to {@code tracer} (whose SDK uses {@link Tracing#idGenerator()}), emitted on the calling thread. */
    public static Telemetry forTests(TelemetryConfig config, Tracer tracer, Function<String, Optional<String>> traceParents) {
        return forTests(config, tracer, traceParents, id -> Optional.empty());
    }

    /** As above; {@code parents} gives the parent run of a child run. */
    public static Telemetry forTests(TelemetryConfig config, Tracer tracer, Function<String, Optional<String>> traceParents,
                                     Function<String, Optional<String>> parents) {
        return new Telemetry(config, tracer, null, traceParents, parents, null);
    }

    public Payloads payloads() {
        return payloads;
    }

    public RuntimeMetrics metrics() {
        return metrics;
    }

    public boolean tracing() {
        return tracer != null;
    }

    @Override
    public void started(RunRecord run) {
        workflows.put(run.id(), run.component());
        metrics.started(run);
    }

    @Override
    public void claimed(RunRecord run, long epoch, String workerId) {
        workflows.put(run.id(), run.component());
    }

    @Override
    public void appended(String runId, JournalEntry entry, Map<String, String> spanAttributes) {
        String workflow = workflows.getOrDefault(runId, "unknown");
        metrics.appended(workflow, entry);
        Long since = "event".equals(entry.kind()) ? waitingSince.remove(runId) : null;
        trace(runId, (context) -> tracer.operation(context, workflow, Operation.of(runId, entry, since, spanAttributes)));
    }

    @Override
    public void attemptFailed(String runId, Attempt attempt, Map<String, String> spanAttributes) {
        String workflow = workflows.getOrDefault(runId, "unknown");
        metrics.attemptFailed(workflow, attempt);
        trace(runId, (context) -> tracer.operation(context, workflow, Operation.of(runId, attempt, spanAttributes)));
    }

    @Override
    public void waiting(String runId, int position, String name, long sinceMs) {
        waitingSince.putIfAbsent(runId, sinceMs);
        workflows.remove(runId);
    }

    @Override
    public void released(String runId, long epoch) {
        metrics.released(workflows.getOrDefault(runId, "unknown"));
        workflows.remove(runId);
    }

    @Override
    public void finished(RunRecord run, Map<String, String> spanAttributes) {
        workflows.remove(run.id());
        waitingSince.remove(run.id());
        metrics.finished(run);
        if (tracer != null) {
            submit(() -> {
                tracer.run(run, callerOf(run.id()), spanAttributes);
                runContexts.remove(run.id());
            });
        }
    }

    @Override
    public String traceParent(String runId) {
        if (tracer == null) {
            return null;
        }
        return TraceParent.format(context(runId));
    }

    @Override
    public void redactedFields(Collection<String> names) {
        payloads.addRedactFields(names);
    }

    @Override
    public void leaseExpired(String workerId) {
        metrics.leaseExpired();
    }

    private void trace(String runId, java.util.function.Consumer<SpanContext> emit) {
        if (tracer != null) {
            submit(() -> emit.accept(context(runId)));
        }
    }

    private void submit(Runnable work) {
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("event=span_failed error={}", e.toString());
            }
        };
        if (spans == null) {
            guarded.run();
        } else {
            spans.execute(guarded);
        }
    }

    private SpanContext context(String runId) {
        SpanContext known = runContexts.get(runId);
        if (known != null) {
            return known;
        }
        // not computeIfAbsent: a child's context needs its parent's, a nested update of the same map
        SpanContext context = TraceIds.run(runId, callerOf(runId));
        SpanContext raced = runContexts.putIfAbsent(runId, context);
        return raced != null ? raced : context;
    }

    /** The caller's span from the start request, else (a child run) the parent run's span. */
    private Optional<SpanContext> callerOf(String runId) {
        Optional<SpanContext> caller = traceParents.apply(runId).flatMap(TraceParent::parse);
        return caller.isPresent() ? caller : parents.apply(runId).map(this::context);
    }

    /** Emits what is queued, then flushes and stops the exporter. */
    @Override
    public void close() {
        if (spans != null) {
            spans.shutdown();
            try {
                spans.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (sdk != null) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
        metrics.registry().close();
    }
}
