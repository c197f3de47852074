package dev.mainstay.store;

/**
 * An API token as stored: never its secret, only the secret's SHA-256 ({@code secretHash}, hex).
 * {@code role} is the name of the role it grants; {@code createdBy} the id of the token that made it
 * ({@code bootstrap} for the runtime's own admin token). It is live until {@code expiresAtMs} (null:
 * never) or its revocation.
 */
public record TokenRecord(String id, String secretHash, String namespace, String role, String description,
                          long createdAtMs, String createdBy, Long expiresAtMs, Long revokedAtMs) {

    /** Neither revoked nor expired at {@code nowMs}. */
    public boolean liveAt(long nowMs) {
        return revokedAtMs == null && (expiresAtMs == null || expiresAtMs > nowMs);
    }

    public TokenRecord revokedAt(long nowMs) {
        return new TokenRecord(id, secretHash, namespace, role, description, createdAtMs, createdBy, expiresAtMs, nowMs);
    }
}
