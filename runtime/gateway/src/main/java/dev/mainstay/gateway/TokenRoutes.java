package dev.mainstay.gateway;

import static dev.mainstay.gateway.JsonObjects.text;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.engine.auth.IssuedToken;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.engine.auth.Role;
import dev.mainstay.engine.auth.Tokens;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.TokenRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * /v1/tokens (admin only, see {@link HttpAccess}): create, list and revoke API tokens. A token's
 * secret is in the answer to its creation and nowhere else, ever.
 *
 * <pre>
 * POST   /v1/tokens {"namespace": "payments", "role": "worker", "expires": "30d", "description": "ci"}
 *        → 201 {"token": "mst_...", "id": "tok_...", ...}
 * GET    /v1/tokens            → {"tokens": [{"id", "namespace", "role", "status", ...}]}
 * DELETE /v1/tokens/{id}       → 200, the token revoked (it stays listed)
 * </pre>
 */
final class TokenRoutes {
    private static final Set<String> FIELDS = Set.of("namespace", "role", "expires", "description");
    private static final Duration MAX_EXPIRY = Duration.ofDays(3650);

    private final Tokens tokens;
    private final HttpGateway gateway;

    TokenRoutes(Tokens tokens, HttpGateway gateway) {
        this.tokens = tokens;
        this.gateway = gateway;
    }

    void register(Javalin app) {
        app.post("/v1/tokens", this::create);
        app.get("/v1/tokens", ctx -> ctx.json(java.util.Map.of("tokens", tokens.list().stream().map(View::of).toList())));
        app.delete("/v1/tokens/{id}", ctx -> {
            Principal by = HttpAccess.principal(ctx);
            ctx.json(View.of(tokens.revoke(Names.check("token id", ctx.pathParam("id")), by.tokenId())));
        });
    }

    private void create(Context ctx) throws Exception {
        JsonNode body = JsonObjects.of(HttpGateway.parse(gateway.body(ctx)), FIELDS,
                "{\"role\": \"client\", \"namespace\": ...}");
        String roleName = text(body, "role");
        if (roleName == null) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "role is missing; use admin, client, worker or reader");
        }
        String expires = text(body, "expires");
        try {
            Role role = Role.parse(roleName);
            Duration expiresIn = expires == null ? null
                    : Durations.parse("expires", expires, MAX_EXPIRY, "e.g. 12h, 30d or 365d", "at most 10 years");
            IssuedToken issued = tokens.create(text(body, "namespace"), role, expiresIn, text(body, "description"),
                    HttpAccess.principal(ctx).tokenId());
            ctx.status(201).json(new Created(issued.secret(), View.of(issued.record())));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /** The answer to a creation: the secret, once, beside the token's view. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Created(String token, String id, String namespace, String role, String description, Instant createdAt,
                   String createdBy, Instant expiresAt, String status) {
        Created(String token, View view) {
            this(token, view.id(), view.namespace(), view.role(), view.description(), view.createdAt(), view.createdBy(),
                    view.expiresAt(), view.status());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String id, String namespace, String role, String description, Instant createdAt, String createdBy,
                Instant expiresAt, Instant revokedAt, String status) {
        static View of(TokenRecord t) {
            long now = System.currentTimeMillis();
            String status = t.revokedAtMs() != null ? "revoked" : t.liveAt(now) ? "live" : "expired";
            return new View(t.id(), t.namespace(), t.role(), t.description(), Instant.ofEpochMilli(t.createdAtMs()),
                    t.createdBy(), t.expiresAtMs() == null ? null : Instant.ofEpochMilli(t.expiresAtMs()),
                    t.revokedAtMs() == null ? null : Instant.ofEpochMilli(t.revokedAtMs()), status);
        }
    }
}
