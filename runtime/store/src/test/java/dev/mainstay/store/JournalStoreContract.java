package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JournalStore} must have. Each implementation runs it by providing
 * {@link #store()}. After each test the journal invariant is checked: dense positions from 1.
 */
abstract class JournalStoreContract {

    abstract JournalStore store();

    /** Called after the invariants of a test were checked. */
    abstract void closeStore();

    private final List<String> touched = new java.util.ArrayList<>();

    @AfterEach
    void journalsHaveNoGapsThenClose() {
        try {
            for (String runId : touched) {
                List<JournalEntry> journal = store().journal(runId);
                for (int i = 0; i < journal.size(); i++) {
                    assertThat(journal.get(i).position()).as("position of entry %d of %s", i, runId).isEqualTo(i + 1);
                }
            }
        } finally {
            closeStore();
        }
    }

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    String newRun(String key) {
        String id = UUID.randomUUID().toString();
        StartResult result = store().start(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{\"n\":1}"), key, 1000)).join();
        touched.add(result.run().id());
        return result.run().id();
    }

    static JournalEntry step(int position, String output) {
        return new JournalEntry(position, "step", "s" + position, true, null, json(output), null, 1, 10, 20);
    }

    static Throwable cause(Throwable t) {
        return t instanceof CompletionException ? t.getCause() : t;
    }

    @Test
    void start_createsPendingRun() {
        String id = newRun(null);
        RunRecord run = store().run(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.PENDING);
        assertThat(run.epoch()).isZero();
        assertThat(new String(run.input(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    }

    @Test
    void start_sameIdempotencyKeyReturnsSameRun() {
        String key = "order-" + UUID.randomUUID();
        String first = newRun(key);
        StartResult second = store().start(new NewRun(UUID.randomUUID().toString(), "greet", ComponentKind.WORKFLOW,
                json("{\"n\":1}"), key, 2000)).join();
        assertThat(second.created()).isFalse();
        assertThat(second.run().id()).isEqualTo(first);
        assertThat(store().runs(new RunQuery("greet", null, null, 1000)).runs())
                .filteredOn(r -> key.equals(r.idempotencyKey())).hasSize(1);
    }

    @Test
    void start_keyReusedWithOtherInputIsRefused() {
        String key = "k-" + UUID.randomUUID();
        newRun(key);
        assertThatThrownBy(() -> store().start(new NewRun(UUID.randomUUID().toString(), "greet", ComponentKind.WORKFLOW,
                json("{\"n\":2}"), key, 2000)).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void claim_bumpsEpochAndReturnsJournal() {
        String id = newRun(null);
        Claim first = store().claim(id, "w1").join().orElseThrow();
        assertThat(first.epoch()).isEqualTo(1);
        store().append(id, 1, step(1, "\"a\"")).join();
        Claim second = store().claim(id, "w2").join().orElseThrow();
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(second.journal()).extracting(JournalEntry::name).containsExactly("s1");
        assertThat(store().run(id).orElseThrow().workerId()).isEqualTo("w2");
    }

    @Test
    void append_staleEpochIsRefusedAndWritesNothing() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().claim(id, "w2").join();
        assertThatThrownBy(() -> store().append(id, 1, step(1, "\"late\"")).join())
                .extracting(JournalStoreContract::cause)
                .isInstanceOfSatisfying(StaleEpochException.class, e -> assertThat(e.currentEpoch()).isEqualTo(2));
        assertThat(store().journal(id)).isEmpty();
        assertThatThrownBy(() -> store().finish(id, 1, json("1"), null).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(StaleEpochException.class);
        assertThat(store().run(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void append_gapOrDuplicatePositionIsRefused() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().append(id, 1, step(1, "1")).join();
        assertThatThrownBy(() -> store().append(id, 1, step(1, "again")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(JournalConflictException.class);
        assertThatThrownBy(() -> store().append(id, 1, step(3, "gap")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(JournalConflictException.class);
        assertThat(store().journal(id)).hasSize(1);
    }

    @Test
    void release_fencesTheReleasedEpochUntilTheNextClaim() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        assertThat(store().release(id, 1).join()).isTrue();
        assertThat(store().release(id, 1).join()).as("a second release changes nothing").isFalse();
        assertThat(store().run(id).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
        assertThatThrownBy(() -> store().append(id, 1, step(1, "late")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(StaleEpochException.class);
        assertThatThrownBy(() -> store().finish(id, 1, json("1"), null).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(StaleEpochException.class);
        Claim next = store().claim(id, "w2").join().orElseThrow();
        assertThat(next.epoch()).isEqualTo(2);
        store().append(id, 2, step(1, "ok")).join();
        assertThat(store().journal(id)).hasSize(1);
    }

    @Test
    void finish_isFinalAndFencesLaterWrites() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        RunRecord done = store().finish(id, 1, json("\"ok\""), null).join();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.finishedAtMs()).isNotNull();
        assertThatThrownBy(() -> store().append(id, 1, step(1, "x")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(RunAlreadyFinishedException.class);
        assertThat(store().claim(id, "w2").join()).isEmpty();
    }

    @Test
    void runs_pagesNewestFirst() {
        String component = "paged-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            store().start(new NewRun(UuidV7.next(), component, ComponentKind.WORKFLOW, json("1"), null, i)).join();
        }
        RunPage first = store().runs(new RunQuery(component, null, null, 3));
        assertThat(first.runs()).hasSize(3);
        assertThat(first.nextCursor()).isNotNull();
        RunPage second = store().runs(new RunQuery(component, null, first.nextCursor(), 3));
        assertThat(second.runs()).hasSize(2);
        assertThat(second.nextCursor()).isNull();
        assertThat(first.runs().get(0).id()).isGreaterThan(first.runs().get(2).id());
    }

    @Test
    void liveRuns_listsPendingAndRunningOnly() {
        String pending = newRun(null);
        String running = newRun(null);
        String done = newRun(null);
        store().claim(running, "w").join();
        store().claim(done, "w").join();
        store().finish(done, 1, null, new Failure("WORKFLOW_FAILED", "x.Boom", "boom", "")).join();
        assertThat(store().liveRuns()).extracting(RunRecord::id).contains(pending, running).doesNotContain(done);
        assertThat(store().run(done).orElseThrow().failure().message()).isEqualTo("boom");
    }

    @Test
    void components_registerAndRefresh() {
        store().registerComponents(List.of(new ComponentRecord("c1", ComponentKind.WORKFLOW, "{\"type\":\"string\"}"))).join();
        store().registerComponents(List.of(new ComponentRecord("c1", ComponentKind.WORKFLOW, "{\"type\":\"object\"}"))).join();
        assertThat(store().component("c1").orElseThrow().inputSchema()).isEqualTo("{\"type\":\"object\"}");
        assertThat(store().component("nope")).isEmpty();
    }
}
