package dev.mainstay.store;

/**
 * A debounced start ({@link JournalStore#startDebounced}): the run waits {@code windowMs} after the
 * last start with {@code key}, each such start replacing its input, but no longer than
 * {@code maxDelayMs} after the first, so that a steady stream of starts cannot hold it back forever.
 */
public record Debounce(String key, long windowMs, long maxDelayMs) {
    /** The bounds a window and a longest delay may take. */
    public static final long MIN_WINDOW_MS = 10;
    public static final long MAX_DELAY_MS = 7L * 24 * 3600 * 1000;
    public static final int MAX_KEY_LENGTH = 256;

    public Debounce {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a debounce key is 1 to " + MAX_KEY_LENGTH + " characters");
        }
        if (windowMs < MIN_WINDOW_MS || maxDelayMs < windowMs || maxDelayMs > MAX_DELAY_MS) {
            throw new IllegalArgumentException("a debounce window is at least " + MIN_WINDOW_MS
                    + " ms and at most its longest delay, which is at most 7 days (were " + windowMs + " and "
                    + maxDelayMs + " ms)");
        }
    }
}
