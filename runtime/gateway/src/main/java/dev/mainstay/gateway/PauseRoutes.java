package dev.mainstay.gateway;

import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.WorkflowNotFoundException;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.Pause;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * Pause and resume (docs/architecture.md, "Pause and resume"), of one run or of a whole workflow.
 *
 * <pre>
 * POST /v1/runs/{id}/pause            200 paused (PAUSED); 202 when a worker holds it: it stops after its step
 * POST /v1/runs/{id}/resume           200, dispatched again at once
 * POST /v1/workflows/{name}/pause     no run of it is dispatched until resumed (runs already running go on)
 * POST /v1/workflows/{name}/resume
 * GET  /v1/workflows/{name}/pause     whether it is paused
 * </pre>
 *
 * A finished run is refused with 409 RUN_ALREADY_FINISHED; pausing twice changes nothing.
 */
final class PauseRoutes {
    private final Engine engine;

    PauseRoutes(Engine engine) {
        this.engine = engine;
    }

    void register(Javalin app) {
        app.post("/v1/runs/{id}/pause", ctx -> {
            RunRecord run = engine.pause(run(ctx).id(), HttpAccess.actor(ctx));
            ctx.status(run.status() == RunStatus.RUNNING ? 202 : 200).json(Views.Run.of(run));
        });
        app.post("/v1/runs/{id}/resume", ctx -> ctx.json(Views.Run.of(engine.resume(run(ctx).id()))));
        app.get("/v1/workflows/{name}/pause", ctx -> {
            String workflow = workflow(ctx);
            ctx.json(WorkflowPause.of(workflow, engine.workflowPause(workflow).orElse(null)));
        });
        app.post("/v1/workflows/{name}/pause", ctx -> {
            String workflow = workflow(ctx);
            ctx.json(WorkflowPause.of(workflow, engine.pauseWorkflow(workflow, HttpAccess.actor(ctx))));
        });
        app.post("/v1/workflows/{name}/resume", ctx -> {
            String workflow = workflow(ctx);
            engine.resumeWorkflow(workflow);
            ctx.json(WorkflowPause.of(workflow, null));
        });
    }

    private RunRecord run(Context ctx) {
        return CallScope.visible(ctx, engine.run(Names.check("run id", ctx.pathParam("id"))));
    }

    private String workflow(Context ctx) {
        return WorkflowRoutes.workflow(ctx, engine);
    }

    /**
     * The {@code paused} filter a {@code status} query parameter implies: PAUSED keeps the runs shown
     * as PAUSED, PENDING and SUSPENDED keep the others (a paused one does not show as such), any other
     * status or none filters nothing.
     */
    static Boolean pausedFilter(Context ctx) {
        String status = ctx.queryParam("status");
        if (status == null) {
            return null;
        }
        if (status.equalsIgnoreCase(Views.PAUSED)) {
            return true;
        }
        return status.equalsIgnoreCase("PENDING") || status.equalsIgnoreCase("SUSPENDED") ? false : null;
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record WorkflowPause(String workflow, boolean paused, Instant pausedAt, String pausedBy) {
        static WorkflowPause of(String workflow, Pause pause) {
            return new WorkflowPause(Namespaces.local(workflow), pause != null,
                    pause == null ? null : Instant.ofEpochMilli(pause.atMs()), pause == null ? null : pause.by());
        }
    }
}
