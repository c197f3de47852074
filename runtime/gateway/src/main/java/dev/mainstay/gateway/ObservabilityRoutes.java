package dev.mainstay.gateway;

import dev.mainstay.engine.Engine;
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
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(telemetry.metrics().scrape()));
        app.get("/v1/stats", ctx -> stats(ctx, engine));
        app.get("/", ctx -> ctx.redirect("/ui/index.html"));
    }

    private static void stats(Context ctx, Engine engine) {
        Duration window = window(ctx.queryParam("window"));
        long now = System.currentTimeMillis();
        ctx.json(Overview.of(engine.stats(now - window.toMillis()), window.toMillis()));
    }

    /** {@code 15m}, {@code 1h}, {@code 24h}, {@code 7d}; 1 hour by default, at most 7 days. */
    static Duration window(String raw) {
        if (raw == null || raw.isBlank()) {
            return Duration.ofHours(1);
        }
        try {
            String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d = switch (v.charAt(v.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
            if (d.isNegative() || d.isZero() || d.compareTo(MAX_WINDOW) > 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "window was '" + raw + "'; use e.g. 15m, 1h, 24h or 7d (at most 7d)");
        }
    }
}
