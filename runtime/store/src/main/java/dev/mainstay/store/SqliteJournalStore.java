package dev.mainstay.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded default store: one SQLite file in WAL mode with {@code synchronous=FULL}, so every
 * commit is on disk before it is acknowledged (a step survives kill -9 of the runtime). One writer
 * connection behind a {@link GroupCommitter}; reads go through a small pool of connections (only ever
 * used for SELECTs), which WAL lets run beside the writer.
 */
public final class SqliteJournalStore extends SqlJournalStore {
    public static final String FILE_NAME = "mainstay.db";
    /** The schema's scripts, applied by Flyway unless the database already holds them all ({@link Migrations}). */
    static final String MIGRATIONS = "db/migration/sqlite";

    private SqliteJournalStore(GroupCommitter writer, HikariDataSource readers, StoreLimits limits, Clock clock) {
        super(writer, readers, clock, limits, Dialect.SQLITE, node -> Signals.LOCAL);
    }

    /** Opens (creating if needed) the store in {@code dataDir} with the default limits. */
    public static SqliteJournalStore open(Path dataDir) {
        return open(dataDir, StoreLimits.defaults());
    }

    /** Opens (creating if needed) the store in {@code dataDir} and applies pending migrations. */
    public static SqliteJournalStore open(Path dataDir, StoreLimits limits) {
        return open(dataDir, limits, System::currentTimeMillis);
    }

    /** As {@link #open(Path, StoreLimits)}, writing its times by {@code clock} (the runtime's, a test clock's). */
    public static SqliteJournalStore open(Path dataDir, StoreLimits limits, Clock clock) {
        try {
            Files.createDirectories(dataDir);
            String url = "jdbc:sqlite:" + dataDir.resolve(FILE_NAME).toAbsolutePath();
            SQLiteDataSource source = new SQLiteDataSource(config());
            source.setUrl(url);
            if (!Migrations.current(source::getConnection, MIGRATIONS)) {
                Flyway.configure()
                        .dataSource(source)
                        .locations("classpath:" + MIGRATIONS)
                        .load()
                        .migrate();
            }
            GroupCommitter writer = new GroupCommitter(new Sql(source.getConnection(), Dialect.SQLITE), "mainstay-store-writer",
                    limits.maxQueuedWrites());
            SQLiteDataSource readSource = new SQLiteDataSource(config());
            readSource.setUrl(url);
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(readSource);
            pool.setPoolName("mainstay-store-readers");
            pool.setMaximumPoolSize(4);
            pool.setMinimumIdle(1);
            return new SqliteJournalStore(writer, new HikariDataSource(pool), limits, clock);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot open the SQLite store in " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        return config;
    }

    /** The database file with its WAL and shared-memory files. */
    @Override
    public long sizeBytes() {
        return read(SqliteJournalStore::fileBytes);
    }

    private static long fileBytes(Sql sql) throws SQLException {
        PreparedStatement ps = sql.prepare("SELECT file FROM pragma_database_list WHERE name = 'main'");
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getString(1) == null || rs.getString(1).isEmpty()) {
                return -1L;
            }
            long total = 0;
            for (String suffix : List.of("", "-wal", "-shm")) {
                Path file = Path.of(rs.getString(1) + suffix);
                try {
                    total += Files.exists(file) ? Files.size(file) : 0;
                } catch (java.io.IOException e) {
                    // a WAL file may vanish between the check and the size: count it as empty
                }
            }
            return total;
        }
    }
}
