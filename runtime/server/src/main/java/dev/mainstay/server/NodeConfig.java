package dev.mainstay.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process as a node of its runtime: its id ({@code --node-id}; by default generated once and
 * kept in {@code <data-dir>/node-id}, so a restarted node knows its earlier self and takes its runs
 * back at once), its lease in the database ({@code --node-lease-ms}: how long after its death other
 * nodes wait before taking its runs), and how nodes hear of each other's changes
 * ({@code --node-signals}: {@code notify}, PostgreSQL's LISTEN/NOTIFY, or {@code poll}).
 */
public record NodeConfig(String id, long leaseMs, boolean pollForSignals) {
    public static final long DEFAULT_LEASE_MS = 10_000;
    static final String ID_FILE = "node-id";

    public NodeConfig {
        if (id != null && (id.isBlank() || id.length() > 128 || !id.matches("[A-Za-z0-9._:-]+"))) {
            throw new IllegalArgumentException("--node-id was '" + id + "'; use 1 to 128 letters, digits, '.', '_', ':' or '-'");
        }
        if (leaseMs < 1_000 || leaseMs > 600_000) {
            throw new IllegalArgumentException("--node-lease-ms was " + leaseMs + "; use 1000..600000");
        }
    }

    public static NodeConfig defaults() {
        return new NodeConfig(null, DEFAULT_LEASE_MS, false);
    }

    /** The id given, else the one kept in the data directory, else a new one kept there from now on. */
    String resolveId(Path dataDir) throws IOException {
        if (id != null) {
            return id;
        }
        Path file = dataDir.resolve(ID_FILE);
        if (Files.exists(file)) {
            String kept = Files.readString(file).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        Files.createDirectories(dataDir);
        String generated = "node-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(file, generated + "\n");
        return generated;
    }
}
