package dev.mainstay.telemetry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets in free text (an error message, a stack trace, a step's live output): every
 * {@code name=value}, {@code name: value} or {@code "name": "value"} whose name is a secret
 * ({@link SecretNames}) has its value replaced by {@code ***}. An {@code Authorization: Bearer ...}
 * loses the credential after the scheme too. Text without a name before the secret (a bare token)
 * cannot be told from prose and is left as it is: mark the field {@code @Redact} at its source.
 */
final class SecretText {
    private static final Pattern PAIR = Pattern.compile(
            "(?<name>[A-Za-z][A-Za-z0-9_.\\-]*)(?<close>[\"']?)(?<sep>\\s*[:=]\\s*)"
                    + "(?<value>\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|(?:(?i:bearer|basic|token)\\s+)?[^\\s,;&\"'}\\])]+)");

    private final SecretNames names;

    SecretText(SecretNames names) {
        this.names = names;
    }

    String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = PAIR.matcher(text);
        StringBuilder out = null;
        int last = 0;
        int from = 0;
        while (from < text.length() && m.find(from)) {
            if (!names.matches(m.group("name"))) {
                // the "value" of an ordinary name may hold the next pair ("failed: password=x"): look again from it
                from = m.end("sep");
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            String value = m.group("value");
            String masked = value.startsWith("\"") ? "\"" + Payloads.MASK + "\""
                    : value.startsWith("'") ? "'" + Payloads.MASK + "'" : Payloads.MASK;
            out.append(text, last, m.start("value")).append(masked);
            last = m.end("value");
            from = last;
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }
}
