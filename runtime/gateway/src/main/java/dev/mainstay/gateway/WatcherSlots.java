package dev.mainstay.gateway;

import dev.mainstay.protocol.ErrorCode;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open event streams, counted per run and in all, each under its cap ({@code --max-watchers-per-run},
 * {@code --max-watchers}): every stream holds a thread, a connection and the engine's signals, so
 * a client that opens streams in a loop must not exhaust them. A stream over a cap is refused with
 * 503 UNAVAILABLE and {@code Retry-After} before anything is written.
 */
final class WatcherSlots {
    /** Seconds a refused client is told to wait: streams of finished runs end, and their slots free, quickly. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int perRun;
    private final int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> byRun = new ConcurrentHashMap<>();

    WatcherSlots(int perRun, int total) {
        this.perRun = perRun;
        this.total = total;
    }

    /** Takes a slot for a stream of {@code runId}, or throws UNAVAILABLE naming the cap that was reached. */
    void acquire(String runId) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            throw new ApiException(ErrorCode.UNAVAILABLE, "the runtime has " + total + " open event streams, the most"
                    + " (--max-watchers); retry in " + RETRY_AFTER_SECONDS + " s or read GET /v1/runs/" + runId + " instead");
        }
        boolean[] refused = {false};
        byRun.compute(runId, (id, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perRun) {
                refused[0] = true;
                return now;
            }
            return now + 1;
        });
        if (refused[0]) {
            open.decrementAndGet();
            throw new ApiException(ErrorCode.UNAVAILABLE, "run " + runId + " has " + perRun + " open event streams, the most"
                    + " per run (--max-watchers-per-run); close one, or retry in " + RETRY_AFTER_SECONDS + " s");
        }
    }

    void release(String runId) {
        byRun.computeIfPresent(runId, (id, count) -> count <= 1 ? null : count - 1);
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }
}
