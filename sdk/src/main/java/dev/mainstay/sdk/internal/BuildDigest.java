package dev.mainstay.sdk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * The build id of a worker that was given none: {@code sha256-} and 16 hex digits of a SHA-256 over
 * each registered component's name and the bytes of the class file that declares it (in name order).
 * A change to a workflow's class therefore makes a new build; a change only in a class it calls
 * (a library, a helper) does not: give such deploys an explicit id ({@code MAINSTAY_BUILD_ID}).
 * A component without a Java method (registered in code, an agent) counts by its name alone, and a
 * class whose file cannot be read by its name and its methods' signatures.
 */
public final class BuildDigest {
    private BuildDigest() {}

    public static String of(Components components) {
        TreeMap<String, Class<?>> byName = new TreeMap<>();
        for (Components.Component c : components.all()) {
            byName.put(c.name(), c.method() == null ? null : c.method().getDeclaringClass());
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        byName.forEach((name, type) -> {
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            if (type != null) {
                sha.update(classBytes(type));
            }
            sha.update((byte) 0);
        });
        return "sha256-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    }

    private static byte[] classBytes(Class<?> type) {
        String file = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(file)) {
            if (in != null) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            // fall back to the signatures below
        }
        StringBuilder signatures = new StringBuilder(type.getName());
        java.util.Arrays.stream(type.getDeclaredMethods()).map(java.lang.reflect.Method::toGenericString).sorted()
                .forEach(m -> signatures.append('\n').append(m));
        return signatures.toString().getBytes(StandardCharsets.UTF_8);
    }
}
