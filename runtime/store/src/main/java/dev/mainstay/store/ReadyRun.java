package dev.mainstay.store;

/** A run that waits for a worker of its component; {@code buildId} is the build it is pinned to, or null. */
public record ReadyRun(String id, String component, String buildId) {
    public ReadyRun(String id, String component) {
        this(id, component, null);
    }
}
