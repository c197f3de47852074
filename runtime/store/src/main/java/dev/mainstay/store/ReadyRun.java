package dev.mainstay.store;

/**
 * A run that waits for a worker of its component; {@code buildId} is the build it is pinned to, or
 * null; {@code priority} orders it among the waiting runs (higher first).
 */
public record ReadyRun(String id, String component, String buildId, int priority) {
    public ReadyRun(String id, String component, String buildId) {
        this(id, component, buildId, 0);
    }

    public ReadyRun(String id, String component) {
        this(id, component, null, 0);
    }
}
