package dev.mainstay.store;

/**
 * One runtime node: its id (stable across restarts, {@code --node-id}), this process's incarnation
 * (new at every start, so a restarted node knows its earlier self is dead), and where it listens.
 */
public record NodeIdentity(String id, String incarnation, String httpAddress, String grpcAddress) {
    public NodeIdentity {
        if (id == null || id.isBlank() || id.length() > 128) {
            throw new IllegalArgumentException("node id was '" + id + "'; use 1 to 128 characters");
        }
    }
}
