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
 * {@code POST /v1/runs/cancel}, {@code /v1/runs/pause} and {@code /v1/runs/resume}, each with
 * {@code ?workflow=&status=&tag=&since=&until=[&dryRun=true]}: the action on every live run the
 * filters select, in the call's namespace, each as its one-run route would do it (so who asked is
 * kept as each run's {@code cancelledBy} or {@code pausedBy}); a dry run only counts them. At least
 * one of workflow, status and tag must be given, so an empty query cannot act on a namespace by
 * mistake; at most {@link #MAX} runs a call ({@code more: true} then: call again). The answer:
 * {@code {matched, <done>, dryRun, more}}, {@code <done>} counting the runs the action changed
 * (a run already paused is not paused again, one that finished meanwhile keeps its outcome).
 */
final class BulkAction {
    static final int MAX = 10_000;
    private static final int PAGE = 500;
    private static final List<RunStatus> LIVE = List.of(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.SUSPENDED);

    /** The action on one run; false when it changed nothing. */
    @FunctionalInterface
    interface Action {
        boolean apply(Engine engine, RunRecord run, String by);
    }

    private final Engine engine;
    private final String verb;
    private final String done;
    private final Action action;

    private BulkAction(Engine engine, String verb, String done, Action action) {
        this.engine = engine;
        this.verb = verb;
        this.done = done;
        this.action = action;
    }

    static void routes(io.javalin.Javalin app, Engine engine) {
        app.post("/v1/runs/cancel", new BulkAction(engine, "cancel", "cancelled", (e, run, by) -> {
            e.cancel(run.id(), by);
            return true;
        })::handle);
        app.post("/v1/runs/pause", new BulkAction(engine, "pause", "paused", (e, run, by) -> {
            boolean was = run.pausedAtMs() != null;
            e.pause(run.id(), by);
            return !was;
        })::handle);
        app.post("/v1/runs/resume", new BulkAction(engine, "resume", "resumed", (e, run, by) -> {
            if (run.pausedAtMs() == null) {
                return false;
            }
            e.resume(run.id());
            return true;
        })::handle);
    }

    void handle(Context ctx) {
        RunStatus status = HttpGateway.status(ctx);
        if (ctx.queryParam("workflow") == null && ctx.queryParam("status") == null && ctx.queryParam("tag") == null
                && AttributeFilters.of(ctx.queryString()).isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "a bulk " + verb + " needs at least one of workflow, status,"
                    + " tag and attr.*, so that no empty query acts on every run of the namespace; add ?status=PENDING to mean all waiting ones");
        }
        if (status != null && status.isFinal()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "status was " + status + ", which is final: only PENDING,"
                    + " RUNNING, SUSPENDED and PAUSED runs can " + verb);
        }
        boolean dryRun = Boolean.parseBoolean(ctx.queryParam("dryRun"));
        String by = HttpAccess.actor(ctx);
        int matched = 0;
        int changed = 0;
        boolean more = false;
        walk:
        for (RunStatus live : status == null ? LIVE : List.of(status)) {
            String cursor = null;
            do {
                var page = engine.runs(HttpGateway.runQuery(ctx, live, cursor, PAGE));
                for (RunRecord run : page.runs()) {
                    if (matched == MAX) {
                        more = true;
                        break walk;
                    }
                    matched++;
                    if (!dryRun && apply(run, by)) {
                        changed++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        ctx.json(Map.of("matched", matched, done, changed, "dryRun", dryRun, "more", more));
    }

    /** False when the run finished meanwhile: the first outcome wins, as for one run. */
    private boolean apply(RunRecord run, String by) {
        try {
            return action.apply(engine, run, by);
        } catch (RunAlreadyFinishedException e) {
            return false;
        }
    }
}
