package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The single writer on a real SQLite file: each write all or nothing, and the writer outlives what it can. */
class GroupCommitterTest {
    @TempDir
    Path dir;

    private GroupCommitter writer;
    private SQLiteDataSource source;

    @BeforeEach
    void open() throws SQLException {
        source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("t.db"));
        try (var connection = source.getConnection()) {
            connection.createStatement().execute("CREATE TABLE t (v INTEGER)");
        }
        writer = new GroupCommitter(new Sql(source.getConnection(), Dialect.SQLITE), "test-writer", 4);
    }

    @AfterEach
    void close() {
        writer.close();
    }

    private static GroupCommitter.Write<Void> insert(int value) {
        return sql -> {
            var ps = sql.prepare("INSERT INTO t (v) VALUES (?)");
            ps.setInt(1, value);
            ps.executeUpdate();
            return null;
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Integer> rows() throws SQLException {
        List<Integer> values = new ArrayList<>();
        try (var connection = source.getConnection(); ResultSet rs = connection.createStatement().executeQuery("SELECT v FROM t ORDER BY v")) {
            while (rs.next()) {
                values.add(rs.getInt(1));
            }
        }
        return values;
    }

    @Test
    void aWriteThatThrowsHalfWay_writesNothing_andTheRestOfItsBatchCommits() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Void> blocker = writer.submit(sql -> {
            awaitQuietly(hold); // the next writes queue up behind it: one batch
            return null;
        });
        CompletableFuture<Void> before = writer.submit(insert(1));
        CompletableFuture<Void> broken = writer.submit(sql -> {
            insert(2).apply(sql);
            throw new IllegalStateException("a bug after the first statement");
        });
        CompletableFuture<Void> overflow = writer.submit(sql -> {
            insert(3).apply(sql);
            throw new StackOverflowError();
        });
        CompletableFuture<Void> after = writer.submit(insert(4));
        hold.countDown();
        blocker.join();
        before.join();
        after.join();
        assertThatThrownBy(broken::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(overflow::join).cause().hasMessageContaining("wrote nothing").hasCauseInstanceOf(StackOverflowError.class);
        assertThat(rows()).containsExactly(1, 4);
        assertThat(writer.problem()).isEmpty();
        writer.submit(insert(5)).join();
        assertThat(rows()).containsExactly(1, 4, 5);
    }

    @Test
    void anObserverOrCallbackThatThrows_doesNotStopTheWriter() throws Exception {
        writer.observer((size, nanos) -> {
            throw new IllegalStateException("observer bug");
        });
        writer.submit(insert(1)).thenRun(() -> {
            throw new OutOfMemoryError("callback bug");
        });
        writer.submit(insert(2)).get(5, TimeUnit.SECONDS);
        assertThat(rows()).containsExactly(1, 2);
    }

    @Test
    void clientWrites_areRefusedWhileTheQueueIsFull_theRuntimesOwnAreNot() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Void> blocker = writer.submit(sql -> {
            awaitQuietly(hold);
            return null;
        });
        // wait until the writer took the blocker, so the queue below is exactly what we add
        org.awaitility.Awaitility.await().until(() -> writer.problem().isEmpty() && queuedIsEmpty());
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            accepted.add(writer.offer(insert(10 + i)));
        }
        CompletableFuture<Void> refused = writer.offer(insert(99));
        CompletableFuture<Void> own = writer.submit(insert(20));
        assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("--max-queued-writes");
        hold.countDown();
        blocker.join();
        accepted.forEach(CompletableFuture::join);
        own.join();
        assertThat(rows()).containsExactly(10, 11, 12, 13, 20);
    }

    private boolean queuedIsEmpty() throws Exception {
        var field = GroupCommitter.class.getDeclaredField("queued");
        field.setAccessible(true);
        return ((java.util.concurrent.atomic.AtomicInteger) field.get(writer)).get() == 0;
    }

    @Test
    void aWriterThatCannotGoOn_failsEveryWriteAtOnce_andSaysSo() throws Exception {
        CompletableFuture<Throwable> told = new CompletableFuture<>();
        writer.onFatal(told::complete);
        // closing the connection under the writer: its rollback to the savepoint then fails too
        CompletableFuture<Void> fatal = writer.submit(sql -> {
            sql.connection().close();
            throw new IllegalStateException("the connection went away");
        });
        assertThatThrownBy(fatal::join).cause().isInstanceOf(StoreUnavailableException.class);
        assertThat(told.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(writer.problem()).get().asString().contains("the store writer failed");
        assertThatThrownBy(() -> writer.submit(insert(1)).get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("the runtime is stopping");
    }

    /** A write that leads with "UPDATE t SET v = v + 100 WHERE v = ?", and its whole form that does the same. */
    private record Bump(int from, List<String> ways) {
        GroupCommitter.Write<Integer> whole() {
            return sql -> {
                ways.add("whole " + from);
                var ps = sql.prepare("UPDATE t SET v = v + 100 WHERE v = ?");
                ps.setInt(1, from);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalArgumentException("no row holds " + from);
                }
                return from + 100;
            };
        }

        GroupCommitter.Lead<Integer> lead() {
            return new GroupCommitter.Lead<>("UPDATE t SET v = v + 100 WHERE v = ?", ps -> ps.setInt(1, from), sql -> {
                ways.add("lead " + from);
                return from + 100;
            }, true);
        }
    }

    /** Holds the writer until the returned latch is counted down, so what is submitted meanwhile is one batch. */
    private CountDownLatch holdWriter() {
        CountDownLatch hold = new CountDownLatch(1);
        writer.submit(sql -> {
            awaitQuietly(hold);
            return null;
        });
        return hold;
    }

    @Test
    void writesWithTheSameLead_goTogether_inQueueOrder_andTheirValuesComeFromTheRest() throws Exception {
        for (int v = 1; v <= 3; v++) {
            writer.submit(insert(v)).join();
        }
        List<String> ways = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch hold = holdWriter();
        List<CompletableFuture<Integer>> bumps = new ArrayList<>();
        for (int from : new int[] {1, 101, 2}) { // 101 exists only once the first bump has run
            Bump bump = new Bump(from, ways);
            bumps.add(writer.submit(bump.whole(), bump.lead()));
        }
        CompletableFuture<Void> between = writer.submit(insert(50));
        Bump last = new Bump(3, ways);
        bumps.add(writer.submit(last.whole(), last.lead()));
        hold.countDown();
        between.join();
        assertThat(bumps.stream().map(CompletableFuture::join)).containsExactly(101, 201, 102, 103);
        assertThat(rows()).containsExactly(50, 102, 103, 201);
        // the three consecutive leads went as one batch; the one alone after the insert went whole
        assertThat(ways).containsExactly("lead 1", "lead 101", "lead 2", "whole 3");
    }

    @Test
    void aLeadThatChangesNoRow_sendsTheBatchAgainWhole_andEachWriteEndsAsItsWholeFormSays() throws Exception {
        for (int v = 1; v <= 3; v++) {
            writer.submit(insert(v)).join();
        }
        List<String> ways = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch hold = holdWriter();
        Bump first = new Bump(1, ways);
        Bump missing = new Bump(7, ways);
        Bump third = new Bump(3, ways);
        CompletableFuture<Integer> bumped = writer.submit(first.whole(), first.lead());
        CompletableFuture<Integer> refused = writer.submit(missing.whole(), missing.lead());
        CompletableFuture<Integer> alsoBumped = writer.submit(third.whole(), third.lead());
        hold.countDown();
        assertThat(bumped.join()).isEqualTo(101);
        assertThat(alsoBumped.join()).isEqualTo(103);
        assertThatThrownBy(refused::join).cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7");
        assertThat(rows()).containsExactly(2, 101, 103); // the leads' attempt left nothing: 1 was bumped once
        assertThat(ways).doesNotContain("lead 1", "lead 3").contains("whole 1", "whole 7", "whole 3");
        assertThat(writer.problem()).isEmpty();
    }
}
