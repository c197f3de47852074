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
 */
final class HttpAccess {
    static final String PRINCIPAL = "mainstay.principal";
    private static final Pattern UI_FILE = Pattern.compile("/ui(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?");

    private final Tokens tokens;
    private final boolean metricsPublic;

    HttpAccess(Tokens tokens, boolean metricsPublic) {
        this.tokens = tokens;
        this.metricsPublic = metricsPublic;
    }

    /** Lets the call through, with its {@link Principal} as the attribute {@value #PRINCIPAL}, or throws. */
    void check(Context ctx) {
        Permission needed = permission(ctx.method().name(), ctx.path(), metricsPublic);
        if (needed == null) {
            return;
        }
        Principal principal = tokens.authenticate(ctx.header("Authorization"));
        principal.require(needed, ctx.method().name() + " " + Text.clip(ctx.path()));
        ctx.attribute(PRINCIPAL, principal);
    }

    /** What a call on {@code path} needs; null for an open one. */
    static Permission permission(String method, String path, boolean metricsPublic) {
        if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/") || isUiFile(path)) {
            return null;
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

    /** The caller of a call {@link #check} let through. */
    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("no principal on " + ctx.path() + ": the access check did not run");
        }
        return principal;
    }
}
