package dev.mainstay.store;

/**
 * A webhook: a delivery to it, signed by {@code provider}'s scheme with {@code secret}, starts a run
 * of {@code workflow}. {@code name} and {@code workflow} are the qualified names the store keeps
 * ({@code <namespace>/<name>}); {@code createdBy} is the id of the token that made it (may be null).
 */
public record WebhookRecord(String name, String workflow, String provider, String secret, long createdAtMs,
                            String createdBy) {
    @Override
    public String toString() { // never the secret, should a record reach a log line
        return "WebhookRecord[name=" + name + ", workflow=" + workflow + ", provider=" + provider + "]";
    }
}
