package dev.mainstay.store;

import java.sql.SQLException;

/** Tells a store that cannot write (disk full, I/O error, connection lost) from a write that is wrong. */
final class StoreFailures {
    private StoreFailures() {}

    // SQLite primary result codes (sqlite-jdbc puts them in getErrorCode)
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_NOMEM = 7;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;

    /** Whether retrying later may succeed: the store, not the write, is at fault. */
    static boolean isResourceFailure(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("58"))) {
            return true; // SQL standard classes: connection, insufficient resources, operator intervention, system
        }
        int code = e.getErrorCode() & 0xFF; // extended SQLite codes keep the primary code in the low byte
        return code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_NOMEM || code == SQLITE_IOERR
                || code == SQLITE_FULL || code == SQLITE_CANTOPEN;
    }
}
