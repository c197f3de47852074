package dev.mainstay.gateway;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.Debounce;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * A start's debounce ({@code ?debounce=5s&debounceKey=K[&debounceMax=1m]}): the run waits the window
 * after the last start with the key, each replacing its input, and at most {@code debounceMax}
 * (ten windows unless given, never more than 7 days) after the first. Checked before any work.
 */
final class DebounceParams {
    private static final Duration MOST = Duration.ofMillis(Debounce.MAX_DELAY_MS);
    private static final String FORMS = "e.g. 500ms, 5s or 10m";

    private DebounceParams() {}

    /** The debounce the start asks for; null when it asks for none. */
    static Debounce of(Context ctx, String idempotencyKey) {
        String window = ctx.queryParam("debounce");
        String key = ctx.queryParam("debounceKey");
        String max = ctx.queryParam("debounceMax");
        if (window == null) {
            if (key != null || max != null) {
                throw invalid("debounceKey and debounceMax go with debounce (the window, " + FORMS + ")");
            }
            return null;
        }
        if (key == null) {
            throw invalid("debounce needs a debounceKey: the starts that share it replace one waiting run's input");
        }
        Names.check("debounceKey", key);
        if (idempotencyKey != null) {
            throw invalid("a debounced start takes no Idempotency-Key: its debounceKey already names the run that"
                    + " later starts join");
        }
        long windowMs = Durations.parse("debounce", window, MOST, FORMS, "at most 7 days").toMillis();
        if (windowMs < Debounce.MIN_WINDOW_MS) {
            throw invalid("debounce was '" + Text.clip(window) + "'; the least is " + Debounce.MIN_WINDOW_MS + "ms");
        }
        long maxMs = max == null ? Math.min(windowMs * 10, Debounce.MAX_DELAY_MS)
                : Durations.parse("debounceMax", max, MOST, FORMS, "at most 7 days").toMillis();
        if (maxMs < windowMs) {
            throw invalid("debounceMax was '" + Text.clip(max) + "', shorter than the window (" + Text.clip(window)
                    + "); it bounds how long starts can hold the run back, so it is at least one window");
        }
        return new Debounce(key, windowMs, maxMs);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
