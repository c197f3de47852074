package dev.mainstay.spring;

import dev.mainstay.sdk.Worker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The worker's health, as {@code mainstay} in {@code /actuator/health}: UP while its stream is
 * connected and registered with the runtime, DOWN while it is trying to (the runtime is down or
 * unreachable, the token was refused: its log says which), OUT_OF_SERVICE before it was started
 * and once it drained.
 */
final class MainstayHealthIndicator implements HealthIndicator {
    private final Worker worker;
    private final MainstayWorkerLifecycle lifecycle;

    MainstayHealthIndicator(Worker worker, MainstayWorkerLifecycle lifecycle) {
        this.worker = worker;
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        Health.Builder health;
        if (lifecycle != null && !lifecycle.isRunning()) {
            health = Health.outOfService().withDetail("reason", "the worker is not started, or has drained");
        } else if (worker.isConnected()) {
            health = Health.up();
        } else {
            health = Health.down().withDetail("reason", "the worker is not registered with the runtime; it keeps"
                    + " trying (its log says why it could not)");
        }
        return health.withDetail("workerId", worker.workerId())
                .withDetail("runsInFlight", worker.inFlight())
                .withDetail("capacity", worker.capacity())
                .build();
    }
}
