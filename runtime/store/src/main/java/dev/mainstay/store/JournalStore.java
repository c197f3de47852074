package dev.mainstay.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The contract of a journal store. Writes return futures that complete only once the write is
 * committed durably (so an acknowledgement sent from a completion survives a crash); they fail with
 * a {@link dev.mainstay.protocol.MainstayException} subclass and write nothing when refused.
 *
 * <p>Fencing: {@link #claim} bumps the run's epoch; {@link #append} and {@link #finish} carry the
 * epoch they were dispatched under, and the store refuses any other with {@link StaleEpochException}.
 */
public interface JournalStore extends AutoCloseable {

    /** Creates the run, or returns the one its idempotency key already started. */
    CompletableFuture<StartResult> start(NewRun run);

    /**
     * As {@link #start}, and when the start creates the run PENDING, its first claim for {@code
     * workerId} of {@code buildId} (see {@link #claim(String, String, String)}) in the same commit:
     * a run whose worker is free costs one commit to begin, not two. A claim its limits or its build
     * refuse leaves the run started and PENDING, the refusal in the result.
     */
    CompletableFuture<ClaimedStart> startAndClaim(NewRun run, String workerId, String buildId);

    /**
     * A debounced start: while a run of {@code run}'s component waits under {@code debounce}'s key
     * (SUSPENDED, never claimed), that run takes {@code run}'s input and waits until a window after
     * now, but no longer than its longest delay after its own start; it is returned, not created.
     * Otherwise {@code run} is created SUSPENDED until a window after its start. Its timer wakes it
     * as any sleep's; once woken, the next start with the key creates another run. {@code run}
     * carries no idempotency key.
     */
    CompletableFuture<StartResult> startDebounced(NewRun run, Debounce debounce);

    /**
     * Takes a live run for dispatch to {@code workerId}: RUNNING under epoch + 1, with its journal.
     * Completes with empty when the run is final (nothing to dispatch).
     */
    /**
     * Starts a child run of {@code parentId} and journals the start at {@code entry}'s position, in one
     * write under the parent's fencing. A required child (not {@code detached}) is cancelled when its
     * parent ends or is cancelled first. The child's outcome goes to the parent's inbox as the event
     * {@code child:<child id>}.
     */
    CompletableFuture<RunRecord> startChild(String parentId, long epoch, JournalEntry entry, NewRun child, boolean detached);

    /**
     * Restart from a step: creates {@code run} (same component and input as the original) with the
     * original's journal entries at positions 1 to {@code fromPosition - 1} copied (a {@code child}
     * entry still names the original's child), linked to the original, in one write. Refused with
     * {@link RunNotFinishedException} unless the original is COMPLETED, FAILED or CANCELLED, and with
     * IllegalArgumentException when it is unknown or {@code fromPosition} is outside 1..(its last position + 1).
     */
    CompletableFuture<StartResult> restart(String originalId, int fromPosition, NewRun run);

    /** The run a restart was started from, when {@code runId} is one. */
    Optional<String> restartedFrom(String runId);

    /** The ids of the runs restarted from {@code runId}, oldest first. */
    List<String> restarts(String runId);

    /**
     * The run's search attributes, by name: set by its journal entries of kind
     * {@value RunAttribute#ENTRY_KIND}, each written with its entry (refused with
     * {@link InvalidAttributeException}, or {@link LimitExceededException} past
     * {@value RunAttribute#MAX_PER_RUN} names, with nothing written).
     */
    List<RunAttribute> attributes(String runId);

    /** The search attributes of each of {@code runIds} that has some (one read for a page of runs). */
    Map<String, List<RunAttribute>> attributes(java.util.Collection<String> runIds);

    /** The highest journaled position of the run, 0 when it journaled nothing. */
    int lastPosition(String runId);

    /** Where the effects of a run's end on its relatives go, after their commit. */
    void onLineage(java.util.function.Consumer<LineageEffects> listener);

    /** Creates or replaces a schedule (by id). */
    CompletableFuture<Void> putSchedule(ScheduleRecord schedule);

    /** Deletes a schedule; completes with whether it existed. */
    CompletableFuture<Boolean> deleteSchedule(String id);

    Optional<ScheduleRecord> schedule(String id);

    List<ScheduleRecord> schedules();

    /** Schedules whose next slot is at or before {@code nowMs}, earliest first. */
    List<ScheduleRecord> dueSchedules(long nowMs, int limit);

    /**
     * Moves a schedule on after its due slots were fired; only when its next slot is still
     * {@code expectedNextFireAtMs} (it was not replaced meanwhile). Completes with whether it moved.
     */
    CompletableFuture<Boolean> advanceSchedule(String id, long expectedNextFireAtMs, long nextFireAtMs, Long firedAtMs);

    /**
     * Hands a PENDING run to {@code workerId} at the next epoch. Completes empty, writing nothing,
     * when the run is not PENDING (held, suspended, finished, unknown) or its concurrency group is full.
     */
    default CompletableFuture<Optional<Claim>> claim(String runId, String workerId) {
        return claim(runId, workerId, null);
    }

    /**
     * As {@link #claim(String, String)}, by a worker of {@code buildId} (null: a claimant that knows no
     * builds, unchecked). A run pinned to another build, or never claimed while another build is its
     * component's current one, is refused with {@link WrongBuildException}, nothing written; the first
     * claim pins the run to {@code buildId} for good. A run of an {@link UpgradeMode#LATEST} component
     * goes to the current build at every claim, and is re-pinned to it. See {@code docs/architecture.md}, "Builds".
     */
    CompletableFuture<Optional<Claim>> claim(String runId, String workerId, String buildId);

    /** Records that a worker of {@code buildId} registered {@code components}; a build's first registration makes it current. */
    CompletableFuture<Void> registerBuild(Collection<String> components, String buildId);

    /** The builds of {@code component}, newest first, with their runs. */
    List<BuildRecord> builds(String component);

    /** The build {@code runId} is pinned to; empty when it is unknown or never claimed by a worker with a build. */
    Optional<String> runBuild(String runId);

    /**
     * The build whose workers may claim {@code runId} next, as the claim decides: the one it is pinned
     * to, or its component's current one for a run never claimed and for every run of an
     * {@link UpgradeMode#LATEST} component; empty when any build may.
     */
    Optional<String> neededBuild(String runId);

    /** Makes {@code buildId} current for {@code component}; completes false when no worker of it registered the component. */
    CompletableFuture<Boolean> promoteBuild(String component, String buildId);

    /** Makes the build current before the present one current again; completes with it, or empty when there is none. */
    CompletableFuture<Optional<String>> rollbackBuild(String component);

    /**
     * Puts a RUNNING run back to PENDING (its worker went away), unless the epoch moved on.
     * Completes with whether it did; writes under the released epoch are refused from then on.
     */
    CompletableFuture<Boolean> release(String runId, long epoch);

    /**
     * The holder of {@code epoch} gives the run back until {@code wakeAtMs} (a replayed wait with time
     * left): SUSPENDED, no worker, woken by the timers; at once when a cancel was requested. Completes
     * with whether it applied (false when the epoch moved on or the run is not RUNNING).
     */
    CompletableFuture<Boolean> releaseUntil(String runId, long epoch, long wakeAtMs);

    /** Appends the next journal entry of a run held under {@code epoch}. */
    CompletableFuture<Void> append(String runId, long epoch, JournalEntry entry);

    /**
     * Appends the entry and, in the same transaction, suspends the run until {@code wakeAtMs} (a
     * durable sleep): no worker holds it until {@link #wakeDue} makes it PENDING again.
     */
    CompletableFuture<Void> appendAndSuspend(String runId, long epoch, JournalEntry entry, long wakeAtMs);

    /**
     * Records a failed attempt of the step at the run's next journal position (fenced like an
     * append). With {@code suspend}, the run also leaves its holder: SUSPENDED until the attempt's
     * retryAt, when {@link #wakeDue} makes it PENDING again.
     */
    CompletableFuture<Void> recordAttempt(String runId, long epoch, Attempt attempt, boolean suspend);

    /** Failed attempts of a run, by position then attempt. */
    List<Attempt> attempts(String runId);

    /** SUSPENDED runs whose timer is due at {@code nowMs}: made PENDING and returned (at most {@code limit}). */
    CompletableFuture<List<RunRecord>> wakeDue(long nowMs, int limit);

    /**
     * A step attempt overran its timeout: unless its position or attempt moved on, record it as
     * timed out and take the run from its holder: SUSPENDED until the attempt's retryAt, or, when
     * {@code finalAttempt}, journal the step FAILED and make the run PENDING for another dispatch.
     * Completes with whether it applied.
     */
    CompletableFuture<Boolean> timeoutStep(String runId, long epoch, Attempt attempt, boolean finalAttempt);

    /** Live runs past their whole-run deadline at {@code nowMs}: failed with RUN_TIMED_OUT and returned. */
    CompletableFuture<List<RunRecord>> expireDue(long nowMs, int limit);

    /**
     * Puts an event in the run's inbox (once per {@code eventId}) and wakes the run if it is
     * SUSPENDED waiting for that name. Refused for a finished run. {@code sentBy} (the sender's token
     * id, may be null) is kept with it: {@link #eventSenders}.
     */
    CompletableFuture<Delivery> deliverEvent(String runId, String name, String eventId, byte[] payload, String sentBy,
                                             long nowMs);

    /**
     * Who sent the events the run took at journal positions {@code fromPosition} to
     * {@code toPosition}: position → sender's token id, for the events that have one.
     */
    java.util.Map<Integer, String> eventSenders(String runId, int fromPosition, int toPosition);

    /**
     * A wait for an event at the run's next position (fenced): consumes and journals the oldest
     * unconsumed event of that name; with none, suspends the run until one arrives or the wait's
     * deadline (set by the first wait at this position) passes, then journals a timeout.
     */
    CompletableFuture<EventWait> awaitEvent(String runId, long epoch, int position, String name, long timeoutMs, long nowMs);

    /**
     * Cancels a run: a run no worker holds ends CANCELLED at once (fenced: epoch + 1); a RUNNING one
     * gets a cancel request its holder must honour, and ends CANCELLED when it finishes. Refused with
     * {@link RunAlreadyFinishedException} when the run already has its outcome (the first one wins).
     * {@code by} (a token id, may be null) is kept as the run's {@code cancelledBy} unless one asked before.
     */
    CompletableFuture<Cancellation> cancel(String runId, String by, long nowMs);

    /**
     * Pauses a run: from now on no claim takes it, until {@link #resume}; a RUNNING run goes on until
     * its holder gives it back (release, suspension, a lost lease), then waits. Pausing a paused run
     * changes nothing (the first pause's time and {@code by}, a token id or null, stay). Refused with
     * {@link RunAlreadyFinishedException} when the run has its outcome, IllegalArgumentException when
     * unknown. Completes with the run as committed.
     */
    CompletableFuture<RunRecord> pause(String runId, String by);

    /** Ends a run's pause (nothing when it is not paused); refused as {@link #pause}. Completes with the run as committed. */
    CompletableFuture<RunRecord> resume(String runId);

    /**
     * Pauses a component: no claim takes any run of it until {@link #resumeComponent} (runs already
     * held go on). Idempotent as {@link #pause}; completes false when no worker registered it.
     */
    CompletableFuture<Boolean> pauseComponent(String name, String by);

    /** Ends a component's pause; completes false when no worker registered it. */
    CompletableFuture<Boolean> resumeComponent(String name);

    /** The component's pause, while it is paused. */
    Optional<Pause> componentPause(String name);

    /** The earliest timer (a SUSPENDED run's wake-up or a live run's deadline), if any (index lookups). */
    java.util.OptionalLong nextWakeAt();

    /** As {@link #nextWakeAt()} without schedules: the earliest wake-up or run deadline (what a test clock skips to). */
    java.util.OptionalLong nextRunTimer();

    /** Whether any run is {@code PENDING} or {@code RUNNING} (a test clock moves only when none is). */
    boolean anyRunnable();

    /** Records the final outcome (exactly one of output and failure) of a run held under {@code epoch}. */
    CompletableFuture<RunRecord> finish(String runId, long epoch, byte[] output, Failure failure);

    /** Records the components a worker registered (insert or refresh). */
    CompletableFuture<Void> registerComponents(Collection<ComponentRecord> components);

    Optional<RunRecord> run(String runId);

    List<JournalEntry> journal(String runId);

    /**
     * The run's entries after {@code afterPosition}: at most {@code maxEntries}, and no more than
     * about {@code maxBytes} of payload (at least one entry whatever its size). Read off the writer.
     */
    JournalPage journalPage(String runId, int afterPosition, int maxEntries, long maxBytes);

    /** The run's last journal entry, if any (what the run did or asked last). */
    Optional<JournalEntry> lastEntry(String runId);

    RunPage runs(RunQuery query);

    /** Runs that are PENDING or RUNNING, oldest first: what a starting runtime must dispatch again (SUSPENDED ones wait for their timers). */
    List<RunRecord> liveRuns();

    Optional<ComponentRecord> component(String name);

    // ---- the nodes of one runtime (see docs/architecture.md, "Several nodes") ----

    /**
     * Enters {@code node} with a lease of {@code leaseMs}, judged by the database's clock; from now on
     * this store's claims are the node's. Completes with the runs an earlier incarnation of the node
     * held (all runs held, on an engine where no other node can exist), now PENDING under a new epoch.
     */
    CompletableFuture<List<RunRecord>> joinCluster(NodeIdentity node, long leaseMs);

    /**
     * Renews the joined node's lease (and the leader's role when free or its own), and keeps
     * {@code workers} (the node's connected workers, as JSON) for the other nodes' listings.
     */
    CompletableFuture<NodeLease> renewLease(long leaseMs, String workers);

    /** What each other live node last kept of its workers (JSON), by node id. */
    java.util.Map<String, String> otherNodesWorkers();

    /** The leader's sweep: the runs dead nodes held, now PENDING under a new epoch. */
    CompletableFuture<List<RunRecord>> takeOverDeadNodes();

    /**
     * The node stops cleanly: the runs its workers held go back to PENDING under a new epoch (returned),
     * and its row and role go, so no one waits for its lease to pass.
     */
    CompletableFuture<List<RunRecord>> leaveCluster();

    /** Up to {@code limit} PENDING runs of {@code components}, oldest first: what this node's workers may take. */
    List<ReadyRun> pendingRuns(Collection<String> components, int limit);

    /**
     * As {@link #pendingRuns(Collection, int)}, of the runs a worker of one of {@code builds} may claim:
     * pinned to one of them, or never claimed while one of them is its component's current build.
     */
    List<ReadyRun> pendingRuns(Collection<String> components, Collection<String> builds, int limit);

    /** Which of {@code runIds} are RUNNING with a cancel requested (a node that may have missed the hint asks). */
    java.util.Set<String> cancelRequested(Collection<String> runIds);

    /** Which of {@code runIds} are RUNNING and paused (a node that may have missed the hint asks): their holders must give them back. */
    java.util.Set<String> pauseRequested(Collection<String> runIds);

    /** PENDING runs by component, on every node: what waits for a worker (or for a place under its limit). */
    java.util.Map<String, Integer> pendingCounts();

    /** How this node and the others wake each other (see {@link Signals}). */
    Signals signals();

    /** An agent's conversation session, if a run was ever started in it. */
    Optional<AgentSession> agentSession(String agent, String sessionId);

    /**
     * Creates the run and points the session at it, in one transaction, if the session still points
     * at {@code expectedLastRunId} (null: the session must not exist yet); otherwise refused with
     * {@link SessionBusyException}. A known idempotency key of the same component returns its run
     * and changes nothing (the input is not compared: the runtime derived its history part).
     */
    CompletableFuture<StartResult> startInSession(NewRun run, String agent, String sessionId, String expectedLastRunId);

    // ---- API tokens (see docs/architecture.md, "Authentication") ----

    /**
     * Stores a token unless one with the same secret hash exists (completes false then); refused with
     * {@link LimitExceededException} once {@code maxLive} live tokens exist.
     */
    CompletableFuture<Boolean> createToken(TokenRecord token, int maxLive);

    /** Creates a webhook, or replaces the one of its name (true when new); refused past {@code max} webhooks. */
    CompletableFuture<Boolean> putWebhook(WebhookRecord webhook, int max);

    /** Deletes a webhook; false when none had the name. */
    CompletableFuture<Boolean> deleteWebhook(String name);

    Optional<WebhookRecord> webhook(String name);

    List<WebhookRecord> webhooks();

    /** Revokes the token (from now on: a revoked one keeps its first time); empty when no token has the id. */
    CompletableFuture<Optional<TokenRecord>> revokeToken(String id, long nowMs);

    /** The token whose secret has this SHA-256 (hex), live or not. */
    Optional<TokenRecord> tokenByHash(String secretHash);

    /** The tokens of these ids that exist (a node re-reads the ones it trusts, to hear of revocations elsewhere). */
    List<TokenRecord> tokens(Collection<String> ids);

    /** Every token, live or not, oldest first. */
    List<TokenRecord> tokens();

    /** The W3C traceparent the run was started with, if any. */
    default Optional<String> traceParent(String runId) {
        return Optional.empty();
    }

    /**
     * Runs created since {@code sinceMs} by status, and the durations of their steps (for the
     * overview); with {@code componentPrefix}, only the runs whose component starts with it (null: all).
     */
    default RunStats stats(long sinceMs, String componentPrefix) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not compute stats");
    }

    /**
     * Deletes up to {@code limit} finished runs past their retention, with their journals, attempts,
     * events and tags: a run of a workflow with a retention of its own ({@link #setRetention}) once
     * it finished longer than that before {@code nowMs}, any other once it finished longer than
     * {@code defaultKeepMs} before (null: never). A run an agent session points at, or with a live
     * child, stays. Completes with how many went: fewer than {@code limit} when no more are due.
     */
    default CompletableFuture<Integer> deleteFinishedRuns(Long defaultKeepMs, long nowMs, int limit) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not delete runs");
    }

    /**
     * Sets the retention of {@code component}'s finished runs ({@code keepMs}; null: the runtime's).
     * Completes with false when no such component was ever registered.
     */
    default CompletableFuture<Boolean> setRetention(String component, Long keepMs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no retention");
    }

    /** {@code component}'s own retention, if it has one. */
    default Optional<Long> retention(String component) {
        return Optional.empty();
    }

    /** The shortest retention a component has of its own, if any has one. */
    default Optional<Long> shortestRetention() {
        return Optional.empty();
    }

    /**
     * The slots the rate limit of {@code component} keeps now: its runs' first claims that were not
     * yet pruned (at most its count per group in the window, plus older ones until the next
     * admission of their group or, for any group, 24 h).
     */
    default int rateSlots(String component) {
        return 0;
    }

    /** Bytes the store takes on disk, or -1 when unknown. */
    default long sizeBytes() {
        return -1;
    }

    /** Why the store cannot commit right now (its writer failed, or the last commit did), if it cannot. */
    default Optional<String> problem() {
        return Optional.empty();
    }

    /** Told once, on a thread of its own, when the store's writer cannot go on: the process must restart. */
    default void onFatal(java.util.function.Consumer<Throwable> handler) {}

    /** Registers the observer of committed batches (replacing any earlier one). */
    default void onCommit(CommitObserver observer) {}

    @Override
    void close();

    /** Up to {@code limit} entries of a run's journal after {@code afterPosition}, by position, whatever their size. */
    default List<JournalEntry> journalPage(String runId, int afterPosition, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit was " + limit + "; use at least 1");
        }
        return journalPage(runId, afterPosition, limit, Long.MAX_VALUE).entries();
    }
}
