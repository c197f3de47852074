package dev.mainstay.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secret of a token: {@code mst_} then 32 random bytes in unpadded base64url (43 characters).
 * The store keeps only its SHA-256: with 256 random bits there is nothing to guess, so neither a salt
 * nor a slow hash adds anything, and a lookup by hash is one index read.
 */
public final class TokenSecret {
    public static final String PREFIX = "mst_";
    private static final Pattern FORM = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MessageDigest SHA_256 = newSha256();

    private TokenSecret() {}

    /** A new secret. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new token id ({@code tok_} and 16 hex digits): what listings, logs and revocations name. */
    public static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "tok_" + HexFormat.of().formatHex(bytes);
    }

    /** Whether {@code token} has the form of a secret this runtime makes. */
    public static boolean isWellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }

    /** The SHA-256 of the token, hex: what the store keeps and looks up. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A fresh digest, cloned from one made once: {@code MessageDigest.getInstance} looks the
     * algorithm up among the security providers, which cost each authenticated call more than the
     * hash itself. The prototype is never updated, so cloning it from many threads is safe.
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
