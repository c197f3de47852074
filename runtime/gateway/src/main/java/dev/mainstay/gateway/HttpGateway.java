package dev.mainstay.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mainstay.engine.DispatchState;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.StartCommand;
import dev.mainstay.engine.auth.Tokens;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.NewRun;
import dev.mainstay.store.RunQuery;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.RunStatus;
import dev.mainstay.store.StartResult;
import dev.mainstay.telemetry.Telemetry;
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
import java.util.concurrent.CompletableFuture;
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
    /** A body is one JSON value: {@code {"steps":1} trailing} is refused, not read as its first value. */
    private static final ObjectMapper MAPPER = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** A run page's cursor is the last run id of the previous page: a UUID as the store writes it. */
    private static final java.util.regex.Pattern CURSOR =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final int ACCEPT_BACKLOG = 4096;
    /** The default and the most entries of one journal page ({@code GET /v1/runs/{id}/journal?limit=}). */
    static final int JOURNAL_PAGE = 500;

    private final Engine engine;
    private final DispatchState dispatch;
    private final int maxPayloadBytes;
    private final Javalin app;
    private final Telemetry telemetry;
    private final AgentSessions agents;
    private final RunEventStream events;
    private final GatewayLimits limits;
    private final JournalReads journal;
    /** Set at {@link #start}: the allowed hosts include the address bound. */
    private volatile BrowserGuards guards;
    private final Tokens tokens;
    private final HttpAccess access;
    private final BrowserSessions sessions;
    private final CallerLimits callers;
    /** Null: plain HTTP. */
    private final HttpTls tls;
    /** Set at {@link #start}, read when Jetty builds the TLS connector. */
    private volatile String host;
    private volatile int port;

    /**
     * The API, {@code /metrics} and the web UI from {@code telemetry}'s meters and previews, under
     * {@code limits}; journals read a page at a time through {@code journal}; every call but the
     * open ones checked against {@code tokens} ({@code /metrics} is open when {@code metricsPublic});
     * over HTTPS when {@code tls} is given (null: plain HTTP).
     */
    public HttpGateway(Engine engine, DispatchState dispatch, int maxPayloadBytes, Telemetry telemetry,
                       GatewayLimits limits, JournalReads journal, Tokens tokens, boolean metricsPublic, HttpTls tls) {
        this.tls = tls;
        this.tokens = tokens;
        this.sessions = new BrowserSessions();
        tokens.onEnded(sessions::endToken); // a revoked token's browser sessions end with it, at once
        this.access = new HttpAccess(tokens, metricsPublic, sessions);
        this.limits = limits;
        this.callers = CallerLimits.of(limits);
        tokens.onEnded(callers::endToken); // a revoked token's long-polls and event streams end with it, at once
        tokens.inUse(callers::holding);
        this.journal = journal;
        this.engine = engine;
        this.dispatch = dispatch;
        this.maxPayloadBytes = maxPayloadBytes;
        this.telemetry = telemetry;
        this.agents = new AgentSessions(engine, MAPPER, maxPayloadBytes);
        this.events = new RunEventStream(engine, MAPPER, journal, Views.Render.safe(telemetry.payloads()),
                new WatcherSlots(limits.maxWatchersPerRun(), limits.maxWatchers()));
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
            // Jetty's own refusals (431, 414, a bad escape, an ambiguous path) as JSON, not an HTML page
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            if (tls != null) { // the only connector: Javalin adds its plain one only when there is none
                config.jetty.addConnector((server, http) -> tls.connector(server, http, host, port));
            }
            // the JDK turns Jetty's default backlog (0) into 50: a burst of new clients (1,000 events at
            // once) overflowed it and saw reset connections; the kernel allows far more
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
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
        app.before(ctx -> guards.check(ctx));
        // Javalin decodes path parameters lazily and would throw for a bad escape ("/v1/runs/%"): refuse it first
        app.before(ctx -> Names.checkEscapes(ctx.path()));
        app.before(access::check);
        app.get("/healthz", ctx -> ctx.json(java.util.Map.of("status", "ok")));
        app.get("/readyz", this::ready);
        app.post("/v1/workflows/{name}/runs", ctx -> start(ctx, ComponentKind.WORKFLOW));
        app.post("/v1/functions/{name}/runs", ctx -> start(ctx, ComponentKind.FUNCTION));
        app.post("/v1/agents/{name}/runs", this::startAgent);
        app.get("/v1/agents/{name}/sessions/{id}", ctx -> ctx.json(agents.view(CallScope.namespace(ctx),
                Names.check("agent name", ctx.pathParam("name")), Names.check("session id", ctx.pathParam("id")))));
        app.get("/v1/runs", this::list);
        app.get("/v1/runs/{id}", this::get);
        app.get("/v1/runs/{id}/journal", this::journal);
        app.post("/v1/runs/{id}/events/{name}", this::deliverEvent);
        app.get("/v1/runs/{id}/events", ctx -> {
            String id = visibleRun(ctx).id();
            try (CallerLimits.Slot held = callers.openStream(HttpAccess.principal(ctx))) {
                events.stream(ctx, id, held);
            }
        });
        BulkAction.routes(app, engine);
        app.post("/v1/runs/{id}/restart", this::restart);
        app.get("/v1/runs/{id}/restarts", ctx -> {
            RunRecord run = visibleRun(ctx);
            var links = engine.restarts(run.id());
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("runId", run.id());
            body.put("restartedFrom", links.restartedFrom());
            body.put("restarts", links.restarts());
            ctx.json(body);
        });
        app.post("/v1/runs/{id}/cancel", ctx -> {
            RunRecord run = engine.cancel(visibleRun(ctx).id(), HttpAccess.actor(ctx));
            ctx.status(run.status() == RunStatus.CANCELLED ? 200 : 202).json(Views.Run.of(run));
        });
        app.get("/v1/workers", ctx -> {
            String namespace = CallScope.namespace(ctx);
            ctx.json(java.util.Map.of(
                    "workers", engine.workers().stream().map(w -> Views.Worker.of(w, namespace))
                            .filter(java.util.Objects::nonNull).toList(),
                    "queued", Views.inNamespace(dispatch.queueDepths(), namespace),
                    "heldByConcurrencyLimit", Views.inNamespace(dispatch.limitedDepths(), namespace),
                    "heldByRateLimit", Views.inNamespace(dispatch.rateLimitedDepths(), namespace)));
        });
        new ScheduleRoutes(engine, this).register(app);
        new BuildRoutes(engine).register(app);
        new PauseRoutes(engine).register(app);
        new RetentionRoutes(engine).register(app);
        new WorkflowRoutes(engine).register(app);
        new TokenRoutes(tokens, this).register(app);
        new WebhookRoutes(engine, this).register(app);
        new SessionRoutes(tokens, sessions, this, tls != null).register(app);

        app.exception(MainstayException.class, (e, ctx) -> {
            if (e instanceof CallerLimits.RateLimitedException limited) {
                ctx.header("Retry-After", String.valueOf(limited.retryAfterSeconds()));
            } else if (e instanceof dev.mainstay.store.StoreUnavailableException unavailable) {
                ctx.header("Retry-After", String.valueOf(Math.max(1, unavailable.retryAfterMs() / 1000)));
            } else if (e.code() == ErrorCode.UNAUTHENTICATED) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"mainstay\"");
            } else if (e.code() == ErrorCode.LIMIT_EXCEEDED || e.code() == ErrorCode.CONCURRENCY_LIMITED) {
                ctx.header("Retry-After", "1");
            }
            error(ctx, e.code(), e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, JsonErrorHandler.codeFor(e.getStatus()),
                switch (e.getStatus()) {
                    case 404 -> noRoute(ctx);
                    case 405 -> notAllowed(ctx);
                    default -> e.getMessage();
                }));
        app.exception(Exception.class, (e, ctx) -> internalError(ctx, e));
        app.error(404, ctx -> {
            if (ctx.attribute("mainstay.error") == null) {
                error(ctx, ErrorCode.NOT_FOUND, noRoute(ctx));
            }
        });
        app.error(405, ctx -> {
            if (ctx.attribute("mainstay.error") == null) {
                error(ctx, ErrorCode.METHOD_NOT_ALLOWED, notAllowed(ctx));
            }
        });
    }

    /** A bug: a 500 with a reference to the log line, never a stack trace. */
    private static void internalError(Context ctx, Exception e) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        log.error("event=request_failed ref={} method={} path={}", ref, ctx.method(), ctx.path(), e);
        error(ctx, ErrorCode.INTERNAL, "internal error (ref " + ref + "); the runtime log has the details");
    }

    private static String noRoute(Context ctx) {
        return "no route " + ctx.method() + " " + Text.clip(ctx.path()) + "; the API lives under /v1";
    }

    private static String notAllowed(Context ctx) {
        return ctx.method() + " is not allowed on " + Text.clip(ctx.path());
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
        String name = Names.check("workflow name", ctx.pathParam("name"));
        String key = CallScope.qualify(ctx, Names.idempotencyKey(ctx.header("Idempotency-Key")));
        Duration wait = waitParam(ctx);
        int priority = intParam(ctx, "priority", 0, NewRun.MIN_PRIORITY, NewRun.MAX_PRIORITY); // checked before any work
        dev.mainstay.store.Debounce debounce = DebounceParams.of(ctx, key);
        callers.start(HttpAccess.principal(ctx));
        byte[] body = body(ctx);
        JsonNode input = parse(body);
        var component = engine.component(CallScope.qualify(ctx, name)).filter(c -> c.kind() == kind)
                .orElseThrow(() -> new dev.mainstay.engine.WorkflowNotFoundException(name, kind));
        if (component.inputSchema() != null) {
            List<String> problems = InputValidator.problems(MAPPER.readTree(component.inputSchema()), input);
            if (!problems.isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_INPUT, "the input does not fit '" + name + "': "
                        + String.join("; ", problems));
            }
        }
        StartCommand command = new StartCommand(component.name(), kind, CanonicalJson.bytes(input), key,
                ctx.header("traceparent"), tags(ctx), HttpAccess.actor(ctx), priority);
        StartResult result;
        RunRecord run;
        if (debounce == null && wait != null && !wait.isZero()) {
            Engine.AwaitedStart awaited = engine.startAwaited(command, component);
            result = awaited.start();
            run = awaitFinished(ctx, result.run().id(), wait, awaited::finished);
        } else {
            result = debounce == null ? engine.start(command, component)
                    : engine.startDebounced(command, component, debounce); // 200: a waiting run took this input
            run = wait == null ? result.run() : awaitFinished(ctx, result.run().id(), wait);
        }
        ctx.header("Location", "/v1/runs/" + run.id());
        ctx.status(result.created() ? 201 : 200).json(Views.Run.of(run));
    }

    /** Starts an agent run, in its session when the body names one (see {@link AgentSessions}). */
    private void startAgent(Context ctx) throws Exception {
        Duration wait = waitParam(ctx);
        callers.start(HttpAccess.principal(ctx));
        JsonNode body = parse(body(ctx));
        String key = CallScope.qualify(ctx, Names.idempotencyKey(ctx.header("Idempotency-Key")));
        StartResult result = agents.start(CallScope.namespace(ctx), Names.check("agent name", ctx.pathParam("name")),
                body, key, HttpAccess.actor(ctx));
        RunRecord run = wait == null ? result.run() : awaitFinished(ctx, result.run().id(), wait);
        ctx.header("Location", "/v1/runs/" + run.id());
        ctx.status(result.created() ? 201 : 200).json(Views.Run.of(run));
    }

    /**
     * Restart from a step: a new run with the finished run's input, its journal positions before
     * {@code fromPosition} copied so those steps do not run again. 201 with the new run.
     */
    private void restart(Context ctx) {
        RunRecord original = visibleRun(ctx);
        if (!original.status().isFinal()) {
            throw new ApiException(ErrorCode.RUN_NOT_FINISHED, "run " + original.id() + " is " + original.status()
                    + "; only a finished run (COMPLETED, FAILED or CANCELLED) can be restarted: cancel it first");
        }
        if (ctx.queryParam("fromPosition") == null) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "fromPosition is required: the first journal position"
                    + " to run again (1 runs everything again)");
        }
        int from = intParam(ctx, "fromPosition", 1, 1, engine.lastPosition(original.id()) + 1);
        StartResult result = engine.restart(original.id(), from, HttpAccess.actor(ctx));
        ctx.header("Location", "/v1/runs/" + result.run().id());
        ctx.status(201).json(Views.Run.of(result.run()));
    }

    /** Delivers an event to a run's durable inbox; the Idempotency-Key header (if any) de-duplicates redelivery. */
    private void deliverEvent(Context ctx) throws IOException {
        String runId = visibleRun(ctx).id();
        String name = Names.eventName(ctx.pathParam("name"));
        JsonNode payload = parse(body(ctx));
        String key = Names.idempotencyKey(ctx.header("Idempotency-Key"));
        checkAnswer(runId, name, payload);
        String eventId = key != null ? key : UUID.randomUUID().toString();
        var delivery = engine.deliverEvent(runId, name, eventId, MAPPER.writeValueAsBytes(payload), HttpAccess.actor(ctx));
        ctx.status(202).json(deliveryView(runId, name, delivery));
    }

    /** What a caller is told of an event it delivered (by the events route or a correlating webhook). */
    static java.util.Map<String, Object> deliveryView(String runId, String name, dev.mainstay.store.Delivery delivery) {
        return java.util.Map.of("runId", runId, "name", name, "eventId", delivery.eventId(),
                "duplicate", delivery.duplicate(), "wokeRun", delivery.woke());
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

    /**
     * A page of the journal: up to {@code limit} entries (500 at most and by default) after position
     * {@code after} (0 by default), with the failed attempts at those positions (and, on the last
     * page, at the next one). {@code next} is the {@code after} of the next page, absent on the last.
     */
    private void journal(Context ctx) {
        String id = Names.check("run id", ctx.pathParam("id"));
        int after = intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", JOURNAL_PAGE, 1, JOURNAL_PAGE);
        Views.Render render = render(ctx);
        visibleRun(ctx); // a 404 for an unknown run, not an empty page
        List<dev.mainstay.store.JournalEntry> page = journal.after(id, after, limit + 1);
        Integer next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = page.get(limit - 1).position();
        }
        int until = next == null ? Integer.MAX_VALUE : next;
        java.util.Map<Integer, String> senders = page.isEmpty() ? java.util.Map.of()
                : engine.eventSenders(id, page.get(0).position(), page.get(page.size() - 1).position());
        ctx.json(new Views.Journal(id, page.stream().map(e -> Views.Entry.of(e, render, senders.get(e.position()))).toList(),
                engine.attempts(id).stream().filter(a -> a.position() > after && a.position() <= until)
                        .map(a -> Views.AttemptView.of(a, render)).toList(), next));
    }

    private void get(Context ctx) throws Exception {
        Duration wait = waitParam(ctx); // first: a bad wait is a 400 whatever the run
        RunRecord run = visibleRun(ctx);
        RunRecord shown = wait == null ? run : awaitFinished(ctx, run.id(), wait);
        ctx.json(view(shown, render(ctx)).withAttributes(engine.attributes(shown.id())));
    }

    /** The run of the path's {@code id}, when the caller may see it (else 404, as for an unknown one). */
    private RunRecord visibleRun(Context ctx) {
        return CallScope.visible(ctx, engine.run(Names.check("run id", ctx.pathParam("id"))));
    }

    /**
     * A run's view; a queued run held back by its workflow's concurrency or rate limit says so, and so does
     * one that needs a build (the one it is pinned to, or the current one) that no connected worker has.
     */
    private Views.Run view(RunRecord run, Views.Render render) {
        Views.Run view = Views.Run.of(run, render);
        if (run.status() == RunStatus.PENDING && !run.paused() && engine.workflowPause(run.component()).isPresent()) {
            return view.waitingFor("the resume of workflow '" + dev.mainstay.engine.Namespaces.local(run.component()) + "'");
        }
        if (run.status() == RunStatus.PENDING && dispatch.heldByLimit(run.id(), run.component())) {
            String queue = engine.component(run.component()).map(c -> c.queue()).orElse(null);
            return view.waitingFor("a place under the concurrency limit of " + (queue == null
                    ? "'" + dev.mainstay.engine.Namespaces.local(run.component()) + "'"
                    : "queue '" + dev.mainstay.engine.Namespaces.local(queue) + "'"));
        }
        if (run.status() == RunStatus.PENDING && dispatch.heldByRateLimit(run.id())) {
            var limit = engine.component(run.component()).map(c -> c.rateLimit()).orElse(null);
            return view.waitingFor("a place under the rate limit of '" + dev.mainstay.engine.Namespaces.local(run.component())
                    + "'" + (limit == null ? "" : " (" + limit.count() + " per " + window(limit.windowMs()) + ")"));
        }
        if (run.status() == RunStatus.PENDING) {
            String build = engine.neededBuild(run.id()).orElse(null);
            if (build != null && engine.workers().stream().map(dev.mainstay.engine.ClusterWorker::worker)
                    .noneMatch(w -> build.equals(w.buildId()) && w.components().contains(run.component()))) {
                return view.waitingFor("a worker of build " + build);
            }
        }
        return view;
    }

    /** "3s", "1m", "24h": a rate limit's window as the annotation spells it. */
    private static String window(long windowMs) {
        String limit = new dev.mainstay.protocol.RateLimit(1, windowMs).toString();
        return limit.substring(limit.indexOf('/') + 1);
    }

    /** The run once finished, or as it is when {@code wait} passes: a long-poll the caller holds meanwhile. */
    private RunRecord awaitFinished(Context ctx, String runId, Duration wait) throws InterruptedException, ExecutionException {
        if (wait.isZero()) {
            return engine.run(runId);
        }
        return awaitFinished(ctx, runId, wait, () -> engine.whenFinished(runId));
    }

    /** As above, the run's outcome from {@code outcome} (a wait registered at the start, or one made now). */
    private RunRecord awaitFinished(Context ctx, String runId, Duration wait,
                                    java.util.function.Supplier<CompletableFuture<RunRecord>> outcome)
            throws InterruptedException, ExecutionException {
        try (CallerLimits.Slot held = callers.openWait(HttpAccess.principal(ctx))) {
            CompletableFuture<RunRecord> finished = outcome.get();
            try {
                CompletableFuture.anyOf(finished, held.ended()).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // the wait passed: the run as it is now, unless the token ended meanwhile
            }
            if (held.ended().isDone()) { // checked first: a revoked token gets nothing more, finished run or not
                throw new dev.mainstay.engine.auth.UnauthenticatedException(held.endedMessage("long-poll (?wait=)"));
            }
            return finished.isDone() ? finished.get() : engine.run(runId);
        }
    }

    private void list(Context ctx) {
        int limit = intParam(ctx, "limit", 50, 1, 1000);
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && !cursor.isEmpty() && !CURSOR.matcher(cursor).matches()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "cursor was '" + Text.clip(cursor) + "', which no page gave out;"
                    + " pass the nextCursor of the previous page unchanged, or leave cursor out for the first page");
        }
        var page = engine.runs(runQuery(ctx, status(ctx), cursor == null || cursor.isEmpty() ? null : cursor, limit));
        Views.Render render = render(ctx);
        var attributes = engine.attributes(page.runs().stream().map(RunRecord::id).toList());
        ctx.json(new Views.RunPage(page.runs().stream()
                .map(r -> view(r, render).withAttributes(attributes.getOrDefault(r.id(), List.of()))).toList(),
                page.nextCursor()));
    }

    /** The {@code status} filter of a runs query, if any. */
    static RunStatus status(Context ctx) {
        String status = ctx.queryParam("status");
        if (status == null || status.equalsIgnoreCase(Views.PAUSED)) {
            return null; // PAUSED is not stored: see PauseRoutes.pausedFilter
        }
        try {
            return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "status was '" + Text.clip(status)
                    + "'; use one of PENDING, RUNNING, SUSPENDED, PAUSED, COMPLETED, FAILED, CANCELLED");
        }
    }

    /**
     * The runs the call's filters select ({@code workflow}, {@code idempotencyKey}, {@code tag},
     * {@code since}, {@code until}, {@code attr.*}: see {@link AttributeFilters}), with {@code status},
     * in the call's namespace: one page of them.
     */
    static RunQuery runQuery(Context ctx, RunStatus status, String cursor, int limit) {
        String prefix = CallScope.listedPrefix(ctx);
        String workflow = ctx.queryParam("workflow");
        String key = ctx.queryParam("idempotencyKey");
        return new RunQuery(workflow == null || prefix == null ? workflow : prefix + workflow, status, cursor, limit,
                instantParam(ctx, "since"), instantParam(ctx, "until"),
                key == null || prefix == null ? key : prefix + key, ctx.queryParam("tag"), prefix)
                .withPaused(PauseRoutes.pausedFilter(ctx))
                .withAttributes(AttributeFilters.of(ctx.queryString()));
    }

    /**
     * {@code preview=true} (the UI's reads): payloads, error messages and stack traces redacted and
     * cut to the preview size, so a secret or a megabyte never reaches a browser; else exactly as
     * journaled (clients need them).
     */
    private Views.Render render(Context ctx) {
        String preview = ctx.queryParam("preview");
        if (preview == null || preview.equals("false")) {
            return Views.Render.RAW;
        }
        if (!preview.equals("true")) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "preview was '" + Text.clip(preview) + "'; use true or false");
        }
        return Views.Render.safe(telemetry.payloads());
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
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, name + " was '" + Text.clip(raw)
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

    /**
     * {@code wait=30s}, {@code 500ms}, {@code 2m} or plain seconds; at most {@code --max-wait} (5
     * minutes by default): a longer wait is refused, not silently shortened, so a client that needs
     * longer knows to poll again.
     */
    Duration waitParam(Context ctx) {
        String raw = ctx.queryParam("wait");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Durations.parse("wait", raw, limits.maxWait(), "e.g. 30s, 500ms or 2m", "--max-wait; poll again to wait longer");
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
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
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, name + " was '" + Text.clip(raw) + "'; use " + min + ".." + max);
        }
    }

    public void start(String host, int port) {
        guards = new BrowserGuards(limits.allowedHosts(), host);
        this.host = host;
        this.port = port;
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
