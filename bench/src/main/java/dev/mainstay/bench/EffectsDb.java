package dev.mainstay.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * W3's side effects: a SQLite file the worker owns (not the runtime's), one counter per
 * (run, step), each increment committed before the step returns. WAL with synchronous=NORMAL:
 * a commit survives the kill of the process, which is what W3 does.
 */
final class EffectsDb {
    private static final Map<String, EffectsDb> OPEN = new ConcurrentHashMap<>();

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private EffectsDb(String path) throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("CREATE TABLE IF NOT EXISTS effects (run_id TEXT NOT NULL, step INTEGER NOT NULL,"
                    + " count INTEGER NOT NULL, PRIMARY KEY (run_id, step)) WITHOUT ROWID");
        }
    }

    static EffectsDb at(String path) {
        return OPEN.computeIfAbsent(path, p -> {
            try {
                return new EffectsDb(p);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot open " + p + ": " + e.getMessage(), e);
            }
        });
    }

    void increment(String runId, int step) throws SQLException {
        lock.lock();
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO effects (run_id, step, count) VALUES (?, ?, 1)"
                        + " ON CONFLICT (run_id, step) DO UPDATE SET count = count + 1")) {
            ps.setString(1, runId);
            ps.setInt(2, step);
            ps.executeUpdate();
        } finally {
            lock.unlock();
        }
    }
}
