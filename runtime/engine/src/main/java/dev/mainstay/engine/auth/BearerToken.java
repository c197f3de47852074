package dev.mainstay.engine.auth;

/**
 * Reads the token out of an {@code Authorization} value (an HTTP header, or the gRPC metadata of a
 * worker stream): {@code Bearer <token>}, the scheme in any case (RFC 7235), one or more spaces or
 * tabs around. Every refusal says what was wrong and never repeats what was sent, which may be a
 * secret meant for another system.
 */
public final class BearerToken {
    private static final String HOW = "send the header Authorization: Bearer <token> (mainstay tokens create makes"
            + " one; the runtime's admin token is in <data-dir>/admin.token)";

    private BearerToken() {}

    /** The well-formed token in {@code authorization}, else {@link UnauthenticatedException}. */
    public static String parse(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthenticatedException("the request carries no token; " + HOW);
        }
        String value = strip(authorization);
        int space = firstBlank(value);
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Bearer")) {
            throw new UnauthenticatedException("the Authorization header does not use the Bearer scheme; " + HOW);
        }
        String token = space < 0 ? "" : strip(value.substring(space));
        if (token.isEmpty()) {
            throw new UnauthenticatedException("the Authorization header has the Bearer scheme but no token; " + HOW);
        }
        if (firstBlank(token) >= 0) {
            throw new UnauthenticatedException("the Authorization header holds more than one word after Bearer; " + HOW);
        }
        if (!TokenSecret.isWellFormed(token)) {
            throw new UnauthenticatedException("the bearer token is not a Mainstay token (" + TokenSecret.PREFIX
                    + " and 43 characters of base64url); " + HOW);
        }
        return token;
    }

    private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isBlank(s.charAt(from))) {
            from++;
        }
        while (to > from && isBlank(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static int firstBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isBlank(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
