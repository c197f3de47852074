package dev.mainstay.engine;

import dev.mainstay.store.JournalStore;
import dev.mainstay.store.Signal;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What this node tells the other nodes of its runtime, and what it hears from them (see
 * {@link dev.mainstay.store.Signals}: hints, the store stays the truth). Nothing is told while no
 * other node lives: a lone node, on SQLite always, pays nothing for the others.
 */
final class Peers {
    /** What a node does about what it hears; "null" subjects mean "anything may have changed". */
    interface Receiver {
        void work(Set<String> components);

        void changed(String runId);

        void changedAll();

        void cancelRequested(String runId, long epoch);

        void pauseRequested(String runId, long epoch);

        void taken(String runId);

        void ended(String component);

        void timer(long atMs);

        void watch(String runId, boolean watched);

        void live(String runId, LiveEvent event);
    }

    private final JournalStore store;
    private volatile boolean others;

    Peers(JournalStore store) {
        this.store = store;
    }

    void otherNodes(int count) {
        boolean before = others;
        others = count > 0;
        if (others && !before) {
            // what this node did while it knew of no other went untold: the newcomers read everything
            store.signals().publish(Signal.ALL);
        }
    }

    void tell(Signal.Kind kind, String subject) {
        if (others) {
            store.signals().publish(new Signal(kind, subject));
        }
    }

    void listen(Receiver receiver) {
        store.signals().subscribe(signals -> heard(signals, receiver));
    }

    private static void heard(Collection<Signal> signals, Receiver receiver) {
        Set<String> work = new HashSet<>();
        boolean all = false;
        for (Signal signal : signals) {
            switch (signal.kind()) {
                case ALL -> all = true;
                case WORK -> work.add(signal.subject());
                case CHANGED -> receiver.changed(signal.subject());
                case CANCEL -> {
                    int colon = signal.subject().lastIndexOf(':');
                    if (colon > 0) {
                        receiver.cancelRequested(signal.subject().substring(0, colon),
                                Long.parseLong(signal.subject().substring(colon + 1)));
                    }
                }
                case PAUSE -> {
                    int colon = signal.subject().lastIndexOf(':');
                    if (colon > 0) {
                        receiver.pauseRequested(signal.subject().substring(0, colon),
                                Long.parseLong(signal.subject().substring(colon + 1)));
                    }
                }
                case TAKEN -> receiver.taken(signal.subject());
                case ENDED -> receiver.ended(signal.subject());
                case TIMER -> receiver.timer(Long.parseLong(signal.subject()));
                case WATCH -> {
                    int colon = signal.subject().lastIndexOf(':');
                    if (colon > 0) {
                        receiver.watch(signal.subject().substring(0, colon), signal.subject().endsWith(":1"));
                    }
                }
                case LIVE -> {
                    int colon = signal.subject().indexOf(':');
                    LiveEvent event = colon > 0 ? LiveEvents.decode(signal.subject().substring(colon + 1)) : null;
                    if (event != null) {
                        receiver.live(signal.subject().substring(0, colon), event);
                    }
                }
            }
        }
        if (all) {
            receiver.work(null);
            receiver.changedAll();
            receiver.timer(System.currentTimeMillis());
        } else if (!work.isEmpty()) {
            receiver.work(work);
        }
    }
}
