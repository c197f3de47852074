package dev.mainstay.engine;

import dev.mainstay.store.JournalStore;
import dev.mainstay.store.NodeIdentity;
import dev.mainstay.store.NodeLease;
import dev.mainstay.store.RunRecord;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the runtime: it keeps the node's lease renewed (every quarter of the lease, at
 * most every second), holds
 * the leader's role when it is free, and as leader takes back the runs of nodes whose lease passed.
 *
 * <p>A node back from a freeze past its lease that no one declared dead meanwhile (a lone node, or
 * all of them frozen together, as in a paused VM) renews and goes on: nothing was taken from it. A
 * node that finds its lease gone (it was frozen or cut off past its lease, and the others
 * declared it dead and took its runs back) stops at once: its held runs already moved on under new
 * epochs, so nothing it could still write would be taken, and a supervisor restarts it as a new
 * incarnation. A node that cannot reach the store for a whole lease does the same.
 */
final class Membership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    interface Listener {
        /** The leader's role came to this node, or left it. */
        void leading(boolean leader);

        /** Runs that dead nodes held are PENDING again. */
        void takenBack(List<RunRecord> runs);

        /** How many other nodes are alive (none: nothing needs to be told to anyone). */
        void otherNodes(int count);
    }

    private final JournalStore store;
    private final NodeIdentity node;
    private final long leaseMs;
    /** How often the lease is renewed, and the leader looks for dead nodes. */
    private final long periodMs;
    /**
     * What a renewal stores: the lease less one period, so that a dead node's runs move within the
     * lease of its death (its last renewal, then at most one period until the leader looks).
     */
    private final long storedLeaseMs;
    private final Listener listener;
    private final Consumer<String> lost;
    private final java.util.function.Supplier<String> workers;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("mainstay-node-lease").daemon(true).factory());
    private volatile boolean leader;
    private volatile boolean closed;
    /** Set when the lease was found gone: the id's runs may be another incarnation's by now. */
    private volatile boolean leaseLost;
    private long lastRenewedNanos = System.nanoTime();

    Membership(JournalStore store, NodeIdentity node, long leaseMs, Listener listener, Consumer<String> lost,
               java.util.function.Supplier<String> workers) {
        this.workers = workers;
        this.store = store;
        this.node = node;
        this.leaseMs = leaseMs;
        this.periodMs = Math.max(100, Math.min(1_000, leaseMs / 4));
        this.storedLeaseMs = leaseMs - periodMs;
        this.listener = listener;
        this.lost = lost;
    }

    /** Joins (taking back what an earlier incarnation held), renews once so that a lone node leads at once. */
    List<RunRecord> join() {
        List<RunRecord> taken = joinPatiently();
        log.info("event=node_joined nodeId={} incarnation={} leaseMs={} takenBack={}", node.id(), node.incarnation(),
                leaseMs, taken.size());
        renew();
        renewals.scheduleWithFixedDelay(this::renew, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return taken;
    }

    /**
     * Joins, trying again for up to a lease when the write fails: at a restart right after a kill -9
     * the database may still hold the dead process's transaction and its row locks for a moment.
     */
    private List<RunRecord> joinPatiently() {
        long deadline = System.nanoTime() + Math.max(leaseMs, 10_000) * 1_000_000;
        while (true) {
            try {
                return Engine.join(store.joinCluster(node, storedLeaseMs));
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("event=node_join_failed nodeId={} error={}; trying again", node.id(), e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    boolean leader() {
        return leader;
    }

    private void renew() {
        if (closed) {
            return;
        }
        try {
            NodeLease lease = Engine.join(store.renewLease(storedLeaseMs, workers.get()));
            if (!lease.alive()) {
                stop("the node's lease passed and the other nodes took its runs back (it was frozen or cut off)");
                return;
            }
            long silentMs = (System.nanoTime() - lastRenewedNanos) / 1_000_000;
            if (silentMs > storedLeaseMs) {
                log.warn("event=node_lease_renewed_late nodeId={} silentMs={} reason=\"its lease passed (a freeze?) but no"
                        + " node declared it dead: it keeps its runs\"", node.id(), silentMs);
            }
            lastRenewedNanos = System.nanoTime();
            listener.otherNodes(lease.otherNodes());
            if (lease.leader() != leader) {
                leader = lease.leader();
                log.info("event=leadership nodeId={} leader={}", node.id(), leader);
                listener.leading(leader);
            }
            if (leader) {
                List<RunRecord> taken = Engine.join(store.takeOverDeadNodes());
                if (!taken.isEmpty()) {
                    log.info("event=dead_nodes_taken_over runs={}", taken.size());
                    listener.takenBack(taken);
                }
            }
        } catch (RuntimeException e) {
            long silentMs = (System.nanoTime() - lastRenewedNanos) / 1_000_000;
            log.warn("event=lease_renewal_failed nodeId={} silentMs={} error={}", node.id(), silentMs, e.toString());
            if (silentMs >= storedLeaseMs) {
                stop("the node could not renew its lease for " + silentMs + " ms: the others may have declared it dead");
            }
        }
    }

    private void stop(String why) {
        if (leader) {
            leader = false;
            listener.leading(false);
        }
        closed = true;
        leaseLost = true;
        log.error("event=node_lease_lost nodeId={} reason=\"{}\"", node.id(), why);
        lost.accept(why);
    }

    /** A clean stop: the node leaves, its held runs go back to PENDING for the other nodes. */
    List<RunRecord> leave() {
        closed = true;
        renewals.shutdownNow();
        if (leaseLost) {
            return List.of(); // leaving would take back what a newer incarnation of this id holds
        }
        try {
            return Engine.join(store.leaveCluster());
        } catch (RuntimeException e) {
            log.warn("event=leave_failed nodeId={} error={}; the others take its runs back when its lease passes",
                    node.id(), e.toString());
            return List.of();
        }
    }

    @Override
    public void close() {
        closed = true;
        renewals.shutdownNow();
    }
}
