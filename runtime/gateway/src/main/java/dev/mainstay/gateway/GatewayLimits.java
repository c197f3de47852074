package dev.mainstay.gateway;

import java.time.Duration;

/**
 * The HTTP gateway's limits, each a flag of {@code mainstay server}. {@code maxWait}: the longest
 * long-poll ({@code ?wait=}) a request may ask for ({@code --max-wait}); {@code maxWatchersPerRun}
 * and {@code maxWatchers}: open event streams ({@code GET /v1/runs/{id}/events}) on one run and in
 * all ({@code --max-watchers-per-run}, {@code --max-watchers}); {@code allowedHosts}: the names a
 * request's {@code Host} may carry besides localhost, 127.0.0.1, [::1] and the bind address
 * ({@code --allowed-hosts}; {@code *} allows any), see {@link BrowserGuards}.
 */
public record GatewayLimits(Duration maxWait, int maxWatchersPerRun, int maxWatchers, java.util.List<String> allowedHosts) {
    public GatewayLimits {
        allowedHosts = java.util.List.copyOf(allowedHosts);
        for (String host : allowedHosts) {
            if (!host.equals("*") && BrowserGuards.hostName(host) == null) {
                throw new IllegalArgumentException("--allowed-hosts holds '" + host + "'; use host names such as mainstay.example.com, or *");
            }
        }
        if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--max-wait was " + maxWait + "; use 0s..1h");
        }
        if (maxWatchersPerRun < 1 || maxWatchersPerRun > 100_000) {
            throw new IllegalArgumentException("--max-watchers-per-run was " + maxWatchersPerRun + "; use 1..100000");
        }
        if (maxWatchers < maxWatchersPerRun || maxWatchers > 1_000_000) {
            throw new IllegalArgumentException("--max-watchers was " + maxWatchers + "; use " + maxWatchersPerRun
                    + " (--max-watchers-per-run)..1000000");
        }
    }

    public static GatewayLimits defaults() {
        return new GatewayLimits(Duration.ofMinutes(5), 16, 1024, java.util.List.of());
    }

    public GatewayLimits withMaxWait(Duration maxWait) {
        return new GatewayLimits(maxWait, maxWatchersPerRun, maxWatchers, allowedHosts);
    }

    public GatewayLimits withMaxWatchers(int perRun, int total) {
        return new GatewayLimits(maxWait, perRun, total, allowedHosts);
    }

    public GatewayLimits withAllowedHosts(java.util.List<String> hosts) {
        return new GatewayLimits(maxWait, maxWatchersPerRun, maxWatchers, hosts);
    }

    /** A flag's duration ({@code 5m}, {@code 300s}, {@code 1h}), read as the API reads {@code ?wait=}. */
    public static Duration parseDuration(String flag, String raw) {
        java.math.BigDecimal millis = Durations.millis(raw);
        if (millis == null || millis.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(flag + " was '" + raw + "'; use e.g. 30s, 5m or 1h");
        }
        return Duration.ofMillis(millis.longValue());
    }
}
