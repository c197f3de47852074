package dev.mainstay.engine;

import java.util.regex.Pattern;

/**
 * Namespaces isolate teams on one runtime: each run, registered component, schedule and agent
 * session belongs to one. The store and the engine know nothing of them: they see a component's
 * identity as one opaque string, its <em>qualified</em> name {@code <namespace>/<name>}
 * ({@code payments/order}), which the edges make and take apart: the gateway from the namespace a
 * call acts in, the coordinator from the namespace a worker stream registered in. So a worker of
 * namespace B, registering {@code order}, serves {@code b/order} and is never offered a run of
 * {@code a/order}; an idempotency key, a schedule id and an agent session are qualified the same
 * way, and so are unique per namespace.
 *
 * <p>A namespace is 1 to 63 of {@code a-z 0-9 . _ -}, starting with a letter or digit: it never
 * holds a {@code /}, so the first {@code /} of a qualified name ends its namespace, whatever the
 * name after it holds. Names stored before namespaces existed were moved to {@code default/} by
 * migration V14; a string without {@code /} still reads as a name of {@link #DEFAULT}.
 */
public final class Namespaces {
    public static final String DEFAULT = "default";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private Namespaces() {}

    /** Whether {@code namespace} is a valid namespace name. */
    public static boolean valid(String namespace) {
        return namespace != null && NAMESPACE.matcher(namespace).matches();
    }

    /** {@code namespace}, or an {@link IllegalArgumentException} that says what a namespace may hold. */
    public static String check(String namespace) {
        if (!valid(namespace)) {
            throw new IllegalArgumentException("namespace was '" + clip(namespace) + "'; use 1 to 63 lowercase letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
        return namespace;
    }

    /** {@code <namespace>/<name>}: the identity the store keeps. */
    public static String qualify(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The namespace of a qualified name. */
    public static String of(String qualified) {
        int slash = qualified.indexOf('/');
        return slash < 0 ? DEFAULT : qualified.substring(0, slash);
    }

    /** The name of a qualified name, as its namespace's callers and workers know it. */
    public static String local(String qualified) {
        int slash = qualified.indexOf('/');
        return slash < 0 ? qualified : qualified.substring(slash + 1);
    }

    /** Whether {@code qualified} is a name of {@code namespace}. */
    public static boolean in(String namespace, String qualified) {
        return of(qualified).equals(namespace);
    }

    /** The prefix every qualified name of {@code namespace} starts with. */
    public static String prefix(String namespace) {
        return namespace + "/";
    }

    private static String clip(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
