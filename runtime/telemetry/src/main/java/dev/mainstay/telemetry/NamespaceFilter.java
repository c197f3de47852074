package dev.mainstay.telemetry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the samples of a Prometheus text exposition that one namespace may see. A sample line is
 * {@code name{label="value",...} number}; label values are escaped ({@code \"}, {@code \\}), so a
 * {@code namespace="} inside another label's value cannot be taken for the label itself.
 */
final class NamespaceFilter {
    private static final Pattern LABEL = Pattern.compile("[{,]namespace=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private NamespaceFilter() {}

    static String keep(String exposition, String namespace) {
        StringBuilder kept = new StringBuilder(exposition.length());
        exposition.lines().forEach(line -> {
            if (line.startsWith("#") || visible(line, namespace)) {
                kept.append(line).append('\n');
            }
        });
        return kept.toString();
    }

    private static boolean visible(String line, String namespace) {
        int labels = line.indexOf('{');
        if (labels < 0) {
            return true;
        }
        Matcher m = LABEL.matcher(line);
        return !m.find(labels) || m.group(1).equals(namespace);
    }
}
