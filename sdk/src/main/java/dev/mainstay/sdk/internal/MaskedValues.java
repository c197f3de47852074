package dev.mainstay.sdk.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's masked values ({@link dev.mainstay.sdk.Secrets}), taken out of failure text before
 * it leaves the process. Failures are rare next to steps, so a scan of a handful of values per
 * failure costs nothing on the hot path; at most {@value #MAX} values are kept.
 */
public final class MaskedValues {
    public static final int MIN_LENGTH = 8;
    static final int MAX = 1_000;
    static final String MASK = "***";
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private MaskedValues() {}

    public static void add(String value) {
        if (value == null || value.isBlank() || value.strip().length() < MIN_LENGTH) {
            return;
        }
        if (VALUES.size() >= MAX && !VALUES.contains(value)) {
            throw new IllegalStateException("at most " + MAX + " values can be masked; mask credentials, not data");
        }
        VALUES.add(value.strip());
    }

    static String scrub(String text) {
        if (text == null || text.isEmpty() || VALUES.isEmpty()) {
            return text;
        }
        String scrubbed = text;
        for (String value : VALUES) {
            if (scrubbed.contains(value)) {
                scrubbed = scrubbed.replace(value, MASK);
            }
        }
        return scrubbed;
    }
}
