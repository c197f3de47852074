package dev.mainstay.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mainstay.coordinator.Dispatcher;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.StartCommand;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.RunQuery;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import dev.mainstay.store.StartResult;
import dev.mainstay.telemetry.Telemetry;
import dev.mainstay.telemetry.TelemetryConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/JSON API, versioned under {@code /v1}. Every refusal is a JSON body
 * {@code {"code","message"}} with the status its {@link ErrorCode} maps to; a bug is a 500 with a
 * reference to the log line, never a stack trace.
 */
public final class HttpGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpGateway.class);
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final ObjectMapper MAPPER = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final int ACCEPT_BACKLOG = 4096;

    private final Engine engine;
    private final Dispatcher dispatcher;
    private final int maxPayloadBytes;
    private final Javalin app;
    private final Telemetry telemetry;
    private final AgentSessions agents;
    private final RunEventStream events;

    public HttpGateway(Engine engine, Dispatcher dispatcher, int maxPayloadBytes) {
        this(engine, dispatcher, maxPayloadBytes, Telemetry.withoutTracing(TelemetryConfig.defaults()));
    }

    /** The API, {@code /metrics} and the web UI from {@code telemetry}'s meters and previews. */
    public HttpGateway(Engine engine, Dispatcher dispatcher, int maxPayloadBytes, Telemetry telemetry) {
        this.engine = engine;
        this.dispatcher = dispatcher;
        this.maxPayloadBytes = maxPayloadBytes;
        this.telemetry = telemetry;
        this.agents = new AgentSessions(engine, MAPPER, maxPayloadBytes);
        this.events = new RunEventStream(engine, MAPPER);
        this.app = Javalin.create(config -> {
            config.staticFiles.add(files -> {
                files.hostedPath = "/ui";
                files.directory = "/mainstay-ui";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxPayloadBytes + 1L;
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(MAPPER, false));
            // the JDK turns Jetty's default backlog (0) into 50: a burst of new clients (1,000 events at
            // once) overflowed it and saw reset connections; the kernel allows far more
            config.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                    for (var connector : server.getConnectors()) {
                        if (connector instanceof org.eclipse.jetty.server.ServerConnector serverConnector) {
                            serverConnector.setAcceptQueueSize(ACCEPT_BACKLOG);
                        }
                    }
                }
            }));
        });
        routes();
        ObservabilityRoutes.register(app, engine, telemetry);
    }

    private void routes() {
        app.get("/healthz", ctx -> ctx.json(java.util.Map.of("status", "ok")));
        app.get("/readyz", this::ready);
        app.post("/v1/workflows/{name}/runs", ctx -> start(ctx, ComponentKind.WORKFLOW));
        app.post("/v1/functions/{name}/runs", ctx -> start(ctx, ComponentKind.FUNCTION));
        app.post("/v1/agents/{name}/runs", this::startAgent);
        app.get("/v1/agents/{name}/sessions/{id}", ctx -> ctx.json(agents.view(ctx.pathParam("name"), ctx.pathParam("id"))));
        app.get("/v1/runs", this::list);
        app.get("/v1/runs/{id}", this::get);
        app.get("/v1/runs/{id}/journal", ctx -> {
            String id = ctx.pathParam("id");
            var payload = payloads(ctx);
            ctx.json(new Views.Journal(id, engine.journal(id).stream().map(e -> Views.Entry.of(e, payload)).toList(),
                    engine.attempts(id).stream().map(Views.AttemptView::of).toList()));
        });
        app.post("/v1/runs/{id}/events/{name}", this::deliverEvent);
        app.get("/v1/runs/{id}/events", ctx -> events.stream(ctx, ctx.pathParam("id")));
        app.post("/v1/runs/{id}/cancel", ctx -> {
            RunRecord run = engine.cancel(ctx.pathParam("id"));
            ctx.status(run.status() == RunStatus.CANCELLED ? 200 : 202).json(Views.Run.of(run));
        });
        app.get("/v1/workers", ctx -> ctx.json(java.util.Map.of(
                "workers", dispatcher.workers().stream().map(Views.Worker::of).toList(),
                "queued", dispatcher.queueDepths(),
                "heldByConcurrencyLimit", dispatcher.limitedDepths())));
        new ScheduleRoutes(engine, this).register(app);

        app.exception(MainstayException.class, (e, ctx) -> error(ctx, e.code(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, codeFor(e.getStatus()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            String ref = UUID.randomUUID().toString().substring(0, 8);
            log.error("event=request_failed ref={} method={} path={}", ref, ctx.method(), ctx.path(), e);
            error(ctx, ErrorCode.INTERNAL, "internal error (ref " + ref + "); the runtime log has the details");
        });
        app.error(404, ctx -> {
            if (ctx.attribute("mainstay.error") == null) {
                error(ctx, ErrorCode.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path() + "; the API lives under /v1");
            }
        });
        app.error(405, ctx -> {
            if (ctx.attribute("mainstay.error") == null) {
                error(ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path());
            }
        });
    }

    private static ErrorCode codeFor(int status) {
        return switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 400 -> ErrorCode.INVALID_ARGUMENT;
            default -> ErrorCode.INTERNAL;
        };
    }

    private static void error(Context ctx, ErrorCode code, String message) {
        ctx.attribute("mainstay.error", code);
        ctx.status(code.httpStatus()).json(new Views.Error(code.name(), message));
    }

    private void ready(Context ctx) {
        var problem = engine.storeProblem();
        if (problem.isPresent()) {
            ctx.status(503).json(new Views.Error(ErrorCode.UNAVAILABLE.name(), problem.get()));
            return;
        }
        try {
            engine.runs(new RunQuery(null, null, null, 1));
            ctx.json(java.util.Map.of("status", "ready"));
        } catch (RuntimeException e) {
            ctx.status(503).json(new Views.Error(ErrorCode.UNAVAILABLE.name(), "store unreachable: " + e.getMessage()));
        }
    }

    private void start(Context ctx, ComponentKind kind) throws Exception {
        String name = ctx.pathParam("name");
        Duration wait = waitParam(ctx);
        byte[] body = body(ctx);
        JsonNode input = parse(body);
        var component = engine.component(name).filter(c -> c.kind() == kind)
                .orElseThrow(() -> new dev.mainstay.engine.WorkflowNotFoundException(name, kind));
        if (component.inputSchema() != null) {
            List<String> problems = InputValidator.problems(MAPPER.readTree(component.inputSchema()), input);
            if (!problems.isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "the input does not fit '" + name + "': "
                        + String.join("; ", problems));
            }
        }
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "Idempotency-Key must be 1 to 255 characters");
        }
        StartResult result = engine.start(new StartCommand(name, kind, CanonicalJson.bytes(input), key,
                ctx.header("traceparent"), tags(ctx)));
        RunRecord run = result.run();
        if (wait != null) {
            run = awaitFinished(run.id(), wait);
        }
        ctx.header("Location", "/v1/runs/" + run.id());
        ctx.status(result.created() ? 201 : 200).json(Views.Run.of(run));
    }

    /** Starts an agent run, in its session when the body names one (see {@link AgentSessions}). */
    private void startAgent(Context ctx) throws Exception {
        Duration wait = waitParam(ctx);
        JsonNode body = parse(body(ctx));
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "Idempotency-Key must be 1 to 255 characters");
        }
        StartResult result = agents.start(ctx.pathParam("name"), body, key);
        RunRecord run = wait == null ? result.run() : awaitFinished(result.run().id(), wait);
        ctx.header("Location", "/v1/runs/" + run.id());
        ctx.status(result.created() ? 201 : 200).json(Views.Run.of(run));
    }

    /** Delivers an event to a run's durable inbox; the Idempotency-Key header (if any) de-duplicates redelivery. */
    private void deliverEvent(Context ctx) throws IOException {
        String runId = ctx.pathParam("id");
        String name = ctx.pathParam("name");
        JsonNode payload = parse(body(ctx));
        String key = ctx.header("Idempotency-Key");
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "Idempotency-Key must be 1 to 255 characters");
        }
        checkAnswer(runId, name, payload);
        String eventId = key != null ? key : UUID.randomUUID().toString();
        var delivery = engine.deliverEvent(runId, name, eventId, MAPPER.writeValueAsBytes(payload));
        ctx.status(202).json(java.util.Map.of("runId", runId, "name", name, "eventId", delivery.eventId(),
                "duplicate", delivery.duplicate(), "wokeRun", delivery.woke()));
    }

    /** When the run asked a question under this name (its last journal entry), the answer must fit it. */
    private void checkAnswer(String runId, String name, JsonNode answer) throws IOException {
        var asked = engine.lastEntry(runId).filter(e -> e.kind().equals("input") && e.name().equals(name));
        if (asked.isEmpty()) {
            return;
        }
        List<String> problems = InputValidator.problems(InputValidator.answerSchema(MAPPER.readTree(asked.get().output())), answer);
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_INPUT, "the answer to '" + name + "' does not fit its question: "
                    + String.join("; ", problems));
        }
    }

    private void get(Context ctx) throws Exception {
        String id = ctx.pathParam("id");
        Duration wait = waitParam(ctx);
        ctx.json(view(wait == null ? engine.run(id) : awaitFinished(id, wait), payloads(ctx)));
    }

    /** A run's view; a queued run held back by its workflow's concurrency limit says so. */
    private Views.Run view(RunRecord run, java.util.function.Function<byte[], String> payload) {
        Views.Run view = Views.Run.of(run, payload);
        if (run.status() == RunStatus.PENDING && dispatcher.heldByLimit(run.id(), run.component())) {
            return view.waitingFor("a place under the concurrency limit of '" + run.component() + "'");
        }
        return view;
    }

    private RunRecord awaitFinished(String runId, Duration wait) throws InterruptedException, ExecutionException {
        try {
            return engine.whenFinished(runId).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return engine.run(runId);
        }
    }

    private void list(Context ctx) {
        String status = ctx.queryParam("status");
        RunStatus parsedStatus = null;
        if (status != null) {
            try {
                parsedStatus = RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.INVALID_ARGUMENT, "status was '" + status
                        + "'; use one of PENDING, RUNNING, SUSPENDED, COMPLETED, FAILED, CANCELLED");
            }
        }
        int limit = intParam(ctx, "limit", 50, 1, 1000);
        var page = engine.runs(new RunQuery(ctx.queryParam("workflow"), parsedStatus, ctx.queryParam("cursor"), limit,
                instantParam(ctx, "since"), instantParam(ctx, "until"), ctx.queryParam("idempotencyKey"), ctx.queryParam("tag")));
        var payload = payloads(ctx);
        ctx.json(new Views.RunPage(page.runs().stream().map(r -> view(r, payload)).toList(), page.nextCursor()));
    }

    /**
     * {@code preview=true} (the UI's reads): payloads redacted and cut to the preview size, so a
     * secret or a megabyte never reaches a browser; else exactly as journaled (clients need them).
     */
    private java.util.function.Function<byte[], String> payloads(Context ctx) {
        String preview = ctx.queryParam("preview");
        if (preview == null || preview.equals("false")) {
            return Views::text;
        }
        if (!preview.equals("true")) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "preview was '" + preview + "'; use true or false");
        }
        return telemetry.payloads()::preview;
    }

    /** Tags given at start as repeated {@code tag} query parameters, e.g. {@code ?tag=tenant:acme}. */
    private static List<String> tags(Context ctx) {
        List<String> tags = ctx.queryParams("tag");
        if (tags.size() > 20) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "a run takes at most 20 tags; " + tags.size() + " were given");
        }
        for (String tag : tags) {
            if (tag.isBlank() || tag.length() > 128) {
                throw new ApiException(ErrorCode.INVALID_ARGUMENT, "tag '" + tag + "' must be 1 to 128 characters");
            }
        }
        return tags;
    }

    /** An ISO-8601 instant ({@code 2026-12-01T05:00:00Z}) or epoch milliseconds. */
    private static Long instantParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return raw.chars().allMatch(Character::isDigit) ? Long.parseLong(raw) : java.time.Instant.parse(raw).toEpochMilli();
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, name + " was '" + raw
                    + "'; use an ISO-8601 instant such as 2026-01-31T12:00:00Z or epoch milliseconds");
        }
    }

    byte[] body(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxPayloadBytes) {
            throw tooLarge(declared);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(maxPayloadBytes + 1);
            if (body.length > maxPayloadBytes) {
                throw tooLarge(body.length);
            }
            return body;
        }
    }

    private ApiException tooLarge(long size) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body has " + (size > maxPayloadBytes ? "more than " : "")
                + maxPayloadBytes + " bytes, the limit (--max-payload-bytes); store large data elsewhere and pass a reference");
    }

    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the request body is empty; send the input as JSON (null for none)");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(ErrorCode.MALFORMED_JSON, "the request body holds no JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the request body is not valid JSON" + where + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.MALFORMED_JSON, "the request body cannot be read: " + e.getMessage());
        }
    }

    /** {@code wait=30s}, {@code 500ms}, {@code 2m} or plain seconds; capped at 5 minutes. */
    static Duration waitParam(Context ctx) {
        String raw = ctx.queryParam("wait");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            String v = raw.trim().toLowerCase(Locale.ROOT);
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofMillis((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
            }
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "wait was '" + raw + "'; use e.g. 30s, 500ms or 2m");
        }
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, name + " was '" + raw + "'; use " + min + ".." + max);
        }
    }

    public void start(String host, int port) {
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        engine.watchers().closeAll(); // open event streams end now instead of holding the stop up
        app.stop();
    }

}
