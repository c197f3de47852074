package dev.mainstay.sdk.internal;

/**
 * Where a client's or a worker's token comes from when none is given: {@code $MAINSTAY_TOKEN}.
 * A token goes into a header, so one with spaces or control characters is refused here, where the
 * mistake is made, rather than by the HTTP or gRPC library later.
 */
public final class TokenSource {
    public static final String VARIABLE = "MAINSTAY_TOKEN";

    private TokenSource() {}

    /** {@code $MAINSTAY_TOKEN}, or null when unset or blank. */
    public static String fromEnvironment() {
        String token = System.getenv(VARIABLE);
        return token == null || token.isBlank() ? null : check(token.strip(), "$" + VARIABLE);
    }

    /** {@code token} (null: none) when it can go into a header; {@code what} names it in the message. */
    public static String check(String token, String what) {
        if (token == null) {
            return null;
        }
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException(what + " must be printable ASCII without spaces (a token such as mst_...),"
                    + " and the one given is not (" + token.length() + " characters; not shown, it may be a secret)");
        }
        return token;
    }
}
