package dev.mainstay.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.WorkflowNotFoundException;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.ComponentRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code GET /v1/workflows/{name}}: a workflow as its workers registered it (input schema, run
 * timeout, concurrency limit or queue, rate limit, upgrade mode) with what operators set on it (its
 * pause and its retention), so a person sees in one place why its runs wait. Also the one place that
 * resolves a workflow path for the routes under it.
 */
final class WorkflowRoutes {
    private final Engine engine;

    WorkflowRoutes(Engine engine) {
        this.engine = engine;
    }

    void register(Javalin app) {
        app.get("/v1/workflows/{name}", ctx -> ctx.json(view(component(ctx, engine))));
    }

    /** The path's workflow, qualified for the call's namespace; 404 when no worker ever registered it. */
    static String workflow(Context ctx, Engine engine) {
        return component(ctx, engine).name();
    }

    private static ComponentRecord component(Context ctx, Engine engine) {
        String workflow = CallScope.qualify(ctx, Names.check("workflow name", ctx.pathParam("name")));
        return engine.component(workflow).filter(c -> c.kind() == ComponentKind.WORKFLOW)
                .orElseThrow(() -> new WorkflowNotFoundException(workflow, ComponentKind.WORKFLOW));
    }

    private WorkflowView view(ComponentRecord c) {
        var pause = engine.workflowPause(c.name()).orElse(null);
        return new WorkflowView(Namespaces.local(c.name()), Namespaces.of(c.name()), c.inputSchema(), c.runTimeoutMs(),
                c.maxConcurrency(), c.concurrencyKey(), c.queue(), c.rateLimit() == null ? null : c.rateLimit().toString(),
                c.rateKey(), c.upgrade().name(), pause != null, pause == null ? null : Instant.ofEpochMilli(pause.atMs()),
                pause == null ? null : pause.by(), engine.retention(c.name()).map(Durations::label).orElse(null),
                engine.runtimeRetention().map(Durations::label).orElse(null));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record WorkflowView(String workflow, String namespace, @JsonRawValue String inputSchema, Long runTimeoutMs,
                        Integer maxConcurrency, String concurrencyKey, String queue, String rateLimit, String rateKey,
                        String upgrade, boolean paused, Instant pausedAt, String pausedBy, String retention,
                        String runtimeRetention) {}
}
