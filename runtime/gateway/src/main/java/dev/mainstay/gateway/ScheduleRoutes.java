package dev.mainstay.gateway;

import static dev.mainstay.gateway.JsonObjects.text;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.ScheduleDefinition;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.ScheduleRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * /v1/schedules: create (or replace by id), list, show and delete schedules.
 *
 * <pre>
 * POST /v1/schedules {"workflow": "report", "cron": "0 9 * * MON-FRI", "timeZone": "Europe/Paris",
 *                     "input": {...}, "misfire": "fire-once", "id": "daily-report"}
 * POST /v1/schedules {"workflow": "sync", "everyMs": 300000}
 * </pre>
 */
final class ScheduleRoutes {
    private static final Set<String> FIELDS = Set.of("id", "workflow", "cron", "everyMs", "timeZone", "input", "misfire");

    private final Engine engine;
    private final HttpGateway gateway;

    ScheduleRoutes(Engine engine, HttpGateway gateway) {
        this.engine = engine;
        this.gateway = gateway;
    }

    void register(Javalin app) {
        app.post("/v1/schedules", this::create);
        app.get("/v1/schedules", ctx -> {
            String namespace = CallScope.namespace(ctx);
            ctx.json(java.util.Map.of("schedules", engine.scheduleRegistry().all().stream()
                    .filter(s -> Namespaces.in(namespace, s.workflow())).map(View::of).toList()));
        });
        app.get("/v1/schedules/{id}", ctx -> ctx.json(View.of(engine.scheduleRegistry().get(
                CallScope.qualify(ctx, Names.check("schedule id", ctx.pathParam("id")))))));
        app.delete("/v1/schedules/{id}", ctx -> {
            engine.scheduleRegistry().delete(CallScope.qualify(ctx, Names.check("schedule id", ctx.pathParam("id"))));
            ctx.status(204);
        });
    }

    private void create(Context ctx) throws Exception {
        JsonNode body = JsonObjects.of(HttpGateway.parse(gateway.body(ctx)), FIELDS,
                "{\"workflow\": ..., \"cron\": ... or \"everyMs\": ...}");
        JsonNode every = body.path("everyMs");
        if (!every.isMissingNode() && !every.isNull() && !every.canConvertToLong()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "everyMs must be a number of milliseconds");
        }
        String id = CallScope.qualify(ctx, text(body, "id") == null ? null : Names.check("schedule id", text(body, "id")));
        boolean replaces = id != null && engine.scheduleRegistry().all().stream().anyMatch(s -> s.id().equals(id));
        String workflow = text(body, "workflow");
        ScheduleRecord created = engine.scheduleRegistry().put(new ScheduleDefinition(id, CallScope.qualify(ctx, workflow),
                text(body, "cron"),
                every.isMissingNode() || every.isNull() ? null : every.asLong(), text(body, "timeZone"),
                body.has("input") ? CanonicalJson.bytes(body.get("input")) : null,
                text(body, "misfire") == null ? ScheduleDefinition.Misfire.SKIP : ScheduleDefinition.Misfire.parse(text(body, "misfire"))),
                "api");
        ctx.header("Location", "/v1/schedules/" + Namespaces.local(created.id()));
        ctx.status(replaces ? 200 : 201).json(View.of(created));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String id, String namespace, String workflow, String cron, Long everyMs, String timeZone, @JsonRawValue String input,
                String misfire, String origin, Instant nextFireAt, Instant lastFiredAt, Instant createdAt) {
        static View of(ScheduleRecord s) {
            return new View(Namespaces.local(s.id()), Namespaces.of(s.workflow()), Namespaces.local(s.workflow()), s.cron(), s.intervalMs(), s.timeZone(),
                    s.input() == null ? null : new String(s.input(), StandardCharsets.UTF_8),
                    ScheduleDefinition.Misfire.valueOf(s.misfire()).label(), s.origin(),
                    s.nextFireAtMs() == Long.MAX_VALUE ? null : Instant.ofEpochMilli(s.nextFireAtMs()),
                    s.lastFiredAtMs() == null ? null : Instant.ofEpochMilli(s.lastFiredAtMs()),
                    Instant.ofEpochMilli(s.createdAtMs()));
        }
    }
}
