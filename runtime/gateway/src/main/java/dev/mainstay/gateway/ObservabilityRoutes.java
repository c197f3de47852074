package dev.mainstay.gateway;

import dev.mainstay.engine.Engine;
import dev.mainstay.engine.auth.Permission;
import dev.mainstay.engine.auth.Principal;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.telemetry.Telemetry;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * The routes of observability: {@code /metrics} (Prometheus text), {@code /v1/stats} (the UI's
 * overview), and the web UI itself under {@code /ui} ({@code /} redirects there).
 */
final class ObservabilityRoutes {
    private static final Duration MAX_WINDOW = Duration.ofDays(7);

    private ObservabilityRoutes() {}

    static void register(Javalin app, Engine engine, Telemetry telemetry) {
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(telemetry.metrics().scrape(scrapedNamespace(ctx))));
        app.get("/v1/stats", ctx -> stats(ctx, engine));
        app.get("/", ctx -> ctx.redirect("/ui/index.html"));
    }

    private static void stats(Context ctx, Engine engine) {
        Duration window = window(ctx.queryParam("window"));
        long now = System.currentTimeMillis();
        ctx.json(Overview.of(engine.stats(now - window.toMillis(), CallScope.listedPrefix(ctx)), window.toMillis()));
    }

    /**
     * Whose series a scrape shows: all for an admin token or a public {@code /metrics}; a token of one
     * namespace sees that namespace's series and the runtime-wide ones (JVM, commits, workers), never
     * another namespace's workflow names or counts.
     */
    private static String scrapedNamespace(Context ctx) {
        Principal principal = HttpAccess.principalOrNull(ctx);
        return principal == null || principal.role().allows(Permission.ANY_NAMESPACE) ? null : principal.namespace();
    }

    /** {@code 15m}, {@code 1h}, {@code 24h}, {@code 7d}; 1 hour by default, at most 7 days. */
    static Duration window(String raw) {
        if (raw == null || raw.isBlank()) {
            return Duration.ofHours(1);
        }
        String forms = "e.g. 15m, 1h, 24h or 7d (at most 7d)";
        Duration d = Durations.parse("window", raw, MAX_WINDOW, forms, "the stats keep 7 days");
        if (d.toMillis() < 1_000) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "window was '" + Text.clip(raw) + "'; use " + forms);
        }
        return d;
    }
}
