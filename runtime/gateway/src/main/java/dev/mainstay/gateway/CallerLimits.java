package dev.mainstay.gateway;

import dev.mainstay.engine.auth.Principal;
import dev.mainstay.protocol.ErrorCode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What one token may hold of the runtime at once, so that one team's runaway loop cannot starve the
 * others: starts per second (a token bucket holding one second's worth: 429 {@code RATE_LIMITED}
 * with {@code Retry-After}), and long-polls ({@code ?wait=}) and event streams open at once (429
 * {@code LIMIT_EXCEEDED}). Kept per token id, and there are at most as many as live tokens; with
 * {@code --auth none} every caller is one.
 */
final class CallerLimits {
    private final int startsPerSecond;
    private final int maxWaits;
    private final int maxStreams;
    private final LongSupplier nanos;
    private final ConcurrentMap<String, Caller> callers = new ConcurrentHashMap<>();

    CallerLimits(int startsPerSecond, int maxWaits, int maxStreams, LongSupplier nanos) {
        this.startsPerSecond = startsPerSecond;
        this.maxWaits = maxWaits;
        this.maxStreams = maxStreams;
        this.nanos = nanos;
    }

    static CallerLimits of(GatewayLimits limits) {
        return new CallerLimits(limits.startsPerSecondPerToken(), limits.waitsPerToken(), limits.streamsPerToken(), System::nanoTime);
    }

    /** One start by {@code principal}, or {@link RateLimitedException} when its bucket is empty. */
    void start(Principal principal) {
        long waitNanos = caller(principal).take(nanos.getAsLong());
        if (waitNanos > 0) {
            throw new RateLimitedException("token " + principal.tokenId() + " started more than " + startsPerSecond
                    + " runs in a second (--token-starts-per-second); try again shortly", waitNanos);
        }
    }

    /** A long-poll held by {@code principal} until the slot is closed. */
    Slot openWait(Principal principal) {
        Caller caller = caller(principal);
        return open(caller.waits, maxWaits, "long-polls (?wait=)", "--token-max-waits", principal);
    }

    /** An event stream held by {@code principal} until the slot is closed. */
    Slot openStream(Principal principal) {
        Caller caller = caller(principal);
        return open(caller.streams, maxStreams, "event streams", "--token-max-streams", principal);
    }

    private static Slot open(AtomicInteger held, int max, String what, String flag, Principal principal) {
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            throw new ApiException(ErrorCode.LIMIT_EXCEEDED, "token " + principal.tokenId() + " already holds " + max
                    + " " + what + " open (" + flag + "); close one or try again shortly");
        }
        return held::decrementAndGet;
    }

    private Caller caller(Principal principal) {
        return callers.computeIfAbsent(principal.tokenId(), id -> new Caller(startsPerSecond, nanos.getAsLong()));
    }

    /** Held while a long-poll or stream is open; closing it gives the place back. */
    @FunctionalInterface
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Caller {
        final AtomicInteger waits = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();
        private final int perSecond;
        private double tokens;
        private long refilledAt;

        Caller(int perSecond, long now) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.refilledAt = now;
        }

        /** Takes one start: 0 when allowed, else how long until one is there. */
        synchronized long take(long now) {
            tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * 1e9 / perSecond);
        }
    }

    /** A start refused for the caller's rate, with how long until the next one is allowed. */
    static final class RateLimitedException extends dev.mainstay.protocol.MainstayException {
        private final long retryAfterNanos;

        RateLimitedException(String message, long retryAfterNanos) {
            super(ErrorCode.RATE_LIMITED, message);
            this.retryAfterNanos = retryAfterNanos;
        }

        /** Whole seconds, at least 1, as Retry-After takes them. */
        long retryAfterSeconds() {
            return Math.max(1, (long) Math.ceil(retryAfterNanos / 1e9));
        }
    }
}
