package dev.mainstay.gateway;

import static dev.mainstay.gateway.JsonObjects.text;

import dev.mainstay.engine.auth.Permission;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.engine.auth.Tokens;
import dev.mainstay.protocol.ErrorCode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;

/**
 * The web UI's login and logout ({@link BrowserSessions}):
 *
 * <pre>
 * POST   /v1/session {"token": "mst_..."} → 200 {tokenId, namespace, role}, Set-Cookie: mainstay_session=...
 * GET    /v1/session                      → 200 {tokenId, namespace, role, via: "cookie" | "bearer"}
 * DELETE /v1/session                      → 200 {"loggedOut": true}, the cookie cleared
 * </pre>
 *
 * A login needs a token that may read (admin, client, reader; a worker token is 403): the UI is
 * for looking at runs. The cookie is HttpOnly and SameSite=Strict, and Secure when the port speaks
 * TLS. POST and DELETE are open in {@link HttpAccess} (a login checks the token it is given; a
 * logout ends only the session its own cookie names); {@link BrowserGuards} refuses both from a
 * foreign origin, so no other site can log a browser in or out.
 */
final class SessionRoutes {
    static final String PATH = "/v1/session";
    private static final Set<String> FIELDS = Set.of("token");

    private final Tokens tokens;
    private final BrowserSessions sessions;
    private final HttpGateway gateway;
    private final boolean secure;

    SessionRoutes(Tokens tokens, BrowserSessions sessions, HttpGateway gateway, boolean secure) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.gateway = gateway;
        this.secure = secure;
    }

    void register(Javalin app) {
        app.post(PATH, this::login);
        app.get(PATH, ctx -> {
            Map<String, Object> view = new java.util.LinkedHashMap<>(view(HttpAccess.principal(ctx)));
            view.put("via", ctx.header("Authorization") == null ? "cookie" : "bearer");
            ctx.json(view);
        });
        app.delete(PATH, ctx -> {
            sessions.end(ctx.cookie(BrowserSessions.COOKIE));
            ctx.header("Set-Cookie", BrowserSessions.cleared(secure));
            ctx.json(Map.of("loggedOut", true));
        });
    }

    private void login(Context ctx) throws Exception {
        String token = text(JsonObjects.of(HttpGateway.parse(gateway.body(ctx)), FIELDS, "{\"token\": \"mst_...\"}"),
                "token");
        if (token == null || token.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "token is missing; paste a token of this runtime"
                    + " (mainstay tokens create --role reader, or the admin token in <data-dir>/admin.token)");
        }
        String authorization = "Bearer " + token.strip();
        Principal principal = tokens.authenticate(authorization); // 401 naming what is wrong, never the token
        principal.require(Permission.READ, "logging in to the web UI");
        String id = sessions.open(authorization, principal, System.currentTimeMillis());
        ctx.header("Set-Cookie", BrowserSessions.cookie(id, secure));
        ctx.header("Cache-Control", "no-store");
        ctx.json(view(principal));
    }

    private static Map<String, Object> view(Principal principal) {
        return Map.of("tokenId", principal.tokenId(), "namespace", principal.namespace(),
                "role", principal.role().name().toLowerCase(java.util.Locale.ROOT));
    }
}
