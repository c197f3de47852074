package dev.mainstay.gateway;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the API takes them ({@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 24h}, {@code 7d},
 * or plain seconds). Read as an exact decimal and compared with the limit before any conversion,
 * so {@code 999999999999999999m} is a value over the limit, not an overflow (which was a 500).
 */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,40}(?:\\.\\d{1,9})?)(ms|s|m|h|d)?");

    private Durations() {}

    /** The milliseconds {@code raw} names, exactly; null when it is not a duration. */
    static BigDecimal millis(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = FORM.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long unit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    }

    /**
     * {@code raw} as a duration of at most {@code max}. {@code problem} names the parameter and the
     * accepted forms; {@code limit} says where the most comes from (a flag, a fixed rule).
     */
    static Duration parse(String name, String raw, Duration max, String forms, String limit) {
        BigDecimal millis = millis(raw);
        if (millis == null) {
            throw new ApiException(dev.mainstay.protocol.ErrorCode.INVALID_ARGUMENT, name + " was '" + Text.clip(raw)
                    + "'; use " + forms);
        }
        if (millis.compareTo(BigDecimal.valueOf(max.toMillis())) > 0) {
            throw new ApiException(dev.mainstay.protocol.ErrorCode.INVALID_ARGUMENT, name + " was '" + Text.clip(raw)
                    + "'; the most is " + label(max) + " (" + limit + ")");
        }
        return Duration.ofMillis(millis.longValue());
    }

    /** {@code 5m}, {@code 90s}, {@code 7d}: the shortest exact form. */
    static String label(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
    }
}
