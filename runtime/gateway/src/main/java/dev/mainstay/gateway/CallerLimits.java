package dev.mainstay.gateway;

import dev.mainstay.engine.auth.Principal;
import dev.mainstay.protocol.ErrorCode;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * What one token may hold of the runtime at once, so that one team's runaway loop cannot starve the
 * others: starts per second (a token bucket holding one second's worth: 429 {@code RATE_LIMITED}
 * with {@code Retry-After}), and long-polls ({@code ?wait=}) and event streams open at once (429
 * {@code LIMIT_EXCEEDED}). Kept per token id, and there are at most as many as live tokens; with
 * {@code --auth none} every caller is one.
 *
 * <p>A held place ends with its token: a long-poll or a stream was let in when its token was live,
 * and must not outlive a revocation or an expiry by minutes. {@link #endToken} (told by
 * {@code Tokens.onEnded}) completes {@link Slot#ended()} of every place the token holds, and the
 * holder lets go at once (the long-poll answers 401, the stream says why and closes). The tokens
 * holding places are re-checked with the trusted ones ({@link #holding}), so an expiry, a
 * revocation on another node, or one that committed while a place was being opened, ends them too
 * within the re-check's second.
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
        return open(caller, caller.waits, maxWaits, "long-polls (?wait=)", "--token-max-waits", principal);
    }

    /** An event stream held by {@code principal} until the slot is closed. */
    Slot openStream(Principal principal) {
        Caller caller = caller(principal);
        return open(caller, caller.streams, maxStreams, "event streams", "--token-max-streams", principal);
    }

    private static Slot open(Caller caller, AtomicInteger held, int max, String what, String flag, Principal principal) {
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            throw new ApiException(ErrorCode.LIMIT_EXCEEDED, "token " + principal.tokenId() + " already holds " + max
                    + " " + what + " open (" + flag + "); close one or try again shortly");
        }
        Slot slot = new Slot(principal.tokenId(), caller, held);
        caller.slots.add(slot);
        return slot;
    }

    /**
     * The token {@code tokenId} ended (revoked, expired, gone): every place it holds ends now. Its
     * bucket and counters go too; a token never comes back.
     */
    void endToken(String tokenId) {
        Caller caller = callers.remove(tokenId);
        if (caller != null) {
            caller.slots.forEach(Slot::end);
        }
    }

    /** The ids of the tokens that hold a long-poll or a stream open now. */
    Collection<String> holding() {
        return callers.entrySet().stream().filter(e -> !e.getValue().slots.isEmpty()).map(Map.Entry::getKey).toList();
    }

    private Caller caller(Principal principal) {
        return callers.computeIfAbsent(principal.tokenId(), id -> new Caller(startsPerSecond, nanos.getAsLong()));
    }

    /**
     * Held while a long-poll or stream is open; closing it gives the place back. {@link #ended()}
     * completes when the token that holds it ends: the holder must then let go.
     */
    static final class Slot implements AutoCloseable {
        private final String tokenId;
        private final Caller caller;
        private final AtomicInteger held;
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(String tokenId, Caller caller, AtomicInteger held) {
            this.tokenId = tokenId;
            this.caller = caller;
            this.held = held;
        }

        /** Completes (on the thread that ends the token) when the token is revoked or expires. */
        CompletableFuture<Void> ended() {
            return ended;
        }

        /** Why the holder lets go, for the 401 or the stream's last event; never the secret. */
        String endedMessage(String what) {
            return "token " + tokenId + " was revoked or expired while this " + what + " was open; ask its admin for another";
        }

        private void end() {
            ended.complete(null);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                held.decrementAndGet();
                caller.slots.remove(this);
            }
        }
    }

    private static final class Caller {
        final AtomicInteger waits = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();
        final Set<Slot> slots = ConcurrentHashMap.newKeySet();
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
