package dev.mainstay.sdk.internal;

/**
 * Where a client's or a worker's token comes from when none is given: {@code $MAINSTAY_TOKEN}.
 * A token goes into a header, so one with spaces or control characters is refused here, where the
 * mistake is made, rather than by the HTTP or gRPC library later.
 */
public final class TokenSource {
    public static final String VARIABLE = "MAINSTAY_TOKEN";
    public static final String NAMESPACE_VARIABLE = "MAINSTAY_NAMESPACE";

    private TokenSource() {}

    /** {@code $MAINSTAY_TOKEN}, or null when unset or blank. */
    public static String fromEnvironment() {
        String token = System.getenv(VARIABLE);
        return token == null || token.isBlank() ? null : check(token.strip(), "$" + VARIABLE);
    }

    /**
     * {@code $MAINSTAY_NAMESPACE}, or null when unset or blank: then a call acts in its token's
     * namespace (the runtime checks the name).
     */
    public static String namespaceFromEnvironment() {
        String namespace = System.getenv(NAMESPACE_VARIABLE);
        return namespace == null || namespace.isBlank() ? null : namespace.strip();
    }

    /**
     * {@code token} (null: none) when it can go into a header, masked in failures from now on;
     * {@code what} names it in the message.
     */
    public static String check(String token, String what) {
        if (token == null) {
            return null;
        }
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException(what + " must be printable ASCII without spaces (a token such as mst_...),"
                    + " and the one given is not (" + token.length() + " characters; not shown, it may be a secret)");
        }
        MaskedValues.add(token); // never journaled in a failure, whatever quotes it
        return token;
    }
}
