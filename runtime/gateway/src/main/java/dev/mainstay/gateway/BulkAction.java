package dev.mainstay.gateway;

import dev.mainstay.engine.Engine;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.RunAlreadyFinishedException;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/runs/cancel}, {@code /v1/runs/pause}, {@code /v1/runs/resume} and
 * {@code /v1/runs/restart[?fromPosition=N]}, each with {@code ?workflow=&status=&tag=&since=&until=[&dryRun=true]}:
 * the action on every run the filters select (live ones; finished ones for a restart), in the call's
 * namespace, each as its one-run route would do it (so who asked is kept as each run's
 * {@code cancelledBy}, {@code pausedBy} or {@code startedBy}); a dry run only counts them. At least
 * one of workflow, status and tag must be given, so an empty query cannot act on a namespace by
 * mistake; at most {@link #MAX} runs a call ({@code more: true} then: call again). The answer:
 * {@code {matched, <done>, dryRun, more}}, {@code <done>} counting the runs the action changed
 * (a run already paused is not paused again, one that finished meanwhile keeps its outcome; a run
 * restarted before is not restarted again, so that calling again after {@code more} goes on rather
 * than doubles, and nor is one whose journal ends before {@code fromPosition - 1}).
 */
final class BulkAction {
    static final int MAX = 10_000;
    private static final int PAGE = 500;
    private static final List<RunStatus> LIVE = List.of(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.SUSPENDED);
    private static final List<RunStatus> FINISHED = List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED);

    /** The action on one run; false when it changed nothing. */
    @FunctionalInterface
    interface Action {
        boolean apply(RunRecord run, String by);
    }

    private final Engine engine;
    private final String verb;
    private final String done;
    /** The statuses the action applies to, each walked when the call names none. */
    private final List<RunStatus> statuses;
    /** The call's action, its own parameters read (and checked) before any run is touched. */
    private final java.util.function.Function<Context, Action> action;

    private BulkAction(Engine engine, String verb, String done, List<RunStatus> statuses,
                       java.util.function.Function<Context, Action> action) {
        this.engine = engine;
        this.verb = verb;
        this.done = done;
        this.statuses = statuses;
        this.action = action;
    }

    static void routes(io.javalin.Javalin app, Engine engine) {
        app.post("/v1/runs/cancel", new BulkAction(engine, "cancel", "cancelled", LIVE, ctx -> (run, by) -> {
            engine.cancel(run.id(), by);
            return true;
        })::handle);
        app.post("/v1/runs/pause", new BulkAction(engine, "pause", "paused", LIVE, ctx -> (run, by) -> {
            boolean was = run.pausedAtMs() != null;
            engine.pause(run.id(), by);
            return !was;
        })::handle);
        app.post("/v1/runs/resume", new BulkAction(engine, "resume", "resumed", LIVE, ctx -> (run, by) -> {
            if (run.pausedAtMs() == null) {
                return false;
            }
            engine.resume(run.id());
            return true;
        })::handle);
        app.post("/v1/runs/restart", new BulkAction(engine, "restart", "restarted", FINISHED, ctx -> {
            int from = HttpGateway.intParam(ctx, "fromPosition", 1, 1, Integer.MAX_VALUE);
            return (run, by) -> {
                if (!engine.restarts(run.id()).restarts().isEmpty() || from > engine.lastPosition(run.id()) + 1) {
                    return false;
                }
                engine.restart(run.id(), from, by);
                return true;
            };
        })::handle);
    }

    void handle(Context ctx) {
        RunStatus status = HttpGateway.status(ctx);
        if (ctx.queryParam("workflow") == null && ctx.queryParam("status") == null && ctx.queryParam("tag") == null
                && AttributeFilters.of(ctx.queryString()).isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "a bulk " + verb + " needs at least one of workflow, status,"
                    + " tag and attr.*, so that no empty query acts on every run of the namespace; add ?status=PENDING to mean all waiting ones");
        }
        if (status != null && !statuses.contains(status)) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "status was " + status + ", which is "
                    + (status.isFinal() ? "final" : "live") + ": only " + statuses.stream()
                    .map(RunStatus::name).collect(java.util.stream.Collectors.joining(", "))
                    + (statuses == LIVE ? " and PAUSED" : "") + " runs can " + verb);
        }
        Action act = action.apply(ctx);
        boolean dryRun = Boolean.parseBoolean(ctx.queryParam("dryRun"));
        String by = HttpAccess.actor(ctx);
        int matched = 0;
        int changed = 0;
        boolean more = false;
        walk:
        for (RunStatus each : status == null ? statuses : List.of(status)) {
            String cursor = null;
            do {
                var page = engine.runs(HttpGateway.runQuery(ctx, each, cursor, PAGE));
                for (RunRecord run : page.runs()) {
                    if (matched == MAX) {
                        more = true;
                        break walk;
                    }
                    matched++;
                    if (!dryRun && apply(act, run, by)) {
                        changed++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        ctx.json(Map.of("matched", matched, done, changed, "dryRun", dryRun, "more", more));
    }

    /** False when the run finished meanwhile: the first outcome wins, as for one run. */
    private static boolean apply(Action act, RunRecord run, String by) {
        try {
            return act.apply(run, by);
        } catch (RunAlreadyFinishedException e) {
            return false;
        }
    }
}
