package dev.mainstay.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.sdk.internal.ClientTls;
import dev.mainstay.sdk.internal.HttpFailover;
import dev.mainstay.sdk.internal.Json;
import dev.mainstay.sdk.internal.RuntimeUrls;
import dev.mainstay.sdk.internal.TokenSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts runs and reads them, over the runtime's HTTP API.
 *
 * <p>A runtime of several nodes is given as comma-separated base URLs
 * ({@code connect("http://10.0.0.1:7676,http://10.0.0.2:7676")}). The client sends to the node
 * that answered last (the first at the start) and moves to the next when one cannot be reached
 * (connection refused: the request never left) or, for a request safe to repeat (a read, or a
 * start or event with an idempotency key), when it fails on the way or answers 503 UNAVAILABLE.
 * Starts without an idempotency key are not repeated: give one to make them fail over too.
 *
 * <p>Every call carries the client's token ({@code Authorization: Bearer}): by default
 * {@code $MAINSTAY_TOKEN}, or the one given to {@link Builder#token}. A client token
 * ({@code mainstay tokens create --role client}) starts, reads, cancels and sends events.
 *
 * <p>An {@code https://} URL is reached over TLS (1.2 or 1.3): the runtime's certificate must be
 * signed by the CA given to {@link Builder#tlsCa} (default {@code $MAINSTAY_TLS_CA}), else by one the
 * JVM trusts, and name the URL's host. A runtime that asks for client certificates (mutual TLS) gets
 * the one of {@link Builder#tlsClientCertificate} (default {@code $MAINSTAY_TLS_CLIENT_CERT} and
 * {@code $MAINSTAY_TLS_CLIENT_KEY}). A certificate refused fails the call before anything is sent.
 *
 * <pre>{@code
 * MainstayClient client = MainstayClient.connect("http://127.0.0.1:7676");   // token: $MAINSTAY_TOKEN
 * MainstayClient secure = MainstayClient.builder().url("https://mainstay.internal:7676")
 *         .tlsCa(Path.of("ca.pem")).build();
 * MainstayClient other = MainstayClient.builder().url("http://10.0.0.1:7676").token(secret).build();
 * RunInfo run = client.start("checkout", order, StartOptions.defaults().withIdempotencyKey(order.id()));
 * Receipt receipt = client.result(run.id(), Receipt.class, Duration.ofSeconds(30));
 * }</pre>
 */
public final class MainstayClient {
    private final HttpFailover nodes;
    /** {@code &namespace=...} for every call, or empty: calls act in the token's namespace. */
    private final String namespaceParam;

    private MainstayClient(List<URI> bases, String token, String namespace, ClientTls tls) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bases.stream().anyMatch(base -> "https".equalsIgnoreCase(base.getScheme()))) {
            http.sslContext(tls.load().sslContext()).sslParameters(dev.mainstay.protocol.PemFiles.clientParameters());
        }
        this.nodes = new HttpFailover(bases, http.build(), token);
        this.namespaceParam = namespace == null ? "" : "namespace=" + encode(namespace);
    }

    /**
     * A client of the runtime at {@code baseUrl}, e.g. {@code http://127.0.0.1:7676}, or of its
     * nodes, comma-separated; its token is {@code $MAINSTAY_TOKEN} (none when unset).
     *
     * @throws IllegalArgumentException naming the entry that is not an http(s) URL
     */
    public static MainstayClient connect(String baseUrl) {
        return builder().url(baseUrl).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link MainstayClient}: {@link #url} is required. */
    public static final class Builder {
        private String url;
        private String token = TokenSource.fromEnvironment();
        private String namespace = TokenSource.namespaceFromEnvironment();
        private ClientTls tls = ClientTls.fromEnvironment();

        private Builder() {}

        /**
         * The namespace every call acts in (default {@code $MAINSTAY_NAMESPACE}, else the token's
         * own; only an admin token may name another). Runs, schedules and sessions of other
         * namespaces are invisible to it: reading one by id is a 404.
         */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /**
         * The CA (PEM) whose certificate the runtime must present on an {@code https://} URL,
         * instead of the JVM's trust store (default {@code $MAINSTAY_TLS_CA}).
         */
        public Builder tlsCa(Path caFile) {
            this.tls = tls.withCa(caFile, "tlsCa");
            return this;
        }

        /**
         * The client certificate (PEM chain) and its private key (PEM, unencrypted PKCS#8) shown to a
         * runtime that requires one ({@code --tls-client-ca-file}); default
         * {@code $MAINSTAY_TLS_CLIENT_CERT} and {@code $MAINSTAY_TLS_CLIENT_KEY}.
         */
        public Builder tlsClientCertificate(Path certFile, Path keyFile) {
            this.tls = tls.withClientCertificate(certFile, keyFile, "tlsClientCertificate");
            return this;
        }

        /** The runtime's base URL, or its nodes' comma-separated; see {@link MainstayClient#connect}. */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** The token every call carries (default {@code $MAINSTAY_TOKEN}); null for none. */
        public Builder token(String token) {
            this.token = TokenSource.check(token, "token");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the URL entry that is not an http(s) URL, or the TLS
         *         file that cannot be used (missing, not PEM, a key that is not the certificate's)
         */
        public MainstayClient build() {
            if (url == null) {
                throw new IllegalStateException("give the runtime's URL: MainstayClient.builder().url(\"http://127.0.0.1:7676\")");
            }
            return new MainstayClient(RuntimeUrls.parse(url), token, namespace, tls);
        }
    }

    public RunInfo start(String workflow, Object input) {
        return start(workflow, input, StartOptions.defaults());
    }

    /** Starts a run of a workflow; returns once the run is durably recorded (not when it finishes). */
    public RunInfo start(String workflow, Object input, StartOptions options) {
        return startAt("/v1/workflows/" + encode(workflow) + "/runs", input, options, null);
    }

    /**
     * The longest wait one request asks for: the runtime's default {@code --max-wait}. A longer wait
     * is made of several requests, so it works against any runtime whatever its limit.
     */
    static final Duration MAX_WAIT_PER_REQUEST = Duration.ofMinutes(5);

    /** Starts a run and waits up to {@code wait} for it to finish (one request when it finishes in 5 minutes). */
    public RunInfo startAndWait(String workflow, Object input, StartOptions options, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        RunInfo run = startAt("/v1/workflows/" + encode(workflow) + "/runs", input, options, min(wait));
        return awaitUntil(run, deadline);
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX_WAIT_PER_REQUEST) > 0 ? MAX_WAIT_PER_REQUEST : wait;
    }

    /** Long-polls again until the run is final or {@code deadlineNanos} passed. */
    private RunInfo awaitUntil(RunInfo run, long deadlineNanos) {
        while (!run.status().isFinal()) {
            long leftNanos = deadlineNanos - System.nanoTime();
            if (leftNanos <= 0) {
                return run;
            }
            Duration left = min(Duration.ofNanos(leftNanos));
            String path = "/v1/runs/" + encode(run.id()) + "?wait=" + Math.max(1, left.toMillis()) + "ms";
            run = runInfo(send(path, HttpRequest.newBuilder().GET(), left));
        }
        return run;
    }

    /** Invokes a function as a durable run of its own. */
    public RunInfo invoke(String function, Object input, StartOptions options) {
        return startAt("/v1/functions/" + encode(function) + "/runs", input, options, null);
    }

    /**
     * Starts a run of an agent served by a worker ({@code Agents.register}); with a
     * {@code sessionId} the run continues that session's conversation, which the runtime keeps.
     * The run's output is the agent's result: {@code text}, {@code output}, {@code messages}, {@code usage}.
     */
    public RunInfo startAgent(String agent, String message, String sessionId, StartOptions options) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("message", message);
        if (sessionId != null) {
            body.put("sessionId", sessionId);
        }
        return startAt("/v1/agents/" + encode(agent) + "/runs", body, options, null);
    }

    private RunInfo startAt(String path, Object input, StartOptions options, Duration wait) {
        java.util.List<String> params = new java.util.ArrayList<>();
        if (wait != null) {
            params.add("wait=" + wait.toMillis() + "ms");
        }
        if (options.priority() != 0) {
            params.add("priority=" + options.priority());
        }
        if (options.debounce() != null) {
            params.add("debounce=" + options.debounce().toMillis() + "ms");
            params.add("debounceKey=" + encode(options.debounceKey()));
        }
        if (options.debounceMax() != null) {
            params.add("debounceMax=" + options.debounceMax().toMillis() + "ms");
        }
        String query = params.isEmpty() ? "" : "?" + String.join("&", params);
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(input)));
        if (options.idempotencyKey() != null) {
            request.header("Idempotency-Key", options.idempotencyKey());
        }
        return runInfo(send(path + query, request, wait));
    }

    public RunInfo run(String runId) {
        return runInfo(send("/v1/runs/" + encode(runId), HttpRequest.newBuilder().GET(), null));
    }

    /** Waits up to {@code timeout} for the run to finish; returns it as it is then (maybe still live). */
    public RunInfo await(String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration first = min(timeout);
        String path = "/v1/runs/" + encode(runId) + "?wait=" + first.toMillis() + "ms";
        return awaitUntil(runInfo(send(path, HttpRequest.newBuilder().GET(), first)), deadline);
    }

    /**
     * Waits for the run's result. Throws {@link RunFailedException} if it failed, and
     * {@link java.util.concurrent.TimeoutException}-like {@link IllegalStateException} if still live after the timeout.
     */
    public <T> T result(String runId, Class<T> type, Duration timeout) {
        RunInfo run = await(runId, timeout);
        return switch (run.status()) {
            case COMPLETED -> run.output(type);
            case FAILED -> throw new RunFailedException(run);
            default -> throw new IllegalStateException("run " + runId + " is still " + run.status() + " after " + timeout);
        };
    }

    public RunList runs(RunQuery query) {
        StringBuilder uri = new StringBuilder("/v1/runs?limit=").append(query.limit());
        if (query.workflow() != null) {
            uri.append("&workflow=").append(encode(query.workflow()));
        }
        if (query.status() != null) {
            uri.append("&status=").append(query.status());
        }
        if (query.cursor() != null) {
            uri.append("&cursor=").append(encode(query.cursor()));
        }
        appendAttributes(uri, query.attributes());
        JsonNode page = send(uri.toString(), HttpRequest.newBuilder().GET(), null);
        List<RunInfo> runs = new ArrayList<>();
        page.path("runs").forEach(node -> runs.add(runInfo(node)));
        return new RunList(runs, page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null);
    }

    /** The whole journal of a run, read page after page ({@code GET /v1/runs/{id}/journal?after=}). */
    public List<StepInfo> journal(String runId) {
        List<StepInfo> steps = new ArrayList<>();
        journalPages(runId, page -> page.path("entries")
                .forEach(node -> steps.add(Json.MAPPER.convertValue(node, StepInfo.class))));
        return steps;
    }

    /** Every failed attempt of a run's steps (the final outcome of each step is in {@link #journal}). */
    public List<AttemptInfo> attempts(String runId) {
        List<AttemptInfo> attempts = new ArrayList<>();
        journalPages(runId, page -> page.path("failedAttempts")
                .forEach(node -> attempts.add(Json.MAPPER.convertValue(node, AttemptInfo.class))));
        return attempts;
    }

    /**
     * The run with its whole journal and failed attempts, as {@code mainstay runs export} writes it
     * (the journal is read first, so the run's status is at least as recent as its last entry).
     */
    public RunExport export(String runId) {
        List<StepInfo> journal = journal(runId);
        List<AttemptInfo> attempts = attempts(runId);
        return new RunExport(RunExport.FORMAT, run(runId), journal, attempts);
    }

    /** Each page of a run's journal in turn, following {@code next} until the last page. */
    private void journalPages(String runId, java.util.function.Consumer<JsonNode> each) {
        String after = "0";
        while (after != null) {
            JsonNode page = send("/v1/runs/" + encode(runId) + "/journal?after=" + after,
                    HttpRequest.newBuilder().GET(), null);
            each.accept(page);
            after = page.path("next").canConvertToInt() ? page.path("next").asText() : null;
        }
    }

    /**
     * Delivers an event to a run's inbox. {@code eventId} (may be null) de-duplicates redelivery:
     * the same id twice is stored once. Returns the event id used.
     */
    public String sendEvent(String runId, String name, Object payload, String eventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(payload)));
        if (eventId != null) {
            request.header("Idempotency-Key", eventId);
        }
        return send("/v1/runs/" + encode(runId) + "/events/" + encode(name), request, null).path("eventId").asText();
    }

    /**
     * Cancels a run: at once if no worker holds it (status CANCELLED), else the body sees a
     * {@link CancelledException} at its next operation and the run ends CANCELLED after its cleanup.
     */
    public RunInfo cancel(String runId) {
        return runInfo(send("/v1/runs/" + encode(runId) + "/cancel",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null));
    }

    /**
     * Pauses a run: it finishes the step it is in, then waits (status PAUSED) and is not dispatched
     * again until {@link #resume}, across runtime restarts too. Pausing a paused run changes nothing;
     * a finished one is refused (RUN_ALREADY_FINISHED). Returns the run as it is then (still RUNNING
     * while its worker finishes the step).
     */
    public RunInfo pause(String runId) {
        return runInfo(send("/v1/runs/" + encode(runId) + "/pause",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null));
    }

    /** Ends a run's pause: it is dispatched again at once (or goes on waiting for its timer or event). */
    public RunInfo resume(String runId) {
        return runInfo(send("/v1/runs/" + encode(runId) + "/resume",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null));
    }

    /**
     * Pauses a workflow: no run of it is dispatched until {@link #resumeWorkflow} (runs already running
     * go on; a new run waits PENDING). WORKFLOW_NOT_FOUND when no worker ever registered it.
     */
    public WorkflowPause pauseWorkflow(String workflow) {
        return Json.MAPPER.convertValue(send("/v1/workflows/" + encode(workflow) + "/pause",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null), WorkflowPause.class);
    }

    /** Ends a workflow's pause: its waiting runs are dispatched again. */
    public WorkflowPause resumeWorkflow(String workflow) {
        return Json.MAPPER.convertValue(send("/v1/workflows/" + encode(workflow) + "/resume",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null), WorkflowPause.class);
    }

    /** {@code workflow}'s settings: as its workers registered it, its pause and its retention. */
    public WorkflowInfo workflow(String workflow) {
        return Json.MAPPER.convertValue(send("/v1/workflows/" + encode(workflow), HttpRequest.newBuilder().GET(), null),
                WorkflowInfo.class);
    }

    /** {@code workflow}'s retention: its own (null: the runtime's) and the runtime's (null: runs are kept). */
    public WorkflowRetention retention(String workflow) {
        return Json.MAPPER.convertValue(send("/v1/workflows/" + encode(workflow) + "/retention",
                HttpRequest.newBuilder().GET(), null), WorkflowRetention.class);
    }

    /**
     * Keeps {@code workflow}'s finished runs for {@code keep} (at least a second), then deletes them
     * with their journals, instead of the runtime's retention; null goes back to the runtime's.
     */
    public WorkflowRetention setRetention(String workflow, Duration keep) {
        String path = "/v1/workflows/" + encode(workflow) + "/retention";
        HttpRequest.Builder request = keep == null ? HttpRequest.newBuilder().DELETE()
                : HttpRequest.newBuilder().header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers
                        .ofByteArray(Json.write(java.util.Map.of("retention", keep.toMillis() + "ms"))));
        return Json.MAPPER.convertValue(send(path, request, null), WorkflowRetention.class);
    }

    /**
     * Restarts a finished run from a step: a new run with the same input whose journal positions
     * before {@code fromPosition} are the original's, so those steps do not run again (1: all run again).
     */
    public RunInfo restart(String runId, int fromPosition) {
        return runInfo(send("/v1/runs/" + encode(runId) + "/restart?fromPosition=" + fromPosition,
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null));
    }

    /**
     * Cancels every live run of the namespace the filters select (each may be null, not all:
     * {@code workflow}, {@code status} one of PENDING, RUNNING, SUSPENDED, {@code tag}), as
     * {@link #cancel} cancels one; with {@code dryRun} only counts them. At most 10,000 a call.
     */
    public BulkCancelResult cancelRuns(String workflow, String status, String tag, boolean dryRun) {
        return cancelRuns(workflow, status, tag, List.of(), dryRun);
    }

    /** {@link #cancelRuns(String, String, String, boolean)} with attribute filters ({@code "customer=c-42"}, as in {@link RunQuery}). */
    public BulkCancelResult cancelRuns(String workflow, String status, String tag, List<String> attributes, boolean dryRun) {
        return Json.MAPPER.convertValue(bulk("cancel", workflow, status, tag, attributes, dryRun), BulkCancelResult.class);
    }

    /**
     * Pauses every live run of the namespace the filters select, as {@link #pause} pauses one (the
     * filters as for {@link #cancelRuns}); {@link BulkResult#changed} counts the runs not paused before.
     */
    public BulkResult pauseRuns(String workflow, String status, String tag, boolean dryRun) {
        return pauseRuns(workflow, status, tag, List.of(), dryRun);
    }

    /** {@link #pauseRuns(String, String, String, boolean)} with attribute filters. */
    public BulkResult pauseRuns(String workflow, String status, String tag, List<String> attributes, boolean dryRun) {
        return BulkResult.of(bulk("pause", workflow, status, tag, attributes, dryRun), "paused");
    }

    /** Resumes every paused run the filters select ({@code status} PAUSED selects only those). */
    public BulkResult resumeRuns(String workflow, String status, String tag, boolean dryRun) {
        return resumeRuns(workflow, status, tag, List.of(), dryRun);
    }

    /**
     * Restarts every finished run the filters select from {@code fromPosition} ({@link #restart}; the
     * filters as for {@link #cancelRuns}, {@code status} COMPLETED, FAILED or CANCELLED). A run
     * restarted before is left alone, so calling again after {@link BulkResult#more} goes on.
     */
    public BulkResult restartRuns(String workflow, String status, String tag, List<String> attributes, int fromPosition,
                                  boolean dryRun) {
        return BulkResult.of(bulk("restart", workflow, status, tag, attributes, dryRun, "&fromPosition=" + fromPosition),
                "restarted");
    }

    /** {@link #resumeRuns(String, String, String, boolean)} with attribute filters. */
    public BulkResult resumeRuns(String workflow, String status, String tag, List<String> attributes, boolean dryRun) {
        return BulkResult.of(bulk("resume", workflow, status, tag, attributes, dryRun), "resumed");
    }

    /**
     * Attribute filters as query parameters: the whole {@code amount>=100} encoded into the key
     * {@code attr.amount%3E%3D100}, with no value, so that its operator and value arrive as written.
     */
    private static void appendAttributes(StringBuilder uri, List<String> attributes) {
        for (String filter : attributes) {
            uri.append("&attr.").append(encode(filter));
        }
    }

    private JsonNode bulk(String action, String workflow, String status, String tag, List<String> attributes,
                          boolean dryRun) {
        return bulk(action, workflow, status, tag, attributes, dryRun, "");
    }

    private JsonNode bulk(String action, String workflow, String status, String tag, List<String> attributes,
                          boolean dryRun, String extra) {
        StringBuilder query = new StringBuilder("/v1/runs/").append(action).append("?dryRun=").append(dryRun).append(extra);
        if (workflow != null) {
            query.append("&workflow=").append(encode(workflow));
        }
        if (status != null) {
            query.append("&status=").append(encode(status));
        }
        if (tag != null) {
            query.append("&tag=").append(encode(tag));
        }
        appendAttributes(query, attributes);
        return send(query.toString(), HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    /** The workers connected right now. */
    public List<WorkerInfo> workers() {
        JsonNode body = send("/v1/workers", HttpRequest.newBuilder().GET(), null);
        List<WorkerInfo> workers = new ArrayList<>();
        body.path("workers").forEach(node -> workers.add(Json.MAPPER.convertValue(node, WorkerInfo.class)));
        return workers;
    }

    /** Creates a schedule, or replaces the one its id names. */
    public ScheduleInfo createSchedule(ScheduleRequest schedule) {
        return Json.MAPPER.convertValue(send("/v1/schedules", HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(schedule))), null), ScheduleInfo.class);
    }

    public List<ScheduleInfo> schedules() {
        JsonNode body = send("/v1/schedules", HttpRequest.newBuilder().GET(), null);
        List<ScheduleInfo> schedules = new ArrayList<>();
        body.path("schedules").forEach(node -> schedules.add(Json.MAPPER.convertValue(node, ScheduleInfo.class)));
        return schedules;
    }

    /** Deletes a schedule (runs it started go on); SCHEDULE_NOT_FOUND when there is none. */
    public void deleteSchedule(String id) {
        send("/v1/schedules/" + encode(id), HttpRequest.newBuilder().DELETE(), null);
    }

    /**
     * Makes a webhook (or replaces the one of its name): a delivery to its {@code url}, signed with
     * {@code secret} as {@code provider} (github, stripe, slack, generic) signs, starts a run of
     * {@code workflow} with the delivery's body as input.
     */
    public WebhookInfo createWebhook(String name, String workflow, String provider, String secret) {
        return createWebhook(name, workflow, provider, secret, null, null);
    }

    /**
     * As {@link #createWebhook(String, String, String, String)}, but with {@code correlate} (a path into
     * the body, {@code $.order.id}) a delivery starts nothing: its body is the event {@code event} (null:
     * the webhook's name) to the run of {@code workflow} whose idempotency key is the body's value there.
     */
    public WebhookInfo createWebhook(String name, String workflow, String provider, String secret, String correlate,
                                     String event) {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("name", name);
        body.put("workflow", workflow);
        body.put("provider", provider);
        body.put("secret", secret);
        if (correlate != null) {
            body.put("correlate", correlate);
        }
        if (event != null) {
            body.put("event", event);
        }
        return Json.MAPPER.convertValue(send("/v1/webhooks", HttpRequest.newBuilder().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))), null), WebhookInfo.class);
    }

    public List<WebhookInfo> webhooks() {
        List<WebhookInfo> webhooks = new ArrayList<>();
        send("/v1/webhooks", HttpRequest.newBuilder().GET(), null).path("webhooks")
                .forEach(node -> webhooks.add(Json.MAPPER.convertValue(node, WebhookInfo.class)));
        return webhooks;
    }

    /** Deletes a webhook: deliveries to it are refused from now on (NOT_FOUND when there is none). */
    public void deleteWebhook(String name) {
        send("/v1/webhooks/" + encode(name), HttpRequest.newBuilder().DELETE(), null);
    }

    /** The builds of a workflow's workers, newest first (see {@link BuildInfo}); WORKFLOW_NOT_FOUND for an unknown workflow. */
    public List<BuildInfo> builds(String workflow) {
        return buildList(send(buildsPath(workflow), HttpRequest.newBuilder().GET(), null));
    }

    /**
     * Makes {@code buildId} the build new runs of {@code workflow} go to; returns the builds as they
     * are then. BUILD_NOT_FOUND when no worker of that build ever registered the workflow.
     */
    public List<BuildInfo> promoteBuild(String workflow, String buildId) {
        return buildList(send(buildsPath(workflow) + "/" + encode(buildId) + "/promote",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null));
    }

    /** Makes the build current before the present one current again; BUILD_NOT_FOUND when there is none. */
    public List<BuildInfo> rollbackBuild(String workflow) {
        return buildList(send(buildsPath(workflow) + "/rollback",
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()), null));
    }

    private static String buildsPath(String workflow) {
        return "/v1/workflows/" + encode(workflow) + "/builds";
    }

    private static List<BuildInfo> buildList(JsonNode body) {
        List<BuildInfo> builds = new ArrayList<>();
        body.path("builds").forEach(node -> builds.add(Json.MAPPER.convertValue(node, BuildInfo.class)));
        return builds;
    }

    /**
     * Makes a token (needs an admin token): {@code role} admin, client, worker or reader, in
     * {@code namespace} (null: default), expiring after {@code expires} ({@code 30d}, {@code 12h};
     * null: never). The secret is in the result only.
     */
    public NewToken createToken(String namespace, String role, String expires, String description) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("namespace", namespace);
        body.put("role", role);
        body.put("expires", expires);
        body.put("description", description);
        body.values().removeIf(java.util.Objects::isNull);
        JsonNode created = send("/v1/tokens", HttpRequest.newBuilder().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(body))), null);
        return new NewToken(created.path("token").asText(), Json.MAPPER.convertValue(created, TokenInfo.class));
    }

    /** Every token of the runtime, live or not (needs an admin token). */
    public List<TokenInfo> tokens() {
        JsonNode body = send("/v1/tokens", HttpRequest.newBuilder().GET(), null);
        List<TokenInfo> tokens = new ArrayList<>();
        body.path("tokens").forEach(node -> tokens.add(Json.MAPPER.convertValue(node, TokenInfo.class)));
        return tokens;
    }

    /** Revokes a token at once: its calls are refused and its worker streams closed (needs an admin token). */
    public TokenInfo revokeToken(String id) {
        return Json.MAPPER.convertValue(send("/v1/tokens/" + encode(id), HttpRequest.newBuilder().DELETE(), null),
                TokenInfo.class);
    }

    private JsonNode send(String path, HttpRequest.Builder request, Duration wait) {
        request.timeout((wait == null ? Duration.ZERO : wait).plusSeconds(30));
        String scoped = namespaceParam.isEmpty() || path.startsWith("/v1/tokens") ? path
                : path + (path.contains("?") ? "&" : "?") + namespaceParam;
        return nodes.send(scoped, request, MainstayClient::body);
    }

    private static JsonNode body(HttpResponse<byte[]> response) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new MainstayApiException(ErrorCode.INTERNAL, response.statusCode(),
                    "the runtime answered " + response.statusCode() + " with a body that is not JSON");
        }
        if (response.statusCode() >= 400) {
            throw new MainstayApiException(ErrorCode.fromName(body.path("code").asText()), response.statusCode(),
                    body.path("message").asText("HTTP " + response.statusCode()));
        }
        return body;
    }

    private static RunInfo runInfo(JsonNode node) {
        return Json.MAPPER.convertValue(node, RunInfo.class);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
