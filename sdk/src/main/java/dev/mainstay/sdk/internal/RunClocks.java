package dev.mainstay.sdk.internal;

import java.util.function.LongSupplier;

/**
 * The clock of one dispatch. Against a runtime on a test clock ({@code mainstay server
 * --test-clock}), which jumps ahead when nothing runs, the run must see the runtime's time, or a
 * replayed sleep would find its wake time still ahead on this machine's clock and hand the run back
 * until then. The runtime sends its now with each dispatch ({@code Dispatch.now_ms}) and moves its
 * clock only while it holds no run, so one offset, taken at receipt, holds for the whole dispatch.
 * The offset lags the runtime by the dispatch's transit (milliseconds), which a wait absorbs in the
 * worker. Otherwise the run reads the system clock directly: nothing is added on the hot path.
 */
final class RunClocks {
    private RunClocks() {
    }

    static LongSupplier of(boolean testClock, long runtimeNowMs) {
        if (!testClock || runtimeNowMs <= 0) {
            return System::currentTimeMillis;
        }
        long offsetMs = runtimeNowMs - System.currentTimeMillis();
        return () -> System.currentTimeMillis() + offsetMs;
    }
}
