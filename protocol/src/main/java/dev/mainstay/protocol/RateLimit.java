package dev.mainstay.protocol;

/**
 * A workflow's rate limit, {@code @Workflow(rateLimit = "100/1m")}: at most {@code count} of its runs
 * begin in any sliding window of {@code windowMs}. Parsed here, in the one module that both the SDK
 * (which refuses a bad annotation when the worker is built) and the runtime (which refuses a bad
 * registration from any SDK) read, so that both say the same thing about the same string.
 *
 * <p>The form is {@code N/W}: {@code N} a whole number from 1 to {@value #MAX_COUNT}, {@code W} a
 * unit ({@code s}, {@code m}, {@code h}) optionally preceded by a whole number ({@code "10/30s"}),
 * between 1 second and 24 hours. Nothing else is accepted: no spaces, signs, fractions or other units.
 */
public record RateLimit(int count, long windowMs) {
    public static final int MAX_COUNT = 1_000_000;
    public static final long MIN_WINDOW_MS = 1_000;
    public static final long MAX_WINDOW_MS = 24 * 3_600_000L;

    public RateLimit {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("a rate limit's count was " + count + "; it must be from 1 to " + MAX_COUNT);
        }
        if (windowMs < MIN_WINDOW_MS || windowMs > MAX_WINDOW_MS || windowMs % 1_000 != 0) {
            throw new IllegalArgumentException("a rate limit's window was " + windowMs
                    + " ms; it must be whole seconds from 1 s to 24 h (" + MIN_WINDOW_MS + " to " + MAX_WINDOW_MS + " ms)");
        }
    }

    /**
     * The limit {@code text} says, e.g. {@code "100/1m"}, {@code "10/30s"}, {@code "5/h"}.
     *
     * @throws IllegalArgumentException saying what is wrong with it, quoting it
     */
    public static RateLimit parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw invalid(text, "it has no '/' between the count and the window");
        }
        String countPart = text.substring(0, slash);
        String windowPart = text.substring(slash + 1);
        long count = digits(text, countPart, "the count before '/'");
        if (count < 1 || count > MAX_COUNT) {
            throw invalid(text, "the count must be from 1 to " + MAX_COUNT);
        }
        if (windowPart.isEmpty()) {
            throw invalid(text, "the window after '/' is empty");
        }
        char unit = windowPart.charAt(windowPart.length() - 1);
        long unitMs = switch (unit) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            default -> throw invalid(text, "the window must end in a unit: s, m or h");
        };
        String amountPart = windowPart.substring(0, windowPart.length() - 1);
        long amount = amountPart.isEmpty() ? 1 : digits(text, amountPart, "the window's amount");
        if (amount < 1 || amount > MAX_WINDOW_MS / unitMs) {
            throw invalid(text, "the window must be from 1s to 24h");
        }
        return new RateLimit((int) count, amount * unitMs);
    }

    /** The whole number {@code part} of {@code text} spells (at most 9 digits), or why it is none. */
    private static long digits(String text, String part, String what) {
        if (part.isEmpty()) {
            throw invalid(text, what + " is empty");
        }
        if (part.length() > 9) {
            throw invalid(text, what + " is too long");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                throw invalid(text, what + " must be a whole number (digits only)");
            }
        }
        return Long.parseLong(part);
    }

    private static IllegalArgumentException invalid(String text, String why) {
        String shown = text == null ? "null" : text.length() > 40 ? "'" + text.substring(0, 40) + "…'" : "'" + text + "'";
        return new IllegalArgumentException("rateLimit " + shown + " is not a rate limit: " + why
                + "; write it as N/window, e.g. \"100/1m\" or \"10/30s\" (N from 1 to " + MAX_COUNT
                + ", window from 1s to 24h in s, m or h)");
    }

    /** The canonical spelling: {@code "100/1m"}, {@code "10/30s"}, {@code "2/90s"} (the largest unit that divides). */
    @Override
    public String toString() {
        if (windowMs % 3_600_000L == 0) {
            return count + "/" + windowMs / 3_600_000L + "h";
        }
        if (windowMs % 60_000L == 0) {
            return count + "/" + windowMs / 60_000L + "m";
        }
        return count + "/" + windowMs / 1_000L + "s";
    }
}
