package dev.mainstay.store;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Signals for an engine without LISTEN/NOTIFY (CockroachDB, YugabyteDB in some versions): nothing
 * is sent; every tick tells the node that anything may have changed, and it reads the store again.
 */
final class PollingSignals implements Signals {
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mainstay-signals-poll").daemon(true).factory());
    private final long intervalMs;

    PollingSignals(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    @Override
    public void publish(Signal signal) {}

    @Override
    public void subscribe(Consumer<Collection<Signal>> handler) {
        ticks.scheduleWithFixedDelay(() -> {
            try {
                handler.accept(List.of(Signal.ALL));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(PollingSignals.class).warn("event=signal_handler_failed error={}", e.toString());
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }
}
