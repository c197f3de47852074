package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link JournalStore} must have. Each implementation runs it by providing
 * {@link #store()}. After each test the journal invariant is checked: dense positions from 1.
 *
 * <p>Why it is long: it is the one contract both stores must pass, so every behaviour of the store
 * interface is here once, in sections by the part of the contract it covers.
 */
abstract class JournalStoreContract {

    abstract JournalStore store();

    /** Closes the store and opens it again on the same data with {@code limits}. */
    abstract JournalStore reopen(StoreLimits limits);

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

    @Test
    void pendingRuns_highestPriorityFirst_oldestFirstWithinOnePriority() {
        String[] ids = new String[4];
        int[] priorities = {0, 5, 0, 5};
        String stem = UUID.randomUUID().toString().substring(0, 30);
        for (int i = 0; i < ids.length; i++) {
            NewRun run = new NewRun(stem + "-" + i, "greet", ComponentKind.WORKFLOW, json("{}"), null, 1000 + i, null)
                    .withPriority(priorities[i]);
            ids[i] = store().start(run).join().run().id();
            touched.add(ids[i]);
        }
        assertThat(store().pendingRuns(List.of("greet"), 10)).extracting(ReadyRun::id)
                .containsExactly(ids[1], ids[3], ids[0], ids[2]);
        assertThat(store().run(ids[1]).orElseThrow().priority()).isEqualTo(5);
    }

    @Test
    void debouncedStarts_replaceTheWaitingRunsInput_untilItsWindowEndsOrItsLongestDelay() {
        String component = "debounced-" + UUID.randomUUID().toString().substring(0, 8);
        Debounce debounce = new Debounce("k1", 1_000, 2_500);
        StartResult first = store().startDebounced(new NewRun(UUID.randomUUID().toString(), component,
                ComponentKind.WORKFLOW, json("{\"n\":1}"), null, 10_000, null), debounce).join();
        touched.add(first.run().id());
        assertThat(first.created()).isTrue();
        assertThat(first.run().status()).isEqualTo(RunStatus.SUSPENDED);
        assertThat(first.run().wakeAtMs()).isEqualTo(11_000L);

        StartResult second = store().startDebounced(new NewRun(UUID.randomUUID().toString(), component,
                ComponentKind.WORKFLOW, json("{\"n\":2}"), null, 10_800, null), debounce).join();
        assertThat(second.created()).isFalse();
        assertThat(second.run().id()).isEqualTo(first.run().id());
        assertThat(new String(second.run().input(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}");
        assertThat(second.run().wakeAtMs()).as("a window after the latest start").isEqualTo(11_800L);
        StartResult late = store().startDebounced(new NewRun(UUID.randomUUID().toString(), component,
                ComponentKind.WORKFLOW, json("{\"n\":3}"), null, 12_000, null), debounce).join();
        assertThat(late.run().wakeAtMs()).as("never past the longest delay after the first start").isEqualTo(12_500L);

        StartResult otherKey = store().startDebounced(new NewRun(UUID.randomUUID().toString(), component,
                ComponentKind.WORKFLOW, json("{}"), null, 12_000, null), new Debounce("k2", 1_000, 2_500)).join();
        touched.add(otherKey.run().id());
        assertThat(otherKey.created()).as("another key, another run").isTrue();

        assertThat(store().wakeDue(12_500, 1_000).join()).extracting(RunRecord::id).contains(first.run().id());
        assertThat(store().run(first.run().id()).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
        StartResult after = store().startDebounced(new NewRun(UUID.randomUUID().toString(), component,
                ComponentKind.WORKFLOW, json("{\"n\":4}"), null, 12_600, null), debounce).join();
        touched.add(after.run().id());
        assertThat(after.created()).as("the woken run takes no more input").isTrue();
        assertThat(new String(store().run(first.run().id()).orElseThrow().input(), StandardCharsets.UTF_8))
                .isEqualTo("{\"n\":3}");
    }

    @Test
    void aChild_takesItsParentsPriority_andPendingRunsCarryTheirs() {
        String parent = store().start(new NewRun(UUID.randomUUID().toString(), "greet", ComponentKind.WORKFLOW,
                json("{}"), null, 1000, null).withPriority(7)).join().run().id();
        touched.add(parent);
        store().claim(parent, "w1").join();
        String child = newChild(parent, 1, false);
        assertThat(store().run(child).orElseThrow().priority()).isEqualTo(7);
        assertThat(store().pendingRuns(List.of("greet"), 10)).filteredOn(r -> r.id().equals(child))
                .singleElement().satisfies(r -> assertThat(r.priority()).isEqualTo(7));
    }

    String newRun(String key) {
        String id = UUID.randomUUID().toString();
        StartResult result = store().start(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{\"n\":1}"), key, 1000, null)).join();
        touched.add(result.run().id());
        return result.run().id();
    }

    static JournalEntry step(int position, String output) {
        return new JournalEntry(position, "step", "s" + position, true, null, json(output), null, 1, 10, 20);
    }

    static Throwable cause(Throwable t) {
        return t instanceof CompletionException ? t.getCause() : t;
    }

    private NewRun agentRun(String key) {
        return new NewRun(UUID.randomUUID().toString(), "agent:support", ComponentKind.WORKFLOW, json("{}"), key, 1000, null);
    }

    private static TokenRecord token(String id, String hash, Long expiresAtMs) {
        return new TokenRecord(id, hash, "default", "client", "for " + id, 1_000, "tok_admin", expiresAtMs, null);
    }

    @Test
    void stats_ofAComponentPrefix_countOnlyItsRunsAndTheirSteps() {
        long since = System.currentTimeMillis() - 1_000;
        List<String> ids = new java.util.ArrayList<>();
        for (String component : List.of("team-a/charge", "team-a/refund", "team-b/charge", "team-ab/charge")) {
            String id = UuidV7.next();
            store().start(new NewRun(id, component, ComponentKind.WORKFLOW, json("{}"), null, System.currentTimeMillis(), null)).join();
            touched.add(id);
            ids.add(id);
        }
        store().claim(ids.get(0), "w1").join().orElseThrow();
        store().append(ids.get(0), 1, step(1, "\"a\"")).join();

        RunStats teamA = store().stats(since, "team-a/");
        assertThat(teamA.runsByStatus()).isEqualTo(java.util.Map.of(RunStatus.RUNNING, 1L, RunStatus.PENDING, 1L));
        assertThat(teamA.stepDurationsMs()).containsExactly(10L);
        RunStats teamB = store().stats(since, "team-b/");
        assertThat(teamB.runsByStatus()).isEqualTo(java.util.Map.of(RunStatus.PENDING, 1L));
        assertThat(teamB.stepDurationsMs()).isEmpty();
        assertThat(store().stats(since, null).runsByStatus().values().stream().mapToLong(Long::longValue).sum())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void deleteFinishedRuns_takesFinishedRunsWithAllTheyOwn_andKeepsLiveOnesSessionsAndParentsOfLiveChildren() {
        java.util.function.Function<String, String> started = key -> {
            String id = UuidV7.next();
            store().start(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{}"), key, System.currentTimeMillis(), null,
                    null, null, List.of("tagged"), null)).join();
            touched.add(id);
            return id;
        };
        String done = started.apply("order-1");
        store().claim(done, "w1").join().orElseThrow();
        store().recordAttempt(done, 1, attempt(1, 1, null), false).join();
        store().append(done, 1, step(1, "\"a\"")).join();
        store().append(done, 1, attribute(2, "customer", "{\"kind\":\"string\",\"value\":\"c-retained\"}")).join();
        store().finish(done, 1, json("1"), null).join();
        String live = started.apply(null);
        String parent = started.apply(null);
        store().claim(parent, "w1").join().orElseThrow();
        String child = newChild(parent, 1, true);
        store().finish(parent, 1, json("1"), null).join();
        String sessionRun = UuidV7.next();
        store().startInSession(new NewRun(sessionRun, "agent:support", ComponentKind.WORKFLOW, json("{}"), null,
                System.currentTimeMillis(), null), "support", "s-retained", null).join();
        store().claim(sessionRun, "w1").join().orElseThrow();
        store().finish(sessionRun, 1, json("1"), null).join();

        long now = System.currentTimeMillis();
        assertThat(store().deleteFinishedRuns(60_000L, now, 100).join()).as("none old enough").isZero();
        assertThat(store().deleteFinishedRuns(null, now + 1_000, 100).join()).as("no retention").isZero();
        assertThat(store().deleteFinishedRuns(0L, now + 1_000, 100).join()).isGreaterThanOrEqualTo(1);
        assertThat(store().run(done)).isEmpty();
        assertThat(store().journal(done)).isEmpty();
        assertThat(store().attempts(done)).isEmpty();
        assertThat(store().attributes(done)).isEmpty();
        assertThat(store().runs(new RunQuery(null, null, null, 100, null, null, null, "tagged", null)).runs())
                .extracting(RunRecord::id).doesNotContain(done).contains(live, parent);
        assertThat(store().run(live)).isPresent();
        assertThat(store().run(parent)).as("its detached child is live").isPresent();
        assertThat(store().run(child)).isPresent();
        assertThat(store().run(sessionRun)).as("its session's history starts there").isPresent();
        // the key is free again: a new run, not the deleted one
        assertThat(started.apply("order-1")).isNotEqualTo(done);
    }

    @Test
    void aWorkflowsOwnRetention_overridesTheDefault_bothWays() {
        String shortLived = "short-" + UUID.randomUUID().toString().substring(0, 8);
        String longLived = "long-" + UUID.randomUUID().toString().substring(0, 8);
        String plain = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        store().registerComponents(List.of(new ComponentRecord(shortLived, ComponentKind.WORKFLOW, null, null),
                new ComponentRecord(longLived, ComponentKind.WORKFLOW, null, null),
                new ComponentRecord(plain, ComponentKind.WORKFLOW, null, null))).join();
        assertThat(store().setRetention(shortLived, 1_000L).join()).isTrue();
        assertThat(store().setRetention(longLived, 3_600_000L).join()).isTrue();
        assertThat(store().setRetention("never-registered", 1_000L).join()).isFalse();
        assertThat(store().retention(shortLived)).contains(1_000L);
        assertThat(store().retention(plain)).isEmpty();
        java.util.function.Function<String, String> finished = component -> {
            String id = UuidV7.next();
            store().start(new NewRun(id, component, ComponentKind.WORKFLOW, json("{}"), null, System.currentTimeMillis(),
                    null)).join();
            touched.add(id);
            store().claim(id, "w1").join().orElseThrow();
            store().finish(id, 1, json("1"), null).join();
            return id;
        };
        String a = finished.apply(shortLived);
        String b = finished.apply(longLived);
        String c = finished.apply(plain);
        long later = System.currentTimeMillis() + 60_000; // a minute after they finished

        assertThat(store().deleteFinishedRuns(null, later, 100).join()).as("only the short-lived workflow's").isEqualTo(1);
        assertThat(store().run(a)).isEmpty();
        assertThat(store().run(c)).as("no default retention").isPresent();
        store().deleteFinishedRuns(30_000L, later, 100).join();
        assertThat(store().run(c)).as("past the default").isEmpty();
        assertThat(store().run(b)).as("its own hour, not the default's 30 s").isPresent();

        store().setRetention(longLived, null).join();
        assertThat(store().retention(longLived)).isEmpty();
        store().deleteFinishedRuns(30_000L, later, 100).join();
        assertThat(store().run(b)).as("back on the default").isEmpty();
    }

    @Test
    void tokens_areFoundByHashAndRevokedOnce() {
        assertThat(store().createToken(token("tok_a", "hash-a", null), 10).join()).isTrue();
        assertThat(store().createToken(token("tok_other", "hash-a", null), 10).join()).as("same secret").isFalse();
        assertThat(store().tokenByHash("hash-a")).get().extracting(TokenRecord::id).isEqualTo("tok_a");
        assertThat(store().tokenByHash("hash-b")).isEmpty();

        TokenRecord revoked = store().revokeToken("tok_a", 5_000).join().orElseThrow();
        assertThat(revoked.revokedAtMs()).isEqualTo(5_000);
        assertThat(revoked.liveAt(6_000)).isFalse();
        assertThat(store().revokeToken("tok_a", 9_000).join().orElseThrow().revokedAtMs()).as("first time kept").isEqualTo(5_000);
        assertThat(store().revokeToken("tok_none", 9_000).join()).isEmpty();
        assertThat(store().tokenByHash("hash-a").orElseThrow().revokedAtMs()).isEqualTo(5_000);
    }

    @Test
    void tokens_areListedAndReadByIds_andTheLiveOnesAreBounded() {
        store().createToken(token("tok_1", "h1", null), 2).join();
        store().createToken(token("tok_2", "h2", 2_000L), 2).join(); // expired long ago: does not count
        store().createToken(token("tok_3", "h3", null), 2).join();
        assertThatThrownBy(() -> store().createToken(token("tok_4", "h4", null), 2).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(LimitExceededException.class);
        store().revokeToken("tok_1", 3_000).join();
        assertThat(store().createToken(token("tok_4", "h4", null), 2).join()).isTrue();

        assertThat(store().tokens()).extracting(TokenRecord::id).containsExactlyInAnyOrder("tok_1", "tok_2", "tok_3", "tok_4");
        assertThat(store().tokens(List.of("tok_2", "tok_4", "tok_gone"))).extracting(TokenRecord::id)
                .containsExactlyInAnyOrder("tok_2", "tok_4");
        assertThat(store().tokens(List.of())).isEmpty();
    }

    @Test
    void startInSession_movesTheSessionOnlyFromTheExpectedRun() {
        assertThat(store().agentSession("support", "s1")).isEmpty();
        String first = store().startInSession(agentRun(null), "support", "s1", null).join().run().id();
        assertThat(store().agentSession("support", "s1")).get().extracting(AgentSession::lastRunId).isEqualTo(first);

        // a second start that read the session before the first one moved it is refused, writing nothing
        NewRun racing = agentRun(null);
        assertThatThrownBy(() -> store().startInSession(racing, "support", "s1", null).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(SessionBusyException.class)
                .extracting(t -> ((SessionBusyException) t).code()).isEqualTo(dev.mainstay.protocol.ErrorCode.SESSION_BUSY);
        assertThat(store().run(racing.id())).isEmpty();

        String second = store().startInSession(agentRun("k"), "support", "s1", first).join().run().id();
        assertThat(store().agentSession("support", "s1")).get().extracting(AgentSession::lastRunId).isEqualTo(second);
        // the same idempotency key returns the same run and leaves the session alone
        StartResult again = store().startInSession(agentRun("k"), "support", "s1", "whatever").join();
        assertThat(again.created()).isFalse();
        assertThat(again.run().id()).isEqualTo(second);
        assertThat(store().agentSession("support", "other")).isEmpty();
        assertThat(store().agentSession("billing", "s1")).isEmpty();
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
                json("{\"n\":1}"), key, 2000, null)).join();
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
                json("{\"n\":2}"), key, 2000, null)).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void claim_bumpsEpochAndReturnsJournal() {
        String id = newRun(null);
        Claim first = store().claim(id, "w1").join().orElseThrow();
        assertThat(first.epoch()).isEqualTo(1);
        store().append(id, 1, step(1, "\"a\"")).join();
        assertThat(store().release(id, 1).join()).isTrue();
        Claim second = store().claim(id, "w2").join().orElseThrow();
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(second.journal()).extracting(JournalEntry::name).containsExactly("s1");
        assertThat(store().run(id).orElseThrow().workerId()).isEqualTo("w2");
    }

    @Test
    void claim_ofARunAlreadyHeld_isRefusedAndLeavesItsHolderAlone() {
        String id = newRun(null);
        store().claim(id, "w1").join().orElseThrow();
        // a dispatcher acting on a read from before that claim (a store scan) tries again
        assertThat(store().claim(id, "w2").join()).isEmpty();
        assertThat(store().run(id).orElseThrow()).satisfies(run -> {
            assertThat(run.epoch()).isEqualTo(1);
            assertThat(run.workerId()).isEqualTo("w1");
        });
        store().append(id, 1, step(1, "\"kept\"")).join();
        assertThat(store().journal(id)).extracting(JournalEntry::name).containsExactly("s1");
    }

    @Test
    void startAndClaim_createsTheRunHeldByTheWorker_asAStartThenAClaimWould() {
        String id = UUID.randomUUID().toString();
        touched.add(id);
        ClaimedStart committed = store().startAndClaim(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{\"n\":1}"),
                "key-sc", 1000, null), "w1", null).join();

        assertThat(committed.start().created()).isTrue();
        assertThat(committed.start().run().status()).as("as the start created it").isEqualTo(RunStatus.PENDING);
        assertThat(committed.refused()).isNull();
        assertThat(committed.claim()).get().satisfies(claim -> {
            assertThat(claim.epoch()).isEqualTo(1);
            assertThat(claim.journal()).isEmpty();
            assertThat(claim.run().input()).isEqualTo(json("{\"n\":1}"));
        });
        assertThat(store().run(id).orElseThrow()).satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run.epoch()).isEqualTo(1);
            assertThat(run.workerId()).isEqualTo("w1");
        });
        store().append(id, 1, step(1, "\"a\"")).join(); // the claim's epoch fences the holder's writes

        ClaimedStart again = store().startAndClaim(new NewRun(UUID.randomUUID().toString(), "greet", ComponentKind.WORKFLOW,
                json("{\"n\":1}"), "key-sc", 2000, null), "w2", null).join();
        assertThat(again.start().created()).as("the key's run is the answer").isFalse();
        assertThat(again.start().run().id()).isEqualTo(id);
        assertThat(again.claim()).as("and it is not taken from its holder").isEmpty();
        assertThat(store().run(id).orElseThrow().workerId()).isEqualTo("w1");
    }

    @Test
    void startAndClaim_thatTheBuildRefuses_leavesTheRunStartedAndPending() {
        store().registerBuild(List.of("greet"), "v2").join();
        String id = UUID.randomUUID().toString();
        touched.add(id);
        ClaimedStart committed = store().startAndClaim(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{}"), null,
                1000, null), "w1", "v1").join();

        assertThat(committed.start().created()).isTrue();
        assertThat(committed.claim()).isEmpty();
        assertThat(committed.refused()).isInstanceOfSatisfying(WrongBuildException.class,
                e -> assertThat(e.neededBuild()).isEqualTo("v2"));
        assertThat(store().run(id).orElseThrow()).satisfies(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.PENDING);
            assertThat(run.epoch()).isZero();
        });
        assertThat(store().claim(id, "w2", "v2").join()).get().extracting(Claim::epoch).isEqualTo(1L);
    }

    @Test
    void startAndClaim_thatTheConcurrencyLimitRefuses_takesNoPlace_andTheRunWaitsItsTurn() {
        store().registerComponents(List.of(new ComponentRecord("single", ComponentKind.WORKFLOW, null, null, 1, null)))
                .join();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        touched.add(first);
        touched.add(second);
        assertThat(store().startAndClaim(new NewRun(first, "single", ComponentKind.WORKFLOW, json("{}"), null, 1000, null, ""),
                "w1", null).join().claim()).isPresent();

        ClaimedStart refused = store().startAndClaim(new NewRun(second, "single", ComponentKind.WORKFLOW, json("{}"), null,
                1001, null, ""), "w1", null).join();
        assertThat(refused.start().created()).isTrue();
        assertThat(refused.refused()).isInstanceOf(ConcurrencyLimitReachedException.class);
        assertThat(store().run(second).orElseThrow().status()).isEqualTo(RunStatus.PENDING);

        store().finish(first, 1, json("1"), null).join();
        assertThat(store().claim(second, "w1").join()).as("its place is free once the first ended").isPresent();
    }

    @Test
    void builds_aRunIsPinnedToTheBuildOfItsFirstClaim_andNewRunsGoToTheNewestBuild() {
        store().registerBuild(List.of("greet"), "v1").join();
        String old = newRun(null);
        store().claim(old, "w1", "v1").join().orElseThrow();
        assertThat(store().runBuild(old)).contains("v1");
        store().release(old, 1).join();

        store().registerBuild(List.of("greet"), "v2").join();
        store().registerBuild(List.of("greet"), "v1").join(); // a v1 worker that reconnects: v2 stays newest
        assertThatThrownBy(() -> store().claim(old, "w2", "v2").join()).extracting(JournalStoreContract::cause)
                .isInstanceOfSatisfying(WrongBuildException.class, e -> {
                    assertThat(e.neededBuild()).isEqualTo("v1");
                    assertThat(e.pinned()).isTrue();
                });
        assertThat(store().run(old).orElseThrow().status()).as("nothing written").isEqualTo(RunStatus.PENDING);
        assertThat(store().pendingRuns(List.of("greet"), List.of("v2"), 10)).as("pinned to v1").isEmpty();
        assertThat(store().pendingRuns(List.of("greet"), List.of("v1"), 10)).containsExactly(new ReadyRun(old, "greet", "v1"));
        assertThat(store().claim(old, "w1", "v1").join()).get().extracting(Claim::epoch).isEqualTo(2L);

        String fresh = newRun(null);
        assertThatThrownBy(() -> store().claim(fresh, "w1", "v1").join()).extracting(JournalStoreContract::cause)
                .isInstanceOfSatisfying(WrongBuildException.class, e -> {
                    assertThat(e.neededBuild()).isEqualTo("v2");
                    assertThat(e.pinned()).isFalse();
                });
        assertThat(store().runBuild(fresh)).isEmpty();
        assertThat(store().pendingRuns(List.of("greet"), 10)).containsExactly(new ReadyRun(fresh, "greet", null));
        assertThat(store().pendingRuns(List.of("greet"), List.of("v1"), 10)).as("v2 is current").isEmpty();
        assertThat(store().pendingRuns(List.of("greet"), List.of("v2"), 10)).containsExactly(new ReadyRun(fresh, "greet", null));
        store().claim(fresh, "w2", "v2").join().orElseThrow();
        assertThat(store().runBuild(fresh)).contains("v2");
    }

    @Test
    void builds_promoteAndRollbackChooseWhereNewRunsGo_andTheListShowsRunsPerBuild() {
        store().registerBuild(List.of("greet"), "v1").join();
        String done = newRun(null);
        store().claim(done, "w1", "v1").join().orElseThrow();
        store().finish(done, 1, json("1"), null).join();
        store().registerBuild(List.of("greet"), "v2").join();
        String live = newRun(null);
        store().claim(live, "w2", "v2").join().orElseThrow();

        assertThat(store().builds("greet")).extracting(BuildRecord::buildId, BuildRecord::current, BuildRecord::newest,
                        BuildRecord::liveRuns, BuildRecord::endedRuns)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v2", true, true, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple("v1", false, false, 0L, 1L));

        assertThat(store().promoteBuild("greet", "v1").join()).isTrue();
        assertThat(store().promoteBuild("greet", "v9").join()).as("never registered").isFalse();
        String next = newRun(null);
        assertThatThrownBy(() -> store().claim(next, "w2", "v2").join()).extracting(JournalStoreContract::cause)
                .isInstanceOf(WrongBuildException.class);
        assertThat(store().builds("greet")).filteredOn(BuildRecord::current).extracting(BuildRecord::buildId)
                .containsExactly("v1");

        assertThat(store().rollbackBuild("greet").join()).contains("v2");
        store().claim(next, "w2", "v2").join().orElseThrow();
        assertThat(store().rollbackBuild("other").join()).as("no builds").isEmpty();
    }

    @Test
    void builds_aRunOfALatestComponent_goesToTheCurrentBuildAtEveryClaim_andIsRepinnedThere() {
        store().registerComponents(List.of(new ComponentRecord("greet", ComponentKind.WORKFLOW, null, null, null, null,
                UpgradeMode.LATEST))).join();
        assertThat(store().component("greet")).get().extracting(ComponentRecord::upgrade).isEqualTo(UpgradeMode.LATEST);
        store().registerBuild(List.of("greet"), "v1").join();
        String run = newRun(null);
        store().claim(run, "w1", "v1").join().orElseThrow();
        store().release(run, 1).join(); // its sleep ended, say: it waits for its next claim
        store().registerBuild(List.of("greet"), "v2").join();

        assertThat(store().neededBuild(run)).contains("v2");
        assertThat(store().pendingRuns(List.of("greet"), List.of("v1"), 10)).as("v2 is current, though v1 ran it").isEmpty();
        assertThat(store().pendingRuns(List.of("greet"), List.of("v2"), 10)).containsExactly(new ReadyRun(run, "greet", "v2"));
        assertThat(store().pendingRuns(List.of("greet"), 10)).containsExactly(new ReadyRun(run, "greet", "v2"));
        assertThatThrownBy(() -> store().claim(run, "w1", "v1").join()).extracting(JournalStoreContract::cause)
                .isInstanceOfSatisfying(WrongBuildException.class, e -> {
                    assertThat(e.neededBuild()).isEqualTo("v2");
                    assertThat(e.pinned()).isFalse();
                });
        assertThat(store().claim(run, "w2", "v2").join()).get().extracting(Claim::epoch).isEqualTo(2L);
        assertThat(store().runBuild(run)).as("re-pinned to the build that claimed it").contains("v2");
        assertThat(store().builds("greet")).extracting(BuildRecord::buildId, BuildRecord::liveRuns)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v2", 1L), org.assertj.core.groups.Tuple.tuple("v1", 0L));

        // it follows a promote too, and stays where it ran last once the workflow is PINNED again
        store().release(run, 2).join();
        store().promoteBuild("greet", "v1").join();
        assertThat(store().neededBuild(run)).contains("v1");
        assertThat(store().claim(run, "w1", "v1").join()).get().extracting(Claim::epoch).isEqualTo(3L);
        store().release(run, 3).join();
        store().registerComponents(List.of(new ComponentRecord("greet", ComponentKind.WORKFLOW, null, null))).join();
        store().promoteBuild("greet", "v2").join();
        assertThat(store().neededBuild(run)).contains("v1");
        assertThatThrownBy(() -> store().claim(run, "w2", "v2").join()).extracting(JournalStoreContract::cause)
                .isInstanceOfSatisfying(WrongBuildException.class, e -> assertThat(e.pinned()).isTrue());
    }

    @Test
    void neededBuild_isThePinnedBuild_orTheCurrentOneForARunNeverClaimed() {
        String unknown = newRun(null);
        assertThat(store().neededBuild(unknown)).as("no builds recorded: any").isEmpty();
        store().registerBuild(List.of("greet"), "v1").join();
        assertThat(store().neededBuild(unknown)).contains("v1");
        store().claim(unknown, "w1", "v1").join().orElseThrow();
        store().registerBuild(List.of("greet"), "v2").join();
        assertThat(store().neededBuild(unknown)).as("pinned").contains("v1");
        assertThat(store().neededBuild("no-such-run")).isEmpty();
    }

    @Test
    void claim_withoutABuild_isUnchecked_andPinsNothing() {
        store().registerBuild(List.of("greet"), "v1").join();
        String id = newRun(null);
        store().claim(id, "w1").join().orElseThrow();
        assertThat(store().runBuild(id)).isEmpty();
    }

    @Test
    void append_staleEpochIsRefusedAndWritesNothing() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().release(id, 1).join();
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
    void append_takenOrInvalidPositionIsRefused_butParallelStepsMayLandOutOfOrder() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().append(id, 1, step(1, "1")).join();
        store().append(id, 1, step(3, "3")).join();
        assertThatThrownBy(() -> store().append(id, 1, step(1, "again")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(JournalConflictException.class);
        assertThatThrownBy(() -> store().append(id, 1, step(0, "zero")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(JournalConflictException.class);
        store().append(id, 1, step(2, "2")).join();
        assertThat(store().journal(id)).extracting(JournalEntry::position).containsExactly(1, 2, 3);
    }

    @Test
    void appendsQueuedTogether_endEachAsAloneItWould_refusalsAmongThemIncluded() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = newRun(null);
            store().claim(id, "w1").join().orElseThrow();
            ids.add(id);
        }
        // queued without waiting, so that they share batches (on PostgreSQL: one round trip for a batch's appends)
        List<CompletableFuture<Void>> firsts = new java.util.ArrayList<>();
        List<CompletableFuture<Void>> seconds = new java.util.ArrayList<>();
        CompletableFuture<Void> stale = null;
        CompletableFuture<Void> taken = null;
        for (int i = 0; i < ids.size(); i++) {
            firsts.add(store().append(ids.get(i), 1, step(1, "\"a" + i + "\"")));
            if (i == 5) {
                stale = store().append(ids.get(i), 7, step(2, "\"stale\""));
            }
            if (i == 9) {
                taken = store().append(ids.get(i), 1, step(1, "\"again\""));
            }
            seconds.add(store().append(ids.get(i), 1, step(2, "\"b" + i + "\"")));
        }
        firsts.forEach(CompletableFuture::join);
        seconds.forEach(CompletableFuture::join);
        assertThatThrownBy(stale::join).extracting(JournalStoreContract::cause).isInstanceOf(StaleEpochException.class);
        assertThatThrownBy(taken::join).extracting(JournalStoreContract::cause).isInstanceOf(JournalConflictException.class);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(store().journal(ids.get(i))).extracting(e -> new String(e.output(), StandardCharsets.UTF_8))
                    .containsExactly("\"a" + i + "\"", "\"b" + i + "\"");
            assertThat(store().run(ids.get(i)).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void pause_keepsARunFromEveryClaim_untilResumed_andASecondPauseChangesNothing() {
        String id = newRun(null);
        RunRecord paused = store().pause(id, "tok_ops").join();
        assertThat(paused.paused()).isTrue();
        assertThat(paused.pausedBy()).isEqualTo("tok_ops");
        assertThat(store().pause(id, "tok_other").join()).as("paused twice")
                .extracting(RunRecord::pausedAtMs, RunRecord::pausedBy).containsExactly(paused.pausedAtMs(), "tok_ops");
        assertThat(store().claim(id, "w1").join()).isEmpty();
        assertThat(store().run(id).orElseThrow()).extracting(RunRecord::status, RunRecord::epoch)
                .containsExactly(RunStatus.PENDING, 0L);
        assertThat(store().pendingRuns(List.of("greet"), 1_000)).extracting(ReadyRun::id).doesNotContain(id);
        assertThat(store().runs(new RunQuery("greet", null, null, 1000).withPaused(true)).runs())
                .extracting(RunRecord::id).contains(id);
        assertThat(store().runs(new RunQuery("greet", RunStatus.PENDING, null, 1000).withPaused(false)).runs())
                .extracting(RunRecord::id).doesNotContain(id);

        assertThat(store().resume(id).join().paused()).isFalse();
        assertThat(store().pendingRuns(List.of("greet"), 1_000)).extracting(ReadyRun::id).contains(id);
        assertThat(store().claim(id, "w1").join()).isPresent();
    }

    @Test
    void pause_ofAHeldRun_letsItsHolderWrite_thenItsReleaseOrWakeUpLeavesItUnclaimed() {
        String id = newRun(null);
        store().claim(id, "w1").join().orElseThrow();
        String other = newRun(null);
        store().claim(other, "w1").join().orElseThrow();
        store().pause(id, null).join();
        assertThat(store().pauseRequested(List.of(id, other))).as("held and paused").containsExactly(id);
        store().append(id, 1, step(1, "\"done\"")).join(); // the step it was in is journaled
        assertThat(store().release(id, 1).join()).isTrue();
        assertThat(store().claim(id, "w2").join()).as("released while paused").isEmpty();
        assertThat(store().pauseRequested(List.of(id))).as("no longer held").isEmpty();

        store().resume(id).join();
        Claim claim = store().claim(id, "w2").join().orElseThrow();
        assertThat(claim.journal()).hasSize(1);
        store().pause(id, null).join();
        store().appendAndSuspend(id, claim.epoch(), new JournalEntry(2, "sleep", "nap", true, null, json("1"), null, 1, 10, 10),
                1L).join();
        assertThat(store().wakeDue(System.currentTimeMillis(), 1_000).join()).extracting(RunRecord::id).contains(id);
        assertThat(store().claim(id, "w2").join()).as("woken while paused").isEmpty();
        assertThat(store().run(id).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
    }

    @Test
    void pause_ofAFinishedRun_isRefused() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().finish(id, 1, json("1"), null).join();
        assertThatThrownBy(() -> store().pause(id, null).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(RunAlreadyFinishedException.class);
        assertThatThrownBy(() -> store().resume(id).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(RunAlreadyFinishedException.class);
        assertThatThrownBy(() -> store().pause("no-such-run", null).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pauseComponent_holdsBackEveryRunOfIt_untilResumed_andOutlivesARegistration() {
        String component = "paused-" + UUID.randomUUID().toString().substring(0, 8);
        ComponentRecord record = new ComponentRecord(component, ComponentKind.WORKFLOW, "{}", null);
        assertThat(store().pauseComponent(component, "tok_ops").join()).as("unknown").isFalse();
        store().registerComponents(List.of(record)).join();
        String held = UuidV7.next();
        store().start(new NewRun(held, component, ComponentKind.WORKFLOW, json("{}"), null, 1000, null)).join();
        touched.add(held);
        store().claim(held, "w1").join().orElseThrow();
        String waiting = UuidV7.next();
        store().start(new NewRun(waiting, component, ComponentKind.WORKFLOW, json("{}"), null, 1000, null)).join();
        touched.add(waiting);

        assertThat(store().pauseComponent(component, "tok_ops").join()).isTrue();
        assertThat(store().pauseComponent(component, "tok_other").join()).isTrue();
        assertThat(store().componentPause(component)).hasValueSatisfying(p -> assertThat(p.by()).isEqualTo("tok_ops"));
        store().registerComponents(List.of(record)).join(); // a worker registering again keeps the pause
        assertThat(store().pendingRuns(List.of(component), 10)).isEmpty();
        assertThat(store().claim(waiting, "w1").join()).isEmpty();
        store().append(held, 1, step(1, "1")).join(); // a held run goes on
        store().finish(held, 1, json("1"), null).join();

        assertThat(store().resumeComponent(component).join()).isTrue();
        assertThat(store().componentPause(component)).isEmpty();
        assertThat(store().pendingRuns(List.of(component), 10)).extracting(ReadyRun::id).containsExactly(waiting);
        assertThat(store().claim(waiting, "w1").join()).isPresent();
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
    void restart_copiesEntriesBeforeThePositionAndLinksBothRuns() {
        String original = newRun(null);
        store().claim(original, "w1").join();
        for (int p = 1; p <= 3; p++) {
            store().append(original, 1, step(p, "\"v" + p + "\"")).join();
        }
        store().finish(original, 1, null, new Failure("STEP_FAILED", "Boom", "step 3 failed", null)).join();
        String id = UUID.randomUUID().toString();
        touched.add(id);
        StartResult restarted = store().restart(original, 3,
                new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{\"n\":1}"), null, 2000, null)).join();

        assertThat(restarted.created()).isTrue();
        assertThat(restarted.run().status()).isEqualTo(RunStatus.PENDING);
        assertThat(store().journal(id)).extracting(JournalEntry::position).containsExactly(1, 2);
        assertThat(new String(store().journal(id).get(1).output(), StandardCharsets.UTF_8)).isEqualTo("\"v2\"");
        assertThat(store().restartedFrom(id)).contains(original);
        assertThat(store().restarts(original)).containsExactly(id);
        assertThat(store().journal(original)).hasSize(3);
        // the copy is the new run's own journal, fenced by its own epoch
        store().claim(id, "w2").join();
        store().append(id, 1, step(3, "\"again\"")).join();
        assertThat(store().journal(id)).hasSize(3);
    }

    @Test
    void restart_refusesALiveRunAndAPositionPastTheEnd() {
        String live = newRun(null);
        NewRun again = new NewRun(UUID.randomUUID().toString(), "greet", ComponentKind.WORKFLOW, json("{}"), null, 2000, null);
        assertThatThrownBy(() -> store().restart(live, 1, again).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(RunNotFinishedException.class);
        store().claim(live, "w1").join();
        store().append(live, 1, step(1, "1")).join();
        store().finish(live, 1, json("1"), null).join();
        assertThatThrownBy(() -> store().restart(live, 3, again).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().restart(live, 0, again).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(IllegalArgumentException.class);
        assertThat(store().run(again.id())).isEmpty();
        assertThat(store().restarts(live)).isEmpty();
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
            store().start(new NewRun(UuidV7.next(), component, ComponentKind.WORKFLOW, json("1"), null, i, null)).join();
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

    static Attempt attempt(int position, int number, Long retryAt) {
        return new Attempt(position, number, "step", "s" + position, new Failure("STEP_FAILED", "x.Down", "down", null),
                10, 20, retryAt);
    }

    @Test
    void recordAttempt_countsAttemptsAndSuspendsUntilTheTimer() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().recordAttempt(id, 1, attempt(1, 1, 5_000L), false).join();
        assertThatThrownBy(() -> store().recordAttempt(id, 1, attempt(1, 3, 6_000L), false).join())
                .as("attempts are dense").extracting(JournalStoreContract::cause).isInstanceOf(JournalConflictException.class);
        store().recordAttempt(id, 1, attempt(1, 2, 7_000L), true).join();

        RunRecord suspended = store().run(id).orElseThrow();
        assertThat(suspended.status()).isEqualTo(RunStatus.SUSPENDED);
        assertThat(suspended.wakeAtMs()).isEqualTo(7_000L);
        assertThat(store().nextWakeAt()).hasValue(7_000L);
        assertThatThrownBy(() -> store().append(id, 1, step(1, "late")).join())
                .as("a suspended run has no holder").extracting(JournalStoreContract::cause).isInstanceOf(StaleEpochException.class);
        assertThat(store().claim(id, "w2").join()).as("not dispatchable before its timer").isEmpty();
        assertThat(store().liveRuns()).extracting(RunRecord::id).doesNotContain(id);

        assertThat(store().wakeDue(6_999, 10).join()).extracting(RunRecord::id).doesNotContain(id);
        assertThat(store().wakeDue(7_000, 10).join()).extracting(RunRecord::id).contains(id);
        Claim next = store().claim(id, "w2").join().orElseThrow();
        assertThat(next.epoch()).isEqualTo(2);
        assertThat(next.failedAttempts()).containsExactly(java.util.Map.entry(1, 2));
        assertThat(store().attempts(id)).extracting(Attempt::attempt).containsExactly(1, 2);
    }

    @Test
    void testClockReads_seeRunsThatRunOrWaitForAWorker_andRunTimersWithoutSchedules() {
        assertThat(store().anyRunnable()).isFalse();
        String id = newRun(null);
        assertThat(store().anyRunnable()).as("pending").isTrue();
        store().claim(id, "w1").join();
        assertThat(store().anyRunnable()).as("running").isTrue();
        store().recordAttempt(id, 1, attempt(1, 1, 7_000L), true).join();
        assertThat(store().anyRunnable()).as("suspended: only a timer wakes it").isFalse();

        store().putSchedule(new ScheduleRecord("s", "greet", null, 60_000L, "UTC", null, "SKIP", "api", 3_000, null, 1_000))
                .join();

        assertThat(store().nextWakeAt()).hasValue(3_000L);
        assertThat(store().nextRunTimer()).as("a schedule never pulls a test clock").hasValue(7_000L);
        store().wakeDue(7_000, 10).join();
        assertThat(store().anyRunnable()).isTrue();
        assertThat(store().nextRunTimer()).isEmpty();
    }

    @Test
    void claim_carriesWhenThePendingAttemptIsDue_andWhichOperationItBelongsTo() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().recordAttempt(id, 1, attempt(1, 1, 5_000L), false).join();
        store().recordAttempt(id, 1, attempt(1, 2, 7_000L), false).join();
        store().recordAttempt(id, 1, attempt(2, 1, 6_000L), false).join();
        store().append(id, 1, step(2, "done")).join();
        store().release(id, 1).join();

        Claim next = store().claim(id, "w2").join().orElseThrow();
        Attempt recorded = store().attempts(id).get(0);
        assertThat(next.pendingAttempts()).as("the last attempt at each empty position; none where an entry is")
                .containsExactly(java.util.Map.entry(1, new PendingAttempt(2, 7_000L, recorded.kind(), recorded.name())));
        store().append(id, next.epoch(), step(1, "late")).join(); // the parallel step's outcome: no gap left
    }

    @Test
    void timeoutStep_retryableSuspendsAndFinalJournalsAFailure() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        Attempt timedOut = new Attempt(1, 1, "step", "slow", new Failure("STEP_TIMED_OUT", null, "late", null), 10, 20, 9_000L);
        assertThat(store().timeoutStep(id, 1, timedOut, false).join()).isTrue();
        assertThat(store().run(id).orElseThrow().status()).isEqualTo(RunStatus.SUSPENDED);
        assertThat(store().timeoutStep(id, 1, timedOut, false).join()).as("applies once").isFalse();

        store().wakeDue(9_000, 10).join();
        store().claim(id, "w2").join();
        Attempt last = new Attempt(1, 2, "step", "slow", new Failure("STEP_TIMED_OUT", null, "late", null), 30, 40, null);
        assertThat(store().timeoutStep(id, 2, last, true).join()).isTrue();
        assertThat(store().run(id).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
        assertThat(store().journal(id)).singleElement().satisfies(e -> {
            assertThat(e.succeeded()).isFalse();
            assertThat(e.attempt()).isEqualTo(2);
            assertThat(e.failure().code()).isEqualTo("STEP_TIMED_OUT");
        });
        assertThatThrownBy(() -> store().append(id, 2, step(2, "late")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(StaleEpochException.class);
    }

    @Test
    void expireDue_failsLiveRunsPastTheirDeadline() {
        String id = UuidV7.next();
        store().start(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("1"), null, 1_000, 5_000L)).join();
        touched.add(id);
        store().claim(id, "w1").join();
        assertThat(store().nextWakeAt()).isPresent();
        assertThat(store().expireDue(4_999, 10).join()).extracting(RunRecord::id).doesNotContain(id);
        assertThat(store().expireDue(5_000, 10).join()).extracting(RunRecord::id).contains(id);
        RunRecord failed = store().run(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.failure().code()).isEqualTo("RUN_TIMED_OUT");
        assertThatThrownBy(() -> store().append(id, 1, step(1, "late")).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(StaleEpochException.class);
    }

    @Test
    void events_areKeptInArrivalOrderDeduplicatedAndWakeTheWaitingRun() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        EventWait none = store().awaitEvent(id, 1, 1, "approval", 10_000, 1_000).join();
        assertThat(none.suspended()).isTrue();
        assertThat(none.wakeAtMs()).isEqualTo(11_000);
        assertThat(store().run(id).orElseThrow().status()).isEqualTo(RunStatus.SUSPENDED);

        Delivery first = store().deliverEvent(id, "approval", "e1", json("{\"ok\":1}"), null, 2_000).join();
        assertThat(first.woke()).isTrue();
        assertThat(store().deliverEvent(id, "approval", "e1", json("{\"ok\":9}"), null, 2_001).join().duplicate()).isTrue();
        store().deliverEvent(id, "approval", "e2", json("{\"ok\":2}"), null, 2_002).join();
        assertThat(store().run(id).orElseThrow().status()).isEqualTo(RunStatus.PENDING);

        store().claim(id, "w2").join();
        EventWait got = store().awaitEvent(id, 2, 1, "approval", 10_000, 3_000).join();
        assertThat(new String(got.output(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"received\":true,\"payload\":{\"ok\":1}}");
        EventWait second = store().awaitEvent(id, 2, 2, "approval", 10_000, 3_000).join();
        assertThat(new String(second.output(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"ok\":2");
        assertThat(store().journal(id)).extracting(JournalEntry::kind).containsExactly("event", "event");
    }

    @Test
    void actors_whoStartedCancelledAndSentEvents_areKeptWithTheRunAndItsEntries() {
        String id = UUID.randomUUID().toString();
        store().start(new NewRun(id, "greet", ComponentKind.WORKFLOW, json("1"), null, 1000, null, null, null,
                java.util.List.of(), "tok_starter")).join();
        touched.add(id);
        assertThat(store().run(id).orElseThrow().startedBy()).isEqualTo("tok_starter");
        store().claim(id, "w1").join();
        store().awaitEvent(id, 1, 1, "approval", 10_000, 1_000).join();
        store().deliverEvent(id, "approval", "e1", json("true"), "tok_approver", 2_000).join();
        store().claim(id, "w2").join();
        store().awaitEvent(id, 2, 1, "approval", 10_000, 3_000).join();
        store().deliverEvent(id, "note", "e2", json("1"), null, 3_001).join();
        store().awaitEvent(id, 2, 2, "note", 10_000, 3_002).join();
        assertThat(store().eventSenders(id, 1, 2)).containsExactly(java.util.Map.entry(1, "tok_approver"));
        assertThat(store().eventSenders(id, 2, 9)).isEmpty();

        store().cancel(id, "tok_first", 4_000).join();
        store().cancel(id, "tok_second", 4_001).join();
        RunRecord run = store().run(id).orElseThrow();
        assertThat(run.cancelledBy()).as("the first who asked").isEqualTo("tok_first");
        assertThat(run.startedBy()).isEqualTo("tok_starter");
    }

    @Test
    void webhooks_areCreatedReplacedListedDeletedAndBounded() {
        String name = "ns-" + UUID.randomUUID() + "/github";
        assertThat(store().putWebhook(new WebhookRecord(name, "ns/ci", "github", "s3cret-one-1234", 1, "tok_a"), 100)
                .join()).isTrue();
        assertThat(store().putWebhook(new WebhookRecord(name, "ns/deploy", "github", "s3cret-two-1234", 2, "tok_b",
                "$.order.id", "paid"), 100).join()).as("replaced, not added").isFalse();
        WebhookRecord stored = store().webhook(name).orElseThrow();
        assertThat(stored.workflow()).isEqualTo("ns/deploy");
        assertThat(stored.correlate()).isEqualTo("$.order.id");
        assertThat(stored.event()).isEqualTo("paid");
        assertThat(stored.secret()).isEqualTo("s3cret-two-1234");
        assertThat(stored.createdAtMs()).as("kept from its creation").isEqualTo(1);
        assertThat(stored.toString()).doesNotContain("s3cret");
        assertThat(store().webhooks()).extracting(WebhookRecord::name).contains(name);
        int count = store().webhooks().size();
        assertThatThrownBy(() -> store().putWebhook(new WebhookRecord(name + "-more", "ns/ci", "github", "x", 3, null),
                count).join()).extracting(JournalStoreContract::cause).isInstanceOf(LimitExceededException.class);
        assertThat(store().deleteWebhook(name).join()).isTrue();
        assertThat(store().deleteWebhook(name).join()).isFalse();
        assertThat(store().webhook(name)).isEmpty();
    }

    @Test
    void eventWait_keepsItsFirstDeadlineAcrossWakeUps() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().awaitEvent(id, 1, 1, "approval", 5_000, 1_000).join();
        store().wakeDue(6_000, 10).join();
        store().claim(id, "w2").join();
        EventWait late = store().awaitEvent(id, 2, 1, "approval", 5_000, 6_000).join();
        assertThat(late.suspended()).as("the deadline is 6,000, not 11,000").isFalse();
        assertThat(new String(late.output(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"received\":false}");
        assertThatThrownBy(() -> store().deliverEvent(UUID.randomUUID().toString(), "x", "e", json("1"), null, 1).join())
                .extracting(JournalStoreContract::cause).isInstanceOf(EventRefusedException.class);
    }

    @Test
    void components_registerAndRefresh() {
        store().registerComponents(List.of(new ComponentRecord("c1", ComponentKind.WORKFLOW, "{\"type\":\"string\"}", null))).join();
        store().registerComponents(List.of(new ComponentRecord("c1", ComponentKind.WORKFLOW, "{\"type\":\"object\"}", 60_000L))).join();
        assertThat(store().component("c1").orElseThrow().inputSchema()).isEqualTo("{\"type\":\"object\"}");
        assertThat(store().component("c1").orElseThrow().runTimeoutMs()).isEqualTo(60_000L);
        store().registerComponents(List.of(new ComponentRecord("c2", ComponentKind.WORKFLOW, "{}", null))).join();
        assertThat(store().component("c2").orElseThrow().runTimeoutMs()).as("none set").isNull();
        assertThat(store().component("nope")).isEmpty();
    }

    String newChild(String parentId, int position, boolean detached) {
        String id = UUID.randomUUID().toString();
        JournalEntry started = new JournalEntry(position, "child", "greet", true, json("{}"),
                json("{\"runId\":\"" + id + "\"}"), null, 1, 10, 10);
        store().startChild(parentId, 1, started, new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{}"), null, 1000, null),
                detached).join();
        touched.add(id);
        return id;
    }

    @Test
    void children_reportTheirOutcomeToTheParentsInbox_andRequiredOnesEndWithTheirParent() {
        List<LineageEffects> effects = new java.util.concurrent.CopyOnWriteArrayList<>();
        store().onLineage(effects::add);
        String parent = newRun(null);
        store().claim(parent, "w1").join();
        String done = newChild(parent, 1, false);
        String required = newChild(parent, 2, false);
        String running = newChild(parent, 3, false);
        String detached = newChild(parent, 4, true);
        assertThat(store().run(done).orElseThrow().parentId()).isEqualTo(parent);
        assertThat(store().journal(parent)).extracting(JournalEntry::kind).containsOnly("child");

        // the parent waits for the first child, which then completes: the outcome wakes the parent
        store().awaitEvent(parent, 1, 5, "child:" + done, 60_000, 1000).join();
        store().claim(done, "w2").join();
        store().finish(done, 1, json("42"), null).join();
        assertThat(store().run(parent).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
        assertThat(effects).flatExtracting(LineageEffects::woken).extracting(RunRecord::id).containsExactly(parent);
        store().claim(parent, "w1").join();
        EventWait outcome = store().awaitEvent(parent, 2, 5, "child:" + done, 60_000, 2000).join();
        assertThat(new String(outcome.output(), StandardCharsets.UTF_8))
                .contains("\"status\":\"COMPLETED\"").contains("\"output\":42");

        // cancelling the parent: the idle required child ends at once, the running one is asked
        store().claim(running, "w3").join();
        effects.clear();
        store().cancel(parent, null, 3000).join();
        assertThat(store().run(required).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store().run(running).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(effects).flatExtracting(LineageEffects::cancelled).extracting(RunRecord::id).containsExactly(required);
        assertThat(effects).flatExtracting(LineageEffects::cancelRequested).extracting(RunRecord::id).containsExactly(running);
        assertThat(store().run(detached).orElseThrow().status()).as("detached lives on").isEqualTo(RunStatus.PENDING);
        EventWait news = store().awaitEvent(parent, 2, 6, "child:" + required, 60_000, 3000).join();
        assertThat(new String(news.output(), StandardCharsets.UTF_8)).as("the parent hears of it")
                .contains("\"status\":\"CANCELLED\"");
    }

    @Test
    void concurrencyLimit_admitsAtMostMaxPerKey_andAWaitingRunHoldsItsPlace() {
        store().registerComponents(List.of(new ComponentRecord("serial", ComponentKind.WORKFLOW, null, null, 1, "customer")))
                .join();
        java.util.function.BiFunction<String, String, String> start = (id, key) -> {
            store().start(new NewRun(id, "serial", ComponentKind.WORKFLOW, json("{}"), null, 1000, null, key)).join();
            touched.add(id);
            return id;
        };
        String a = start.apply(UUID.randomUUID().toString(), "c1");
        String b = start.apply(UUID.randomUUID().toString(), "c1");
        String c = start.apply(UUID.randomUUID().toString(), "c2");
        store().claim(a, "w1").join().orElseThrow();
        assertThatThrownBy(() -> store().claim(b, "w1").join()).extracting(JournalStoreContract::cause)
                .isInstanceOf(ConcurrencyLimitReachedException.class);
        assertThat(store().claim(c, "w1").join()).as("another key has its own place").isPresent();

        store().appendAndSuspend(a, 1, step(1, "1"), 999_999_999L).join();
        assertThatThrownBy(() -> store().claim(b, "w1").join()).as("a sleeping run keeps its place")
                .extracting(JournalStoreContract::cause).isInstanceOf(ConcurrencyLimitReachedException.class);
        assertThat(store().run(b).orElseThrow().status()).isEqualTo(RunStatus.PENDING);

        store().cancel(a, null, 2000).join();
        assertThat(store().claim(b, "w1").join()).as("the place is free once the run ended").isPresent();
    }

    @Test
    void namedQueue_sharesOneConcurrencyLimitAmongItsWorkflows() {
        store().registerComponents(List.of(
                new ComponentRecord("welcome-mail", ComponentKind.WORKFLOW, null, null, 1, null).withQueue("emails"),
                new ComponentRecord("invoice-mail", ComponentKind.WORKFLOW, null, null, 1, null).withQueue("emails"),
                new ComponentRecord("report", ComponentKind.WORKFLOW, null, null, 1, null))).join();
        assertThat(store().component("invoice-mail").orElseThrow().queue()).isEqualTo("emails");
        java.util.function.Function<String, String> start = component -> {
            String id = UUID.randomUUID().toString();
            store().start(new NewRun(id, component, ComponentKind.WORKFLOW, json("{}"), null, 1000, null, "")).join();
            touched.add(id);
            return id;
        };
        String welcome = start.apply("welcome-mail");
        String invoice = start.apply("invoice-mail");
        String report = start.apply("report");
        store().claim(welcome, "w1").join().orElseThrow();
        assertThatThrownBy(() -> store().claim(invoice, "w1").join()).as("the queue's one place is taken")
                .extracting(JournalStoreContract::cause).isInstanceOf(ConcurrencyLimitReachedException.class);
        assertThat(store().claim(report, "w1").join()).as("a workflow outside the queue has its own place").isPresent();
        store().finish(welcome, 1, json("1"), null).join();
        assertThat(store().claim(invoice, "w1").join()).as("the place is free once the run ended").isPresent();
    }

    @Test
    void rateLimit_beginsAtMostCountPerWindowPerKey_andOnlyAFirstClaimTakesASlot() {
        store().registerComponents(List.of(new ComponentRecord("paced", ComponentKind.WORKFLOW, null, null)
                .withRateLimit(new dev.mainstay.protocol.RateLimit(2, 1_000), "customer"))).join();
        assertThat(store().component("paced").orElseThrow().rateLimit()).isEqualTo(new dev.mainstay.protocol.RateLimit(2, 1_000));
        assertThat(store().component("paced").orElseThrow().rateKey()).isEqualTo("customer");
        java.util.function.BiFunction<String, String, String> start = (id, key) -> {
            store().start(new NewRun(id, "paced", ComponentKind.WORKFLOW, json("{}"), null, 1000, null).withRateKey(key)).join();
            touched.add(id);
            return id;
        };
        String a = start.apply(UUID.randomUUID().toString(), "c1");
        String b = start.apply(UUID.randomUUID().toString(), "c1");
        String c = start.apply(UUID.randomUUID().toString(), "c1");
        String d = start.apply(UUID.randomUUID().toString(), "c2");
        String e = start.apply(UUID.randomUUID().toString(), null); // started before the limit: the group ""

        long beforeA = System.currentTimeMillis();
        store().claim(a, "w1").join().orElseThrow();
        store().claim(b, "w1").join().orElseThrow();
        Throwable refused = cause(org.assertj.core.api.Assertions.catchThrowable(() -> store().claim(c, "w1").join()));
        assertThat(refused).isInstanceOf(RateLimitReachedException.class)
                .hasMessageContaining("at most 2 runs of 'paced' begin per 2/1s window per key c1");
        assertThat(((RateLimitReachedException) refused).retryAfterMs()).isBetween(1L, 1_000L);
        RunRecord waiting = store().run(c).orElseThrow();
        assertThat(waiting.status()).as("nothing written").isEqualTo(RunStatus.PENDING);
        assertThat(waiting.epoch()).isZero();
        assertThat(store().claim(d, "w1").join()).as("another key has its own places").isPresent();
        assertThat(store().claim(e, "w1").join()).as("a run without a key is in the one group \"\"").isPresent();

        // a re-dispatch (after a crash, a release) is not a beginning: it takes no place
        assertThat(store().release(a, 1).join()).isTrue();
        assertThat(store().claim(a, "w2").join()).isPresent();
        assertThat(store().rateSlots("paced")).isEqualTo(4);

        // the window slides: c begins once a's slot left it, by itself, and the old slots are pruned
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> claimedUnlessRateLimited(c));
        assertThat(System.currentTimeMillis() - beforeA).as("not before the window passed").isGreaterThanOrEqualTo(1_000);
        assertThat(store().run(c).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        // without pruning 5 (a, b, c, d, e): a's slot left the window and went, b's goes once it has left too
        assertThat(store().rateSlots("paced")).as("c1's slots that left the window went").isBetween(3, 4);
    }

    private boolean claimedUnlessRateLimited(String runId) {
        try {
            return store().claim(runId, "w1").join().isPresent();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RateLimitReachedException) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void childOutcome_carriesTheOutputAsStored_evenPastAParsersLimits() {
        String parent = newRun(null);
        store().claim(parent, "w1").join();
        String child = newChild(parent, 1, false);
        store().awaitEvent(parent, 1, 2, "child:" + child, 60_000, 1000).join();
        store().claim(child, "w2").join();
        String digits = "7".repeat(1_200); // over Jackson's default of 1,000 digits: valid JSON all the same
        store().finish(child, 1, json(digits), null).join();

        assertThat(store().run(child).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store().run(parent).orElseThrow().status()).as("the outcome woke the parent").isEqualTo(RunStatus.PENDING);
        store().claim(parent, "w1").join();
        EventWait outcome = store().awaitEvent(parent, 2, 2, "child:" + child, 60_000, 2000).join();
        assertThat(new String(outcome.output(), StandardCharsets.UTF_8))
                .isEqualTo("{\"received\":true,\"payload\":{\"runId\":\"" + child + "\",\"status\":\"COMPLETED\",\"output\":"
                        + digits + "}}");
    }

    @Test
    void journalBound_theWriteThatWouldPassItFailsTheRun() {
        reopen(StoreLimits.defaults().withMaxJournalEntries(3).withMaxJournalBytes(1_000));
        List<LineageEffects> effects = new java.util.concurrent.CopyOnWriteArrayList<>();
        store().onLineage(effects::add);
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().append(id, 1, step(1, "1")).join();
        store().recordAttempt(id, 1, new Attempt(2, 1, "step", "s2",
                new Failure("STEP_FAILED", "E", "boom", null), 10, 20, 30L), false).join();
        store().append(id, 1, step(2, "2")).join();

        assertThatThrownBy(() -> store().append(id, 1, step(3, "3")).join())
                .cause().isInstanceOf(JournalTooLargeException.class)
                .hasMessageContaining("4 journal entries and failed attempts").hasMessageContaining("--max-journal-entries");
        RunRecord failed = store().run(id).orElseThrow();
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.failure().code()).isEqualTo("JOURNAL_TOO_LARGE");
        assertThat(failed.epoch()).as("fenced: the holder's later writes are refused").isEqualTo(2);
        assertThat(store().journal(id)).hasSize(2);
        assertThat(effects).flatExtracting(LineageEffects::failed).extracting(RunRecord::id).containsExactly(id);

        String big = newRun(null);
        store().claim(big, "w1").join();
        assertThatThrownBy(() -> store().append(big, 1, step(1, "\"" + "x".repeat(1_000) + "\"")).join())
                .cause().isInstanceOf(JournalTooLargeException.class)
                .hasMessageContaining("--max-journal-bytes");
        assertThat(store().journal(big)).isEmpty();
    }

    @Test
    void inbox_refusesEventsPastItsBound_andKeepsWhatItHas() {
        reopen(StoreLimits.defaults().withMaxInboxEvents(2));
        String id = newRun(null);
        store().deliverEvent(id, "e", "1", json("1"), null, 1).join();
        store().deliverEvent(id, "e", "2", json("2"), null, 2).join();
        assertThatThrownBy(() -> store().deliverEvent(id, "e", "3", json("3"), null, 3).join())
                .cause().isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("--max-inbox-events");
        store().claim(id, "w1").join();
        store().awaitEvent(id, 1, 1, "e", 1_000, 10).join(); // takes one: room for another
        store().deliverEvent(id, "e", "3", json("3"), null, 11).join();
    }

    @Test
    void schedules_areBounded_butAKnownOneCanStillBeReplaced() {
        reopen(StoreLimits.defaults().withMaxSchedules(1));
        ScheduleRecord one = new ScheduleRecord("a", "greet", null, 60_000L, "UTC", null, "SKIP", "api", 5_000, null, 1_000);
        store().putSchedule(one).join();
        store().putSchedule(one).join();
        ScheduleRecord two = new ScheduleRecord("b", "greet", null, 60_000L, "UTC", null, "SKIP", "api", 5_000, null, 1_000);
        assertThatThrownBy(() -> store().putSchedule(two).join())
                .cause().isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("--max-schedules");
        assertThat(store().schedules()).extracting(ScheduleRecord::id).containsExactly("a");
    }

    @Test
    void eventWait_ofTheSameNameAtALaterPosition_getsItsOwnDeadline() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        EventWait first = store().awaitEvent(id, 1, 1, "approval", 5_000, 1_000).join();
        assertThat(first.wakeAtMs()).isEqualTo(6_000);
        // woken (say, by a cancel request) and journaled something else at that position
        store().wakeDue(6_000, 10).join();
        store().claim(id, "w1").join();
        store().append(id, 2, new JournalEntry(1, "cancel", "cancel", true, null, json("null"), null, 1, 6_000, 6_000)).join();
        assertThat(store().run(id).orElseThrow().waitingFor()).as("the entry at its position ended the wait").isNull();

        EventWait later = store().awaitEvent(id, 2, 2, "approval", 5_000, 7_000).join();
        assertThat(later.suspended()).isTrue();
        assertThat(later.wakeAtMs()).as("a fresh deadline, not the stale 6000").isEqualTo(12_000);
    }

    @Test
    void releaseUntil_suspendsTheRunForItsTimer_onlyForItsHolder() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        assertThat(store().releaseUntil(id, 2, 9_000).join()).as("a stale epoch").isFalse();
        assertThat(store().releaseUntil(id, 1, 9_000).join()).isTrue();
        RunRecord run = store().run(id).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUSPENDED);
        assertThat(run.wakeAtMs()).isEqualTo(9_000);
        assertThat(store().releaseUntil(id, 1, 9_000).join()).as("no longer held").isFalse();
        assertThat(store().wakeDue(9_000, 10).join()).extracting(RunRecord::id).containsExactly(id);
    }

    // ---- search attributes ----

    static JournalEntry attribute(int position, String name, String output) {
        return new JournalEntry(position, RunAttribute.ENTRY_KIND, name, true, null, json(output), null, 1, 10, 10);
    }

    private static String typed(String kind, String valueJson) {
        return "{\"kind\":\"" + kind + "\",\"value\":" + valueJson + "}";
    }

    private static List<AttributeFilter> filters(String... nameOpValue) {
        List<AttributeFilter> filters = new java.util.ArrayList<>();
        for (int at = 0; at < nameOpValue.length; at += 3) {
            int i = at;
            AttributeFilter.Op op = java.util.Arrays.stream(AttributeFilter.Op.values())
                    .filter(o -> o.symbol().equals(nameOpValue[i + 1])).findFirst().orElseThrow();
            filters.add(AttributeFilter.of(nameOpValue[i], op, nameOpValue[i + 2]));
        }
        return filters;
    }

    private List<String> matching(String component, String... nameOpValue) {
        return store().runs(new RunQuery(component, null, null, 100).withAttributes(filters(nameOpValue))).runs()
                .stream().map(RunRecord::id).toList();
    }

    @Test
    void attributes_areWrittenWithTheirEntry_typed_andASecondSetOverwrites() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        store().append(id, 1, attribute(1, "customer", typed("string", "\"c-1\""))).join();
        store().append(id, 1, attribute(2, "amount", typed("number", "120"))).join();
        store().append(id, 1, attribute(3, "ratio", typed("number", "0.25"))).join();
        store().append(id, 1, attribute(4, "vip", typed("boolean", "true"))).join();
        store().append(id, 1, attribute(5, "due", typed("time", "\"2026-12-01T05:00:00Z\""))).join();
        store().append(id, 1, attribute(6, "customer", typed("string", "\"c-42\""))).join();

        assertThat(store().attributes(id)).extracting(RunAttribute::name, RunAttribute::value).containsExactly(
                org.assertj.core.api.Assertions.tuple("amount", 120L),
                org.assertj.core.api.Assertions.tuple("customer", "c-42"),
                org.assertj.core.api.Assertions.tuple("due", "2026-12-01T05:00:00Z"),
                org.assertj.core.api.Assertions.tuple("ratio", 0.25),
                org.assertj.core.api.Assertions.tuple("vip", true));
        assertThat(store().journal(id)).hasSize(6);
        String bare = newRun(null);
        assertThat(store().attributes(List.of(id, bare, "no-such-run"))).containsOnlyKeys(id)
                .extractingByKey(id).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).hasSize(5);
    }

    @Test
    void attributes_badOnesAreRefusedWithNothingWritten_entryIncluded() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        for (JournalEntry bad : List.of(
                attribute(1, "no spaces", typed("string", "\"x\"")),
                attribute(1, "x".repeat(65), typed("string", "\"x\"")),
                attribute(1, "long", typed("string", "\"" + "v".repeat(257) + "\"")),
                attribute(1, "amount", typed("number", "\"100\"")),
                attribute(1, "due", typed("time", "\"tomorrow\"")),
                attribute(1, "odd", typed("colour", "\"red\"")),
                attribute(1, "bare", "\"c-42\""))) {
            assertThatThrownBy(() -> store().append(id, 1, bad).join()).as(bad.name())
                    .extracting(JournalStoreContract::cause).isInstanceOf(InvalidAttributeException.class);
        }
        assertThat(store().journal(id)).as("no entry without its attribute").isEmpty();
        assertThat(store().attributes(id)).isEmpty();
        assertThat(store().run(id).orElseThrow().status()).as("a refused write leaves the run held").isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void attributes_atMost32NamesPerRun_overwritingOneStillWorks() {
        String id = newRun(null);
        store().claim(id, "w1").join();
        for (int i = 1; i <= RunAttribute.MAX_PER_RUN; i++) {
            store().append(id, 1, attribute(i, "a" + i, typed("number", Integer.toString(i)))).join();
        }
        int next = RunAttribute.MAX_PER_RUN + 1;
        assertThatThrownBy(() -> store().append(id, 1, attribute(next, "one-more", typed("number", "1"))).join())
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(LimitExceededException.class)
                        .hasMessageContaining("32 search attributes"));
        assertThat(store().journal(id)).hasSize(RunAttribute.MAX_PER_RUN);
        store().append(id, 1, attribute(next, "a1", typed("number", "100"))).join();
        assertThat(store().attributes(id)).hasSize(RunAttribute.MAX_PER_RUN)
                .filteredOn(a -> a.name().equals("a1")).extracting(RunAttribute::value).containsExactly(100L);
    }

    @Test
    void runsQuery_byAttributes_comparesByTheAttributesKind() {
        String component = "attrs-" + UUID.randomUUID().toString().substring(0, 8);
        java.util.function.BiFunction<String, List<String>, String> started = (label, outputs) -> {
            String id = UuidV7.next();
            store().start(new NewRun(id, component, ComponentKind.WORKFLOW, json("{}"), null, 1000, null)).join();
            touched.add(id);
            store().claim(id, "w1").join().orElseThrow();
            for (int i = 0; i < outputs.size(); i += 2) {
                store().append(id, 1, attribute(i / 2 + 1, outputs.get(i), outputs.get(i + 1))).join();
            }
            return id;
        };
        String small = started.apply("small", List.of("customer", typed("string", "\"c-42\""), "amount", typed("number", "50"),
                "vip", typed("boolean", "false"), "due", typed("time", "\"2026-01-01T00:00:00Z\"")));
        String large = started.apply("large", List.of("customer", typed("string", "\"c-42\""), "amount", typed("number", "100.5"),
                "vip", typed("boolean", "true"), "due", typed("time", "\"2026-06-01T00:00:00Z\"")));
        String other = started.apply("other", List.of("customer", typed("string", "\"c-7\""), "amount", typed("string", "\"100\"")));
        String none = started.apply("none", List.of());

        assertThat(matching(component, "customer", "=", "c-42")).containsExactlyInAnyOrder(small, large);
        assertThat(matching(component, "customer", "=", "c-42", "amount", ">=", "100")).containsExactly(large);
        assertThat(matching(component, "amount", ">", "50")).containsExactly(large);
        assertThat(matching(component, "amount", "<=", "50")).containsExactly(small);
        assertThat(matching(component, "amount", "<", "1e3")).containsExactlyInAnyOrder(small, large);
        assertThat(matching(component, "amount", "=", "100")).as("a string attribute of that text").containsExactly(other);
        assertThat(matching(component, "amount", "=", "100.5")).containsExactly(large);
        assertThat(matching(component, "vip", "=", "true")).containsExactly(large);
        assertThat(matching(component, "due", ">=", "2026-03-01T00:00:00Z")).containsExactly(large);
        assertThat(matching(component, "due", "=", "2026-01-01T00:00:00Z")).containsExactly(small);
        assertThat(matching(component, "missing", "=", "x")).isEmpty();
        assertThat(matching(component)).containsExactlyInAnyOrder(small, large, other, none);
        assertThatThrownBy(() -> AttributeFilter.of("amount", AttributeFilter.Op.GE, "lots"))
                .isInstanceOf(InvalidAttributeException.class).hasMessageContaining("compares numbers and times");
        assertThatThrownBy(() -> new RunQuery(component, null, null, 10).withAttributes(java.util.Collections.nCopies(9,
                AttributeFilter.of("a", AttributeFilter.Op.EQ, "1")))).isInstanceOf(InvalidAttributeException.class);
    }

    @Test
    void restart_givesTheNewRunTheAttributesOfTheCopiedEntries() {
        String original = newRun(null);
        store().claim(original, "w1").join();
        store().append(original, 1, attribute(1, "customer", typed("string", "\"c-1\""))).join();
        store().append(original, 1, attribute(2, "stage", typed("string", "\"one\""))).join();
        store().append(original, 1, attribute(3, "stage", typed("string", "\"two\""))).join();
        store().append(original, 1, attribute(4, "late", typed("boolean", "true"))).join();
        store().finish(original, 1, json("1"), null).join();
        String id = UUID.randomUUID().toString();
        touched.add(id);
        store().restart(original, 3, new NewRun(id, "greet", ComponentKind.WORKFLOW, json("{\"n\":1}"), null, 2000, null)).join();

        assertThat(store().attributes(id)).extracting(RunAttribute::name, RunAttribute::value).containsExactly(
                org.assertj.core.api.Assertions.tuple("customer", "c-1"),
                org.assertj.core.api.Assertions.tuple("stage", "one"));
        assertThat(store().attributes(original)).hasSize(3);
    }
}
