package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Holders' writes queued without waiting (so they share batches, and on PostgreSQL their appends
 * share round trips: see {@code GroupCommitter.Lead}) end exactly as the same writes one by one
 * would: a model applies them in queue order and says which succeed, which are refused and why,
 * which fail the run past its bound, and what every journal holds after.
 */
class AppendsInBatchesProperties {
    private static final StoreLimits LIMITS = StoreLimits.defaults().withMaxJournalEntries(5).withMaxJournalBytes(400);
    private static Path sqliteDir;
    private static SqliteJournalStore sqlite;
    private static String database;
    private static PostgresJournalStore postgres;

    @BeforeContainer
    static void open() throws Exception {
        sqliteDir = Files.createTempDirectory("mainstay-appends");
        sqlite = SqliteJournalStore.open(sqliteDir, LIMITS);
        if (PostgresJournalStoreTest.serverUp()) {
            database = "mainstay_test_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection admin = DriverManager.getConnection(PostgresJournalStoreTest.SERVER)) {
                admin.createStatement().execute("CREATE DATABASE " + database);
            }
            postgres = PostgresJournalStore.open(
                    PostgresJournalStoreTest.SERVER.replace("/postgres?", "/" + database + "?"), null, LIMITS);
        }
    }

    @AfterContainer
    static void close() throws SQLException {
        sqlite.close();
        if (postgres != null) {
            postgres.close();
            try (Connection admin = DriverManager.getConnection(PostgresJournalStoreTest.SERVER)) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** A holder's write: an append to run {@code run} at {@code position}, with the epoch off by {@code epochOffset}; or a re-claim. */
    record Op(int run, boolean reclaim, int epochOffset, int position, int payloadBytes) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> append = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.of(0, 0, 0, 0, -1, 1), Arbitraries.integers().between(0, 6),
                Arbitraries.of(0, 10, 60, 150)).as((run, offset, position, bytes) -> new Op(run, false, offset, position, bytes));
        Arbitrary<Op> reclaim = Arbitraries.integers().between(0, 2).map(run -> new Op(run, true, 0, 0, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, append), net.jqwik.api.Tuple.of(1, reclaim))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void onSqlite(@ForAll("ops") List<Op> ops) {
        check(sqlite, ops);
    }

    @Property(tries = 60)
    void onPostgres(@ForAll("ops") List<Op> ops) {
        Assume.that(postgres != null || System.getenv("CI") != null);
        check(postgres, ops);
    }

    /** What the model expects of one write. */
    enum Outcome { STORED, CONFLICT, STALE, FINISHED, TOO_LARGE, RECLAIMED, NOT_RECLAIMED }

    /** The model of one run: its epoch, whether it failed past its bound, its positions and the bytes they hold. */
    private static final class ModelRun {
        long epoch = 1;
        boolean failed;
        final TreeSet<Integer> positions = new TreeSet<>();
        final Map<Integer, String> outputs = new HashMap<>();
        long bytes;
    }

    private static void check(JournalStore store, List<Op> ops) {
        List<String> ids = new ArrayList<>();
        List<ModelRun> model = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            store.start(new NewRun(id, "greet", ComponentKind.WORKFLOW, "{}".getBytes(StandardCharsets.UTF_8), null, 1000, null)).join();
            store.claim(id, "w1").join().orElseThrow();
            ids.add(id);
            model.add(new ModelRun());
        }
        List<CompletableFuture<?>> futures = new ArrayList<>();
        List<Outcome> expected = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            ModelRun run = model.get(op.run());
            String id = ids.get(op.run());
            if (op.reclaim()) {
                // queued back to back, in this order: the release, and the claim that moves the epoch on
                store.release(id, run.epoch);
                futures.add(store.claim(id, "w1"));
                if (run.failed) {
                    expected.add(Outcome.NOT_RECLAIMED);
                } else {
                    run.epoch++;
                    expected.add(Outcome.RECLAIMED);
                }
                continue;
            }
            String output = "\"" + "x".repeat(op.payloadBytes()) + i + "\"";
            long epoch = run.epoch + op.epochOffset();
            futures.add(store.append(id, epoch, new JournalEntry(op.position(), "step", "s", true, null,
                    output.getBytes(StandardCharsets.UTF_8), null, 1, 10, 20)));
            expected.add(apply(run, epoch, op.position(), output));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(outcome(futures.get(i))).as("write %d of %s", i, ops).isEqualTo(expected.get(i));
        }
        for (int r = 0; r < ids.size(); r++) {
            ModelRun run = model.get(r);
            List<JournalEntry> journal = store.journal(ids.get(r));
            assertThat(journal).extracting(JournalEntry::position).as("run %d of %s", r, ops).containsExactlyElementsOf(run.positions);
            for (JournalEntry entry : journal) {
                assertThat(new String(entry.output(), StandardCharsets.UTF_8)).isEqualTo(run.outputs.get(entry.position()));
            }
            RunRecord stored = store.run(ids.get(r)).orElseThrow();
            assertThat(stored.status()).isEqualTo(run.failed ? RunStatus.FAILED : RunStatus.RUNNING);
        }
    }

    /** One append, in the order the checked path refuses: position, holder, taken position, bound. */
    private static Outcome apply(ModelRun run, long epoch, int position, String output) {
        if (position < 1) {
            return Outcome.CONFLICT;
        }
        if (epoch != run.epoch) {
            return Outcome.STALE;
        }
        if (run.failed) {
            return Outcome.FINISHED;
        }
        if (run.positions.contains(position)) {
            return Outcome.CONFLICT;
        }
        long bytes = output.getBytes(StandardCharsets.UTF_8).length;
        if (run.positions.size() + 1 > LIMITS.maxJournalEntries() || run.bytes + bytes > LIMITS.maxJournalBytes()) {
            run.failed = true;
            run.epoch++; // the run fails fenced: its holder's later writes are stale
            return Outcome.TOO_LARGE;
        }
        run.positions.add(position);
        run.outputs.put(position, output);
        run.bytes += bytes;
        return Outcome.STORED;
    }

    private static Outcome outcome(CompletableFuture<?> future) {
        Object value;
        try {
            value = future.join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JournalConflictException) {
                return Outcome.CONFLICT;
            }
            if (cause instanceof StaleEpochException) {
                return Outcome.STALE;
            }
            if (cause instanceof RunAlreadyFinishedException) {
                return Outcome.FINISHED;
            }
            if (cause instanceof JournalTooLargeException) {
                return Outcome.TOO_LARGE;
            }
            throw e;
        }
        if (value instanceof Optional<?> claim) {
            return claim.isPresent() ? Outcome.RECLAIMED : Outcome.NOT_RECLAIMED;
        }
        return Outcome.STORED;
    }
}
