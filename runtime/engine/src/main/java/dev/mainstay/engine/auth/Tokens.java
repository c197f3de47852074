package dev.mainstay.engine.auth;

import dev.mainstay.engine.Namespaces;

import dev.mainstay.engine.Engine;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.StoreUnavailableException;
import dev.mainstay.store.TokenRecord;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's tokens: makes them, checks them, revokes them. The gateway asks it about every HTTP
 * call, the coordinator about every worker stream (once, when the stream opens).
 *
 * <p><b>Trust, and how it ends.</b> A token checked once is trusted from memory (by the hash of its
 * secret) so that a call costs no store read. Trust must end the moment a token is revoked, on every
 * node. A revocation made on this node drops the token from memory as soon as it is committed, and
 * tells the listeners ({@link #onEnded}: the coordinator closes the token's worker streams). A
 * revocation made on another node of the same PostgreSQL database reaches this one through the
 * re-check: every {@value #RECHECK_MS} ms the node reads again the tokens it trusts and those its open
 * streams use ({@link #inUse}), and ends the ones revoked, expired or gone. So a revocation takes
 * effect at once on its own node, and on the others within {@value #RECHECK_MS} ms plus one store
 * read. A check that read the store while a revocation committed does not keep what it read: the
 * revocation counter tells it that its record may predate the revocation.
 *
 * <p>With {@code --auth none} ({@link #disabled}) every caller is {@link Principal#LOCAL_DEVELOPMENT};
 * tokens can still be made and listed, for a runtime about to be restarted with auth on.
 */
public final class Tokens implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tokens.class);
    public static final String DEFAULT_NAMESPACE = Namespaces.DEFAULT;
    /** Live tokens one runtime may hold (a caller with the admin role could grow the table otherwise). */
    public static final int MAX_LIVE = 10_000;
    /** How often a node re-reads the tokens it trusts: the bound on a revocation made on another node. */
    public static final long RECHECK_MS = 1_000;
    /** Tokens trusted from memory at most; past it the memory starts over (the store still has them). */
    private static final int TRUSTED_MAX = 10_000;
    private static final int MAX_DESCRIPTION = 256;

    private final JournalStore store;
    private final boolean required;
    /** Trusted tokens by the hash of their secret. */
    private final Map<String, TokenRecord> trusted = new ConcurrentHashMap<>();
    private final AtomicLong revocations = new AtomicLong();
    private final List<Consumer<String>> endedListeners = new CopyOnWriteArrayList<>();
    private final List<Supplier<Collection<String>>> inUse = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService rechecks;

    /** {@code recheckMs} 0: no re-checks but those a test makes ({@link #recheck()}). */
    Tokens(JournalStore store, boolean required, long recheckMs) {
        this.store = store;
        this.required = required;
        this.rechecks = required && recheckMs > 0 ? Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("mainstay-token-rechecks").daemon(true).factory()) : null;
        if (rechecks != null) {
            rechecks.scheduleWithFixedDelay(this::recheck, recheckMs, recheckMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Every call needs a live token. */
    public static Tokens required(JournalStore store) {
        return new Tokens(store, true, RECHECK_MS);
    }

    /** {@code --auth none}: every call is let through as {@link Principal#LOCAL_DEVELOPMENT}. */
    public static Tokens disabled(JournalStore store) {
        return new Tokens(store, false, 0);
    }

    public boolean isRequired() {
        return required;
    }

    /**
     * Who calls, from the {@code Authorization} value they sent (null when none); throws
     * {@link UnauthenticatedException} when the token is missing, malformed, unknown, expired or revoked.
     */
    public Principal authenticate(String authorization) {
        if (!required) {
            return Principal.LOCAL_DEVELOPMENT;
        }
        String hash = TokenSecret.hash(BearerToken.parse(authorization));
        long now = System.currentTimeMillis();
        TokenRecord token = trusted.get(hash);
        if (token == null) {
            long seen = revocations.get();
            token = read(hash).orElseThrow(() -> new UnauthenticatedException(
                    "the bearer token is not a token of this runtime; ask its admin for one (mainstay tokens create)"));
            refuseEnded(token, now);
            if (trusted.size() >= TRUSTED_MAX) {
                trusted.clear();
            }
            trusted.put(hash, token);
            if (revocations.get() != seen) {
                trusted.remove(hash); // what was read may predate a revocation committed meanwhile
            }
        } else if (!token.liveAt(now)) {
            trusted.remove(hash);
            refuseEnded(token, now);
        }
        return principal(token);
    }

    private Optional<TokenRecord> read(String hash) {
        try {
            return store.tokenByHash(hash);
        } catch (RuntimeException e) {
            throw StoreUnavailableException.readFailed("check the token", e);
        }
    }

    private static void refuseEnded(TokenRecord token, long now) {
        if (token.revokedAtMs() != null) {
            throw new UnauthenticatedException("token " + token.id() + " was revoked at "
                    + java.time.Instant.ofEpochMilli(token.revokedAtMs()) + "; ask its admin for another");
        }
        if (!token.liveAt(now)) {
            throw new UnauthenticatedException("token " + token.id() + " expired at "
                    + java.time.Instant.ofEpochMilli(token.expiresAtMs()) + "; ask its admin for another");
        }
    }

    private static Principal principal(TokenRecord token) {
        return new Principal(token.id(), token.namespace(), Role.parse(token.role()));
    }

    /**
     * Makes a token of {@code role} in {@code namespace}, expiring after {@code expiresIn} (null:
     * never); {@code createdBy} is the id of the token that asked. The secret is in the result only.
     */
    public IssuedToken create(String namespace, Role role, Duration expiresIn, String description, String createdBy) {
        String ns = Namespaces.check(namespace == null ? DEFAULT_NAMESPACE : namespace);
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new IllegalArgumentException("expires was " + expiresIn + "; give a positive duration such as 30d, or none");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description has " + description.length() + " characters; use at most "
                    + MAX_DESCRIPTION);
        }
        String secret = TokenSecret.generate();
        long now = System.currentTimeMillis();
        TokenRecord record = new TokenRecord(TokenSecret.newId(), TokenSecret.hash(secret), ns, role.label(), description,
                now, createdBy, expiresIn == null ? null : now + expiresIn.toMillis(), null);
        if (!Engine.join(store.createToken(record, MAX_LIVE))) {
            throw new IllegalStateException("a token with the same secret exists; 256 random bits collided, try again");
        }
        log.info("event=token_created tokenId={} namespace={} role={} createdBy={} expiresAt={}", record.id(), ns,
                role.label(), createdBy, record.expiresAtMs());
        return new IssuedToken(secret, record);
    }

    /** How {@link #adopt} found a secret provisioned from outside. */
    public enum Adoption { ADOPTED, LIVE, ENDED }

    /**
     * Makes {@code secret} (well-formed, made elsewhere: the admin token file written before the first
     * start) an admin token of the default namespace unless the store knows it; says what it found.
     */
    public Adoption adopt(String secret, String createdBy) {
        if (!TokenSecret.isWellFormed(secret)) {
            throw new IllegalArgumentException("not a Mainstay token (" + TokenSecret.PREFIX + " and 43 characters of base64url)");
        }
        String hash = TokenSecret.hash(secret);
        Optional<TokenRecord> known = store.tokenByHash(hash);
        if (known.isPresent()) {
            return known.get().liveAt(System.currentTimeMillis()) ? Adoption.LIVE : Adoption.ENDED;
        }
        TokenRecord record = new TokenRecord(TokenSecret.newId(), hash, DEFAULT_NAMESPACE, Role.ADMIN.label(),
                "admin token of the data directory", System.currentTimeMillis(), createdBy, null, null);
        return Engine.join(store.createToken(record, MAX_LIVE)) ? Adoption.ADOPTED : Adoption.LIVE;
    }

    /** The id of the live token whose secret this is, if any. */
    public Optional<String> idOf(String secret) {
        return store.tokenByHash(TokenSecret.hash(secret)).map(TokenRecord::id);
    }

    /** Revokes a token: from the commit on, this node refuses it and its streams are closed; see the class comment. */
    public TokenRecord revoke(String id, String revokedBy) {
        TokenRecord revoked = Engine.join(store.revokeToken(id, System.currentTimeMillis()))
                .orElseThrow(() -> new TokenNotFoundException(id));
        log.info("event=token_revoked tokenId={} revokedBy={}", id, revokedBy);
        ended(id);
        return revoked;
    }

    public List<TokenRecord> list() {
        return store.tokens();
    }

    /** Told the id of each token that ends (revoked, expired, gone), here or on another node; maybe more than once. */
    public void onEnded(Consumer<String> listener) {
        endedListeners.add(listener);
    }

    /**
     * The ids of the tokens this node's open streams use (worker streams, the gateway's long-polls
     * and event streams), re-checked with the trusted ones; each call adds a source.
     */
    public void inUse(Supplier<Collection<String>> ids) {
        inUse.add(ids);
    }

    private void ended(String id) {
        revocations.incrementAndGet();
        trusted.values().removeIf(token -> token.id().equals(id));
        for (Consumer<String> listener : endedListeners) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                log.error("event=token_end_listener_failed tokenId={} error={}", id, e.toString(), e);
            }
        }
    }

    /** Ends the trusted and in-use tokens that were revoked, expired or deleted since they were read. */
    void recheck() {
        try {
            Set<String> ids = new HashSet<>();
            inUse.forEach(source -> ids.addAll(source.get()));
            trusted.values().forEach(token -> ids.add(token.id()));
            if (ids.isEmpty()) {
                return;
            }
            long now = System.currentTimeMillis();
            Set<String> live = new HashSet<>();
            for (TokenRecord token : store.tokens(ids)) {
                if (token.liveAt(now)) {
                    live.add(token.id());
                }
            }
            for (String id : ids) {
                if (!live.contains(id)) {
                    ended(id);
                }
            }
        } catch (RuntimeException e) {
            log.warn("event=token_recheck_failed error={}", e.toString());
        }
    }

    @Override
    public void close() {
        if (rechecks != null) {
            rechecks.shutdownNow();
        }
    }
}
