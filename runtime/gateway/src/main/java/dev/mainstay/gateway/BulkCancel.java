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
 * {@code POST /v1/runs/cancel?workflow=&status=&tag=&since=&until=[&dryRun=true]}: cancels the live
 * runs the filters select, in the call's namespace, each as {@code POST /v1/runs/{id}/cancel} would
 * (so who asked is kept as each run's {@code cancelledBy}); a dry run only counts them. At least one
 * of workflow, status and tag must be given, so an empty query cannot cancel a namespace by mistake;
 * at most {@link #MAX} runs a call ({@code more: true} then: call again).
 */
final class BulkCancel {
    static final int MAX = 10_000;
    private static final int PAGE = 500;
    private static final List<RunStatus> LIVE = List.of(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.SUSPENDED);

    private final Engine engine;

    BulkCancel(Engine engine) {
        this.engine = engine;
    }

    void handle(Context ctx) {
        RunStatus status = HttpGateway.status(ctx);
        if (ctx.queryParam("workflow") == null && ctx.queryParam("status") == null && ctx.queryParam("tag") == null) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "a bulk cancel needs at least one of workflow, status"
                    + " and tag, so that no empty query cancels every run of the namespace; add ?status=PENDING to mean all waiting ones");
        }
        if (status != null && status.isFinal()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "status was " + status + ", which is final: only PENDING,"
                    + " RUNNING and SUSPENDED runs can be cancelled");
        }
        boolean dryRun = Boolean.parseBoolean(ctx.queryParam("dryRun"));
        String by = HttpAccess.actor(ctx);
        int matched = 0;
        int cancelled = 0;
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
                    if (!dryRun && cancel(run.id(), by)) {
                        cancelled++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        ctx.json(Map.of("matched", matched, "cancelled", cancelled, "dryRun", dryRun, "more", more));
    }

    /** False when the run finished meanwhile: the first outcome wins, as for one cancel. */
    private boolean cancel(String runId, String by) {
        try {
            engine.cancel(runId, by);
            return true;
        } catch (RunAlreadyFinishedException e) {
            return false;
        }
    }
}
