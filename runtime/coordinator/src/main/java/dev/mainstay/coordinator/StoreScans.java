package dev.mainstay.coordinator;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces requests to look in the store for waiting runs: one scan at a time on a thread of its
 * own (never the writer's, never a gRPC callback), and the requests that came during a scan make
 * one more. A burst of hints from other nodes costs one or two reads, not one per hint.
 */
final class StoreScans implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreScans.class);

    private final Consumer<Set<String>> scan;
    private final Object lock = new Object();
    /** What the next scan covers; null inside {@code requested} means everything. Guarded by lock. */
    private Set<String> wanted;
    private boolean everything;
    private boolean running;
    private boolean closed;

    StoreScans(Consumer<Set<String>> scan) {
        this.scan = scan;
    }

    /** Asks for a scan of {@code components} (null: every component). */
    void request(Set<String> components) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (components == null) {
                everything = true;
            } else {
                if (wanted == null) {
                    wanted = new HashSet<>();
                }
                wanted.addAll(components);
            }
            if (running) {
                return;
            }
            running = true;
        }
        Thread.ofVirtual().name("mainstay-store-scan").start(this::drain);
    }

    private void drain() {
        while (true) {
            Set<String> components;
            synchronized (lock) {
                if (closed || (!everything && wanted == null)) {
                    running = false;
                    return;
                }
                components = everything ? null : wanted;
                everything = false;
                wanted = null;
            }
            try {
                scan.accept(components);
            } catch (RuntimeException e) {
                log.warn("event=store_scan_failed error={}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }
}
