package dev.mainstay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.WorkflowNotFoundException;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.ComponentKind;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;

/**
 * A workflow's own retention (docs/architecture.md, "Retention"): how long its finished runs are kept
 * before they are deleted, instead of the runtime's {@code --retention}.
 *
 * <pre>
 * GET    /v1/workflows/{name}/retention   {workflow, retention (null: the runtime's), runtimeRetention}
 * PUT    /v1/workflows/{name}/retention   body {"retention": "7d"}: 1 s to 10 years
 * DELETE /v1/workflows/{name}/retention   back to the runtime's
 * </pre>
 */
final class RetentionRoutes {
    private static final Duration MOST = Duration.ofDays(3650);
    private static final String FORMS = "e.g. 12h, 7d or 90d";

    private final Engine engine;

    RetentionRoutes(Engine engine) {
        this.engine = engine;
    }

    void register(Javalin app) {
        app.get("/v1/workflows/{name}/retention", ctx -> ctx.json(view(workflow(ctx))));
        app.put("/v1/workflows/{name}/retention", ctx -> {
            String workflow = workflow(ctx);
            engine.setRetention(workflow, keep(HttpGateway.parse(ctx.bodyAsBytes())));
            ctx.json(view(workflow));
        });
        app.delete("/v1/workflows/{name}/retention", ctx -> {
            String workflow = workflow(ctx);
            engine.setRetention(workflow, null);
            ctx.json(view(workflow));
        });
    }

    private static Duration keep(JsonNode body) {
        JsonNode raw = body.path("retention");
        if (!raw.isTextual()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "the body is {\"retention\": \"<duration>\"}, " + FORMS
                    + "; DELETE the route to use the runtime's retention again");
        }
        Duration keep = Durations.parse("retention", raw.asText(), MOST, FORMS, "at most 10 years");
        if (keep.toMillis() < 1_000) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "retention was '" + Text.clip(raw.asText())
                    + "'; the least is 1s");
        }
        return keep;
    }

    private RetentionView view(String workflow) {
        return new RetentionView(Namespaces.local(workflow),
                engine.retention(workflow).map(Durations::label).orElse(null),
                engine.runtimeRetention().map(Durations::label).orElse(null));
    }

    private String workflow(Context ctx) {
        return WorkflowRoutes.workflow(ctx, engine);
    }

    /** {@code retention}: the workflow's own (null: it follows {@code runtimeRetention}, null: kept forever). */
    record RetentionView(String workflow, String retention, String runtimeRetention) {}
}
