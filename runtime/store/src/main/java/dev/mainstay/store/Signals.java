package dev.mainstay.store;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * How the nodes of one runtime wake each other: for new work, events, timers, cancels and run ends.
 * Hints only (see {@link Signal}); a receiver reads the store. Two transports behind this one
 * interface: PostgreSQL's LISTEN/NOTIFY ({@link NotifySignals}), and polling for an engine without
 * it ({@link PollingSignals}: every tick is {@link Signal#ALL}, slower and the same answers). A
 * SQLite store has no other node ({@link #LOCAL}).
 */
public interface Signals extends AutoCloseable {
    /** Queues a hint for the other nodes; hints queued together go out together, soon. */
    void publish(Signal signal);

    /** Where hints from other nodes go (on a thread of the transport; the handler must not block long). */
    void subscribe(Consumer<Collection<Signal>> handler);

    @Override
    void close();

    /** No other node can exist: nothing to send, nothing comes. */
    Signals LOCAL = new Signals() {
        @Override
        public void publish(Signal signal) {}

        @Override
        public void subscribe(Consumer<Collection<Signal>> handler) {}

        @Override
        public void close() {}
    };
}
