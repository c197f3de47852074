package dev.mainstay.gateway;

import dev.mainstay.engine.auth.Principal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web UI's logins: a browser cannot send a bearer token by itself, so the login page trades
 * one for a session id that the browser keeps in an HttpOnly, SameSite=Strict cookie (page script
 * cannot read it, and no other site's page makes the browser send it). A session holds the token
 * it was opened with, and every request on it checks that token again ({@code Tokens.authenticate},
 * from memory): a revoked or expired token ends its sessions at their next request, and
 * {@link #endToken} ends them at once when the node hears of the revocation.
 *
 * <p>Bounded: at most {@link #MAX} sessions (the oldest goes first when a new one would exceed it),
 * each for at most {@link #LIFETIME_MS}, in this node's memory only (a restart logs everyone out;
 * the token itself is still valid, so logging in again is one paste).
 */
final class BrowserSessions {
    static final String COOKIE = "mainstay_session";
    static final int MAX = 10_000;
    static final long LIFETIME_MS = 12 * 60 * 60 * 1000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The token's {@code Authorization} value, the principal it was, and when the session ends. */
    record Session(String authorization, Principal principal, long endsAtMs) {}

    /** In creation order, so the first entry is the oldest. */
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final long lifetimeMs;
    private final int max;

    BrowserSessions() {
        this(MAX, LIFETIME_MS);
    }

    BrowserSessions(int max, long lifetimeMs) {
        this.max = max;
        this.lifetimeMs = lifetimeMs;
    }

    /** A new session for a token already checked; returns its id (32 random bytes, base64url). */
    synchronized String open(String authorization, Principal principal, long nowMs) {
        dropEnded(nowMs);
        while (sessions.size() >= max) {
            Iterator<String> oldest = sessions.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(id, new Session(authorization, principal, nowMs + lifetimeMs));
        return id;
    }

    /** The live session {@code id} names, or null (unknown, logged out, past its lifetime). */
    synchronized Session find(String id, long nowMs) {
        Session session = id == null ? null : sessions.get(id);
        if (session != null && session.endsAtMs() <= nowMs) {
            sessions.remove(id);
            return null;
        }
        return session;
    }

    synchronized void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Ends every session of the token {@code tokenId} (revoked, expired, gone). */
    synchronized void endToken(String tokenId) {
        sessions.values().removeIf(session -> session.principal().tokenId().equals(tokenId));
    }

    synchronized int size() {
        return sessions.size();
    }

    private void dropEnded(long nowMs) {
        sessions.values().removeIf(session -> session.endsAtMs() <= nowMs);
    }

    /** The session cookie's {@code Set-Cookie} value; {@code secure} on TLS, so it never goes out in clear. */
    static String cookie(String id, boolean secure) {
        return COOKIE + "=" + id + "; Path=/; Max-Age=" + LIFETIME_MS / 1000 + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** A {@code Set-Cookie} value that makes the browser forget the session cookie. */
    static String cleared(boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
