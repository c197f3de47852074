package dev.mainstay.engine;

import dev.mainstay.store.ComponentRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The components (registered workflows and functions) as this node last read them, kept for at
 * most {@link #FRESH_NANOS}: every start needs its component, and reading it cost each start a
 * store round trip. This node's own registrations are seen at once (they clear what is kept);
 * another node's new settings of a component already known here, within {@link #FRESH_NANOS}. A
 * component not found is never kept, so a newly registered one can be started at once everywhere.
 * What the store enforces at the write (concurrency limits, builds, pauses) does not depend on it.
 */
final class KnownComponents {
    static final long FRESH_NANOS = 1_000_000_000L;
    /** Components are registered by workers; past this many kept, all are dropped and read again. */
    private static final int MAX_KEPT = 10_000;

    private record Kept(ComponentRecord component, long readAtNanos) {}

    private final Function<String, Optional<ComponentRecord>> read;
    private final LongSupplier nanoTime;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    /** Bumped by every change: a read that began before one must not be kept. */
    private final AtomicLong changes = new AtomicLong();

    KnownComponents(Function<String, Optional<ComponentRecord>> read, LongSupplier nanoTime) {
        this.read = read;
        this.nanoTime = nanoTime;
    }

    Optional<ComponentRecord> get(String name) {
        long now = nanoTime.getAsLong();
        Kept known = kept.get(name);
        if (known != null && now - known.readAtNanos() < FRESH_NANOS) {
            return Optional.of(known.component());
        }
        long before = changes.get();
        Optional<ComponentRecord> found = read.apply(name);
        if (found.isPresent()) {
            if (kept.size() >= MAX_KEPT) {
                kept.clear();
            }
            Kept fresh = new Kept(found.get(), now);
            kept.put(name, fresh);
            if (changes.get() != before) { // changed while it was read: what was read may be the old one
                kept.remove(name, fresh);
            }
        }
        return found;
    }

    /** Components were registered (here or, as far as this node heard, anywhere): read them again. */
    void changed() {
        changes.incrementAndGet();
        kept.clear();
    }
}
