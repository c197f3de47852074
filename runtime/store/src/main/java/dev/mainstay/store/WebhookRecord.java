package dev.mainstay.store;

/**
 * A webhook: a delivery to it, signed by {@code provider}'s scheme with {@code secret}, starts a run
 * of {@code workflow}. {@code name} and {@code workflow} are the qualified names the store keeps
 * ({@code <namespace>/<name>}); {@code createdBy} is the id of the token that made it (may be null).
 * With {@code correlate} (where the target run's idempotency key is in the body, {@code $.order.id}), a
 * delivery does not start a run: it is the event {@code event} to the run of {@code workflow} with that key.
 */
public record WebhookRecord(String name, String workflow, String provider, String secret, long createdAtMs,
                            String createdBy, String correlate, String event) {
    /** A webhook that starts runs. */
    public WebhookRecord(String name, String workflow, String provider, String secret, long createdAtMs, String createdBy) {
        this(name, workflow, provider, secret, createdAtMs, createdBy, null, null);
    }

    public boolean correlates() {
        return correlate != null;
    }

    @Override
    public String toString() { // never the secret, should a record reach a log line
        return "WebhookRecord[name=" + name + ", workflow=" + workflow + ", provider=" + provider
                + (correlate == null ? "" : ", correlate=" + correlate + ", event=" + event) + "]";
    }
}
