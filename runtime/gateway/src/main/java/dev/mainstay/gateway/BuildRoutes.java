package dev.mainstay.gateway;

import dev.mainstay.engine.ClusterWorker;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.WorkflowNotFoundException;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.BuildRecord;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.ComponentRecord;
import dev.mainstay.store.UpgradeMode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * /v1/workflows/{name}/builds: the builds of a workflow, and which one new runs go to
 * (docs/architecture.md, "Builds").
 *
 * <pre>
 * GET  /v1/workflows/orders/builds                        builds, runs per build, current, safe to shut down
 * POST /v1/workflows/orders/builds/2026-12-01.3/promote   new runs go to that build
 * POST /v1/workflows/orders/builds/rollback               back to the build current before
 * </pre>
 */
final class BuildRoutes {
    private final Engine engine;

    BuildRoutes(Engine engine) {
        this.engine = engine;
    }

    void register(Javalin app) {
        app.get("/v1/workflows/{name}/builds", ctx -> ctx.json(list(ctx, workflow(ctx))));
        app.post("/v1/workflows/{name}/builds/rollback", ctx -> {
            String workflow = workflow(ctx);
            if (engine.rollbackBuild(workflow).join().isEmpty()) {
                throw new ApiException(ErrorCode.BUILD_NOT_FOUND, "workflow '" + Namespaces.local(workflow)
                        + "' has no build before its current one to roll back to; see GET /v1/workflows/"
                        + Namespaces.local(workflow) + "/builds");
            }
            ctx.json(list(ctx, workflow));
        });
        app.post("/v1/workflows/{name}/builds/{build}/promote", ctx -> {
            String workflow = workflow(ctx);
            String build = Names.check("build id", ctx.pathParam("build"));
            if (!engine.promoteBuild(workflow, build).join()) {
                throw new ApiException(ErrorCode.BUILD_NOT_FOUND, "no worker of build '" + Text.clip(build)
                        + "' ever registered workflow '" + Namespaces.local(workflow)
                        + "'; start one first, or pick a build from GET /v1/workflows/" + Namespaces.local(workflow) + "/builds");
            }
            ctx.json(list(ctx, workflow));
        });
    }

    /** The path's workflow, qualified for the call's namespace; 404 when no worker ever registered it. */
    private String workflow(Context ctx) {
        String workflow = CallScope.qualify(ctx, Names.check("workflow name", ctx.pathParam("name")));
        if (engine.component(workflow).isEmpty()) {
            throw new WorkflowNotFoundException(workflow, ComponentKind.WORKFLOW);
        }
        return workflow;
    }

    private Builds list(Context ctx, String workflow) {
        List<ClusterWorker> workers = engine.workers();
        UpgradeMode upgrade = engine.component(workflow).map(ComponentRecord::upgrade).orElse(UpgradeMode.PINNED);
        List<Build> builds = engine.builds(workflow).stream().map(b -> Build.of(b, upgrade, workers)).toList();
        return new Builds(Namespaces.local(workflow), upgrade,
                builds.stream().filter(Build::current).map(Build::buildId).findFirst().orElse(null),
                builds.stream().filter(Build::newest).map(Build::buildId).findFirst().orElse(null), builds);
    }

    record Builds(String workflow, UpgradeMode upgrade, String current, String newest, List<Build> builds) {}

    /**
     * One build: {@code liveRuns} ran on it last and have not ended (pending, running or waiting);
     * {@code safeToShutDown} when new runs do not go to it and no live run needs it: it has none, or
     * the workflow upgrades its runs ({@code LATEST}), so they move to the current build.
     */
    record Build(String buildId, Instant firstSeen, boolean current, boolean newest, long liveRuns, long endedRuns,
                 int workers, boolean safeToShutDown) {
        static Build of(BuildRecord b, UpgradeMode upgrade, List<ClusterWorker> connected) {
            int workers = (int) connected.stream().map(ClusterWorker::worker)
                    .filter(w -> b.buildId().equals(w.buildId()) && w.components().contains(b.component())).count();
            return new Build(b.buildId(), Instant.ofEpochMilli(b.firstSeenAtMs()), b.current(), b.newest(), b.liveRuns(),
                    b.endedRuns(), workers, !b.current() && (b.liveRuns() == 0 || upgrade == UpgradeMode.LATEST));
        }
    }
}
