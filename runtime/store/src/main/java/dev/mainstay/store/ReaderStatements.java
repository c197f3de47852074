package dev.mainstay.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readers' pool, with each pooled connection's prepared statements kept across reads. SQLite
 * compiles a statement on every prepare, and the run and component lookups of every start and
 * wait are small enough that the prepare cost more than the query (docs/benchmarks.md, "The hot
 * path"). HikariCP closes the statements of a connection handle when the handle goes back, so they
 * are prepared on the physical connection and kept by it here. A connection the pool retires takes
 * its statements with it when it closes; its entry is dropped once the map holds more entries than
 * the pool has connections.
 */
final class ReaderStatements implements AutoCloseable {
    /** Statements one connection keeps at most; past it they are closed and prepared again as needed. */
    static final int MAX_PER_CONNECTION = 256;

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    ReaderStatements(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    /** A reader's {@link Sql} for one read; closing it gives the connection back to the pool. */
    Sql borrow() throws SQLException {
        Connection handle = pool.getConnection();
        try {
            Connection physical = handle.unwrap(Connection.class);
            if (byConnection.size() > pool.getMaximumPoolSize()) {
                byConnection.keySet().removeIf(ReaderStatements::closed);
            }
            // one borrower at a time per physical connection (the pool's promise), so a plain map inside
            Map<String, PreparedStatement> statements = byConnection.computeIfAbsent(physical, c -> new HashMap<>());
            if (statements.size() > MAX_PER_CONNECTION) { // IN lists of every length and filter combinations add up
                for (PreparedStatement statement : statements.values()) {
                    statement.close();
                }
                statements.clear();
            }
            return new Sql(handle, physical, dialect, statements, false);
        } catch (SQLException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public void close() {
        byConnection.clear();
        pool.close();
    }
}
