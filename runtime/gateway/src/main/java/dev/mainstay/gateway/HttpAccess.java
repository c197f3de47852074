package dev.mainstay.gateway;

import dev.mainstay.engine.auth.Permission;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.engine.auth.Tokens;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * Who may make an HTTP call, checked before any route. Closed by default: only the health checks,
 * the web UI's static files (and {@code /metrics} with {@code --metrics-public}) are open; every other
 * path, known or not, needs a live token ({@code 401 UNAUTHENTICATED}) whose role allows the call
 * ({@code 403 FORBIDDEN}): tokens need {@link Permission#MANAGE_TOKENS}, other reads
 * {@link Permission#READ}, other writes {@link Permission#WRITE}. An open path must be plain (no
 * {@code ..}, escapes or empty segments), so no spelling of a protected path passes as an open one.
 *
 * <p>A browser shows the token through the web UI's session cookie ({@link BrowserSessions}) when it
 * sends no {@code Authorization}: the session's token is checked as if it were sent. A cookie goes
 * with every request the browser makes to this origin, whoever's page asked for it, so a
 * state-changing request on a cookie must also carry an {@code Origin}, and {@link BrowserGuards}
 * (which runs first) has checked that it is this runtime's own; SameSite=Strict keeps the cookie
 * off other sites' requests in the first place.
 */
final class HttpAccess {
    static final String PRINCIPAL = "mainstay.principal";
    private static final Pattern UI_FILE = Pattern.compile("/ui(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?");

    private static final java.util.Set<String> CHANGING = java.util.Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Tokens tokens;
    private final boolean metricsPublic;
    private final BrowserSessions sessions;

    HttpAccess(Tokens tokens, boolean metricsPublic, BrowserSessions sessions) {
        this.tokens = tokens;
        this.metricsPublic = metricsPublic;
        this.sessions = sessions;
    }

    /** Lets the call through, with its {@link Principal} as the attribute {@value #PRINCIPAL}, or throws. */
    void check(Context ctx) {
        Permission needed = permission(ctx.method().name(), ctx.path(), metricsPublic);
        if (needed == null) {
            return;
        }
        String authorization = ctx.header("Authorization");
        String session = authorization == null ? ctx.cookie(BrowserSessions.COOKIE) : null;
        Principal principal = session != null ? bySession(ctx, session) : tokens.authenticate(authorization);
        principal.require(needed, ctx.method().name() + " " + Text.clip(ctx.path()));
        ctx.attribute(PRINCIPAL, principal);
    }

    /** The caller of a live session; its token checked again, so a revoked one ends the session here. */
    private Principal bySession(Context ctx, String id) {
        if (CHANGING.contains(ctx.method().name()) && ctx.header("Origin") == null) {
            throw new ApiException(dev.mainstay.protocol.ErrorCode.FORBIDDEN, ctx.method().name() + " "
                    + Text.clip(ctx.path()) + " with the web UI's session cookie must come from one of its pages (it"
                    + " carries no Origin); other clients send Authorization: Bearer <token>");
        }
        BrowserSessions.Session session = sessions.find(id, System.currentTimeMillis());
        if (session == null) {
            throw new dev.mainstay.engine.auth.UnauthenticatedException("the web UI session has ended (logged out,"
                    + " past its 12 hours, or the runtime restarted); log in again");
        }
        try {
            return tokens.authenticate(session.authorization());
        } catch (dev.mainstay.engine.auth.UnauthenticatedException ended) {
            sessions.end(id);
            throw ended;
        }
    }

    /** What a call on {@code path} needs; null for an open one. */
    static Permission permission(String method, String path, boolean metricsPublic) {
        if (path.equals(SessionRoutes.PATH) && (method.equals("POST") || method.equals("DELETE"))) {
            return null; // a login checks the token it is given; a logout ends only its own cookie's session
        }
        if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/") || isUiFile(path)) {
            return null;
        }
        if (WebhookRoutes.isDelivery(method, path)) {
            return null; // a provider has no token: the delivery's signature is checked instead (WebhookSignatures)
        }
        if (path.equals("/metrics")) {
            return metricsPublic ? null : Permission.READ_METRICS;
        }
        if (path.equals("/v1/tokens") || path.startsWith("/v1/tokens/")) {
            return Permission.MANAGE_TOKENS;
        }
        return method.equals("GET") || method.equals("HEAD") ? Permission.READ : Permission.WRITE;
    }

    private static boolean isUiFile(String path) {
        return UI_FILE.matcher(path).matches() && !path.contains("..");
    }

    /**
     * Who the journal and the run record as having done this call: the id of its token, never its
     * secret; null under {@code --auth none}, where no one is known.
     */
    static String actor(Context ctx) {
        Principal principal = principal(ctx);
        return principal == Principal.LOCAL_DEVELOPMENT ? null : principal.tokenId();
    }

    /** The caller of a call {@link #check} let through; null for an open call (no token asked). */
    static Principal principalOrNull(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /** The caller of a call {@link #check} let through. */
    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("no principal on " + ctx.path() + ": the access check did not run");
        }
        return principal;
    }
}
