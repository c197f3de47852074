package dev.mainstay.spring;

import dev.mainstay.sdk.Worker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The worker's meters, read from the worker when a registry asks (nothing is counted on the run
 * path for them), tagged {@code worker.id}:
 *
 * <ul>
 *   <li>{@code mainstay.worker.connected}: 1 while registered with the runtime, else 0;
 *   <li>{@code mainstay.worker.runs.active}: runs the worker executes now (suspended runs hold none);
 *   <li>{@code mainstay.worker.capacity}: runs it accepts at once ({@code mainstay.worker.capacity});
 *   <li>{@code mainstay.worker.dispatches}: runs dispatched to it since it started, a run handed
 *       back (a drain, a long sleep or backoff) and dispatched again counting again.
 * </ul>
 *
 * Steps, retries and latencies per workflow are the runtime's metrics ({@code GET /metrics}), which
 * see every worker's runs.
 */
final class MainstayWorkerMetrics implements MeterBinder {
    private final Worker worker;

    MainstayWorkerMetrics(Worker worker) {
        this.worker = worker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("worker.id", worker.workerId());
        Gauge.builder("mainstay.worker.connected", worker, w -> w.isConnected() ? 1 : 0)
                .description("1 while the worker is registered with the runtime, else 0")
                .tags(tags).register(registry);
        Gauge.builder("mainstay.worker.runs.active", worker, Worker::inFlight)
                .description("runs the worker executes now")
                .tags(tags).register(registry);
        Gauge.builder("mainstay.worker.capacity", worker, Worker::capacity)
                .description("runs the worker accepts at once")
                .tags(tags).register(registry);
        FunctionCounter.builder("mainstay.worker.dispatches", worker, Worker::dispatches)
                .description("runs dispatched to the worker; a run handed back and dispatched again counts again")
                .tags(tags).register(registry);
    }
}
