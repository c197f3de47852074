package dev.mainstay.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection with its prepared statements kept for reuse: preparing costs more than executing
 * for the small statements of the hot path, and the writer runs the same few thousands of times a
 * second. Statements handed out are never closed by callers (their result sets are); not
 * thread-safe: one owner at a time.
 *
 * <p>The writer's {@code Sql} owns its connection and statements: {@link #close()} closes them all.
 * A reader's is lent by {@link ReaderStatements} for one read: its statements stay with the pooled
 * connection they were prepared on, and {@link #close()} only gives the connection back.
 */
final class Sql implements AutoCloseable {
    private final Connection connection;
    private final Connection preparing;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> statements;
    private final boolean ownsStatements;

    Sql(Connection connection, Dialect dialect) {
        this(connection, connection, dialect, new HashMap<>(), true);
    }

    /**
     * {@code preparing} is the connection statements are prepared on (a pool's physical connection,
     * so the pool does not close them when {@code connection}, its handle, goes back).
     */
    Sql(Connection connection, Connection preparing, Dialect dialect, Map<String, PreparedStatement> statements,
        boolean ownsStatements) {
        this.connection = connection;
        this.preparing = preparing;
        this.dialect = dialect;
        this.statements = statements;
        this.ownsStatements = ownsStatements;
    }

    Dialect dialect() {
        return dialect;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = preparing.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        if (ownsStatements) {
            for (PreparedStatement statement : statements.values()) {
                statement.close();
            }
            statements.clear();
        }
        connection.close();
    }
}
