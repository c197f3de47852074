package dev.mainstay.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The hints (encoded {@link Signal}s) published on this node and not sent yet, for one sender
 * thread to drain. Lock-free: every start on a node without the run's worker publishes, from many
 * request threads at once, and the monitor that guarded a set here showed in their profile
 * (session 13). Bounded: past {@code max} waiting, a publish is dropped and the next drain
 * carries {@link Signal#ALL} instead, so the other nodes read everything again.
 */
final class PendingHints {
    static final int MAX_PENDING = 50_000;

    private final int max;
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    /** Set by the sender before it parks; the publisher that clears it unparks the sender. */
    private final AtomicBoolean senderIdle = new AtomicBoolean();
    private volatile Thread sender;
    private volatile boolean closed;

    PendingHints(int max) {
        this.max = max;
    }

    void add(String token) {
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            overflowed.set(true);
        } else {
            queue.add(token);
        }
        if (senderIdle.compareAndSet(true, false)) {
            LockSupport.unpark(sender);
        }
    }

    /** Everything published since the last drain, each hint once (see {@link #coalesce}). */
    List<String> drain() {
        Set<String> batch = new LinkedHashSet<>();
        for (String token; (token = queue.poll()) != null; ) {
            count.decrementAndGet();
            coalesce(batch, token);
        }
        if (overflowed.getAndSet(false)) {
            batch.add(Signal.ALL.encode());
        }
        return new ArrayList<>(batch);
    }

    /** Parks the calling (sender) thread until something is published or {@link #close} is called; may return early. */
    void await() {
        sender = Thread.currentThread();
        senderIdle.set(true);
        // checked after saying idle: a publish before this is seen here, one after it unparks
        if (queue.isEmpty() && !overflowed.get() && !closed) {
            LockSupport.park(this);
        }
        senderIdle.set(false);
    }

    void close() {
        closed = true;
        Thread waiting = sender;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /**
     * Adds {@code token} to a batch as its latest hint: one already there moves to the end, so that
     * the receivers see the last of two equal hints last (a WATCH on, off and on again within one
     * send ends watched, not unwatched).
     */
    static void coalesce(Set<String> batch, String token) {
        batch.remove(token);
        batch.add(token);
    }
}
