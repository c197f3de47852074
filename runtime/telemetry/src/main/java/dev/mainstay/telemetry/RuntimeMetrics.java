package dev.mainstay.telemetry;

import dev.mainstay.engine.Namespaces;
import dev.mainstay.store.Attempt;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.RunRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The runtime's Prometheus metrics (Micrometer). Names (as scraped): {@code mainstay_runs_started_total},
 * {@code mainstay_runs_finished_total{status}}, {@code mainstay_step_duration_seconds},
 * {@code mainstay_step_attempts}, {@code mainstay_step_retries_total}, {@code mainstay_runs_queued},
 * {@code mainstay_workers_connected}, {@code mainstay_lease_expiries_total},
 * {@code mainstay_journal_commit_seconds}, {@code mainstay_journal_batch_size},
 * {@code mainstay_store_size_bytes}; run and step meters carry a {@code workflow} tag.
 * Recording is a few atomic adds: safe on the store's writer thread.
 */
public final class RuntimeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter leaseExpiries;
    private final Timer commits;
    private final DistributionSummary batchSizes;
    private final Map<String, Tags> workflowTags = new ConcurrentHashMap<>();
    private final Map<StepKey, StepMeters> stepMeters = new ConcurrentHashMap<>();

    public RuntimeMetrics() {
        leaseExpiries = Counter.builder("mainstay.lease.expiries")
                .description("Workers that went silent past their lease and lost their runs").register(registry);
        commits = Timer.builder("mainstay.journal.commit")
                .description("Time to apply and commit one group-commit batch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        batchSizes = DistributionSummary.builder("mainstay.journal.batch.size")
                .description("Writes committed together in one batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * The exposition as a caller of one {@code namespace} may see it (null: everything): samples
     * labelled with another namespace are left out, so neither its workflow names nor its counts show;
     * samples without the label (JVM, commits, workers connected) stay.
     */
    public String scrape(String namespace) {
        return namespace == null ? scrape() : NamespaceFilter.keep(registry.scrape(), namespace);
    }

    /** Registers the gauges read at each scrape. */
    public void gauges(DoubleSupplier queued, DoubleSupplier workers, DoubleSupplier storeBytes) {
        Gauge.builder("mainstay.runs.queued", queued, DoubleSupplier::getAsDouble).strongReference(true).description("Runs ready to run and waiting for a worker").register(registry);
        Gauge.builder("mainstay.workers.connected", workers, DoubleSupplier::getAsDouble).strongReference(true).description("Workers with a registered stream").register(registry);
        Gauge.builder("mainstay.store.size", storeBytes, DoubleSupplier::getAsDouble).strongReference(true).baseUnit("bytes")
                .description("The store's files on disk (database, WAL)").register(registry);
    }

    /**
     * A run's workflow as two labels, its namespace and its name there (see the engine's Namespaces);
     * kept per name, as this runs for every step (registered names are few; past the bound it starts over).
     */
    private Tags workflow(String qualified) {
        Tags tags = workflowTags.get(qualified);
        if (tags == null) {
            if (workflowTags.size() >= 10_000) {
                workflowTags.clear();
            }
            tags = Tags.of("namespace", Namespaces.of(qualified), "workflow", Namespaces.local(qualified));
            workflowTags.put(qualified, tags);
        }
        return tags;
    }

    void started(RunRecord run) {
        registry.counter("mainstay.runs.started", workflow(run.component())).increment();
    }

    void finished(RunRecord run) {
        registry.counter("mainstay.runs.finished", workflow(run.component()).and("status", run.status().name())).increment();
    }

    void appended(String workflow, JournalEntry entry) {
        if (!"step".equals(entry.kind()) && !"call".equals(entry.kind())) {
            return;
        }
        stepMeters(workflow, entry.kind(), entry.succeeded()).record(entry);
    }

    /**
     * The meters of one workflow's steps of one kind and outcome, built once: a lookup per step
     * instead of a builder, tags and a registry search (bounded as {@link #workflow} is).
     */
    private StepMeters stepMeters(String workflow, String kind, boolean succeeded) {
        StepKey key = new StepKey(workflow, kind, succeeded);
        StepMeters meters = stepMeters.get(key);
        if (meters == null) {
            if (stepMeters.size() >= 10_000) {
                stepMeters.clear();
            }
            meters = new StepMeters(
                    Timer.builder("mainstay.step.duration")
                            .description("Duration of the attempt that gave a step or call its outcome")
                            .tags(workflow(workflow).and("kind", kind, "outcome", succeeded ? "succeeded" : "failed"))
                            .publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                            .register(registry),
                    DistributionSummary.builder("mainstay.step.attempts")
                            .description("Attempts a step or call took, counting the one that gave its outcome")
                            .tags(workflow(workflow).and("kind", kind))
                            .serviceLevelObjectives(1, 2, 3, 5, 10)
                            .register(registry));
            stepMeters.put(key, meters);
        }
        return meters;
    }

    private record StepKey(String workflow, String kind, boolean succeeded) {}

    private record StepMeters(Timer duration, DistributionSummary attempts) {
        void record(JournalEntry entry) {
            duration.record(Math.max(0, entry.finishedAtMs() - entry.startedAtMs()), TimeUnit.MILLISECONDS);
            attempts.record(entry.attempt());
        }
    }

    void attemptFailed(String workflow, Attempt attempt) {
        registry.counter("mainstay.step.retries", workflow(workflow).and("kind", attempt.kind())).increment();
    }

    void released(String workflow) {
        registry.counter("mainstay.runs.released", workflow(workflow)).increment();
    }

    void leaseExpired() {
        leaseExpiries.increment();
    }

    void committed(int batchSize, long nanos) {
        commits.record(nanos, TimeUnit.NANOSECONDS);
        batchSizes.record(batchSize);
    }
}
