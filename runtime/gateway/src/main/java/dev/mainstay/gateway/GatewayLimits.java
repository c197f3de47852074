package dev.mainstay.gateway;

import java.time.Duration;

/**
 * The HTTP gateway's limits, each a flag of {@code mainstay server}. {@code maxWait}: the longest
 * long-poll ({@code ?wait=}) a request may ask for ({@code --max-wait}); {@code maxWatchersPerRun}
 * and {@code maxWatchers}: open event streams ({@code GET /v1/runs/{id}/events}) on one run and in
 * all ({@code --max-watchers-per-run}, {@code --max-watchers}); {@code allowedHosts}: the names a
 * request's {@code Host} may carry besides localhost, 127.0.0.1, [::1] and the bind address
 * ({@code --allowed-hosts}; {@code *} allows any), see {@link BrowserGuards}; the last three, what
 * one token may hold ({@code --token-starts-per-second}, {@code --token-max-waits},
 * {@code --token-max-streams}), see {@link CallerLimits}.
 */
public record GatewayLimits(Duration maxWait, int maxWatchersPerRun, int maxWatchers, java.util.List<String> allowedHosts,
                            int startsPerSecondPerToken, int waitsPerToken, int streamsPerToken) {
    public GatewayLimits {
        check("--token-starts-per-second", startsPerSecondPerToken, 1_000_000);
        check("--token-max-waits", waitsPerToken, 1_000_000);
        check("--token-max-streams", streamsPerToken, 1_000_000);
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
        return new GatewayLimits(Duration.ofMinutes(5), 16, 1024, java.util.List.of(), 5_000, 1_024, 256);
    }

    public GatewayLimits withMaxWait(Duration maxWait) {
        return new GatewayLimits(maxWait, maxWatchersPerRun, maxWatchers, allowedHosts, startsPerSecondPerToken, waitsPerToken,
                streamsPerToken);
    }

    public GatewayLimits withMaxWatchers(int perRun, int total) {
        return new GatewayLimits(maxWait, perRun, total, allowedHosts, startsPerSecondPerToken, waitsPerToken, streamsPerToken);
    }

    public GatewayLimits withAllowedHosts(java.util.List<String> hosts) {
        return new GatewayLimits(maxWait, maxWatchersPerRun, maxWatchers, hosts, startsPerSecondPerToken, waitsPerToken,
                streamsPerToken);
    }

    /** What one token may hold at once: see {@link CallerLimits}. */
    public GatewayLimits withPerToken(int startsPerSecond, int waits, int streams) {
        return new GatewayLimits(maxWait, maxWatchersPerRun, maxWatchers, allowedHosts, startsPerSecond, waits, streams);
    }

    private static void check(String flag, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(flag + " was " + value + "; use 1.." + max);
        }
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
