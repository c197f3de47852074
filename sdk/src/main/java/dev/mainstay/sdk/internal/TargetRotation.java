package dev.mainstay.sdk.internal;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which runtime address the worker's stream tries next, and how long it waits first. A failure
 * moves on to the next address at once (about {@code minBackoffMs}): the node that failed may be
 * gone for good while another serves. Only when every address failed in a row does the wait grow
 * (capped exponential, with jitter); a registration starts over. Not thread-safe: the stream
 * guards it.
 */
final class TargetRotation {
    private final List<String> targets;
    private final long minBackoffMs;
    private final long maxBackoffMs;
    private int index;
    private int failuresInRow;
    private long backoffMs;

    TargetRotation(List<String> targets, int start, long minBackoffMs, long maxBackoffMs) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no runtime address to connect to");
        }
        this.targets = List.copyOf(targets);
        this.index = Math.floorMod(start, targets.size());
        this.minBackoffMs = minBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.backoffMs = minBackoffMs;
    }

    String current() {
        return targets.get(index);
    }

    /** The current address failed: moves to the next one; returns how long to wait before trying it. */
    long failed() {
        index = (index + 1) % targets.size();
        failuresInRow++;
        if (failuresInRow % targets.size() != 0) {
            return jittered(minBackoffMs);
        }
        long delay = jittered(backoffMs);
        backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
        return delay;
    }

    /** The current address took the registration: the next failure starts a fresh round. */
    void registered() {
        failuresInRow = 0;
        backoffMs = minBackoffMs;
    }

    private static long jittered(long ms) {
        return ThreadLocalRandom.current().nextLong(ms / 2, ms + 1);
    }
}
