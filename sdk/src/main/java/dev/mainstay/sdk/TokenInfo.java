package dev.mainstay.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * An API token as the runtime lists it: never its secret. {@code role} is admin, client, worker or
 * reader; {@code status} live, expired or revoked; {@code createdBy} the id of the token that made it
 * ({@code bootstrap} for the runtime's first admin token).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenInfo(String id, String namespace, String role, String description, Instant createdAt,
                        String createdBy, Instant expiresAt, Instant revokedAt, String status) {}
