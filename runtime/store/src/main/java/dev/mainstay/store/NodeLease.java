package dev.mainstay.store;

/** A node's lease after a renewal: whether it still lives, whether it leads, how many other nodes live. */
public record NodeLease(boolean alive, boolean leader, int otherNodes) {
    static final NodeLease DEAD = new NodeLease(false, false, 0);
}
