package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.internal.Json;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authentication and roles against a real runtime (auth on, its default): the admin token file, the
 * 401s, each role's allowed and refused calls, worker streams, revocation of a stream that is open,
 * the CLI's token commands, and {@code --auth none} kept to loopback.
 */
class AuthIT extends RealProcessesTest {

    private static final String BODY = "{\"dir\":\"/tmp\",\"steps\":1}";

    @Test
    void firstStart_writesTheAdminTokenOwnerOnlyAndSaysWhere() throws Exception {
        processes.letRuntimeMakeAdminToken().runtime(dataDir);
        Path file = dataDir.resolve("admin.token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = Files.readString(file).strip();
        assertThat(token).matches("mst_[A-Za-z0-9_-]{43}");
        String log = Files.readString(processes.logs().get(0));
        assertThat(log).contains("event=admin_token_created", file.toAbsolutePath().toString()).doesNotContain(token);

        assertThat(new Http(processes.url(), token).get("/v1/runs").status()).isEqualTo(200);
        // the CLI finds it by itself for a runtime on this machine
        assertThat(cli("runs", "list", "--url", processes.url())).doesNotContain("error");
    }

    @Test
    void everyV1Call_needsALiveToken_healthAndTheUiStayOpen() throws Exception {
        processes.runtime(dataDir);
        Http anonymous = new Http(processes.url(), null);
        for (String path : new String[] {"/v1/runs", "/v1/workers", "/v1/schedules", "/v1/stats", "/v1/tokens",
                "/v1/runs/r-1", "/v1/no-such-route", "/metrics"}) {
            assertError(anonymous.get(path), 401, "UNAUTHENTICATED", "Authorization: Bearer");
        }
        assertError(anonymous.post("/v1/workflows/steps/runs", BODY), 401, "UNAUTHENTICATED");
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
        assertThat(anonymous.get("/ui/index.html").status()).isEqualTo(200);
        // no spelling of a protected path passes as an open one
        assertThat(anonymous.raw("GET /ui/../v1/runs HTTP/1.1").status()).isNotEqualTo(200);
        assertThat(anonymous.raw("GET /ui/%2e%2e/v1/runs HTTP/1.1").status()).isNotEqualTo(200);

        String unknown = dev.mainstay.testing.ProcessSet.newAdminToken();
        assertError(anonymous.get("/v1/runs", "Authorization", "Basic YWRtaW46YWRtaW4="), 401, "UNAUTHENTICATED", "Bearer scheme");
        assertError(anonymous.get("/v1/runs", "Authorization", "Bearer"), 401, "UNAUTHENTICATED", "no token");
        Http.Response malformed = anonymous.get("/v1/runs", "Authorization", "Bearer not-a-token-at-all");
        assertError(malformed, 401, "UNAUTHENTICATED", "not a Mainstay token");
        assertThat(malformed.body()).doesNotContain("not-a-token-at-all");
        Http.Response foreign = new Http(processes.url(), unknown).get("/v1/runs");
        assertError(foreign, 401, "UNAUTHENTICATED", "not a token of this runtime");
        assertThat(foreign.body()).doesNotContain(unknown);

        JsonNode expiring = created(new Http(processes).post("/v1/tokens", "{\"role\":\"reader\",\"expires\":\"1s\"}"));
        Http soon = new Http(processes.url(), expiring.path("token").asText());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertError(soon.get("/v1/runs"), 401, "UNAUTHENTICATED", "expired"));

        JsonNode revoked = created(new Http(processes).post("/v1/tokens", "{\"role\":\"client\"}"));
        Http gone = new Http(processes.url(), revoked.path("token").asText());
        assertThat(gone.get("/v1/runs").status()).isEqualTo(200); // trusted from memory from now on
        assertThat(new Http(processes).delete("/v1/tokens/" + revoked.path("id").asText()).status()).isEqualTo(200);
        assertError(gone.get("/v1/runs"), 401, "UNAUTHENTICATED", "revoked"); // at once, not after a cache expiry
    }

    @Test
    void roles_allowTheirCallsAndRefuseTheRestWith403() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http admin = new Http(processes);
        Http client = as(admin, "client");
        Http reader = as(admin, "reader");
        Http worker = as(admin, "worker");
        RunInfo waiting = startWhenRegistered("steps", Map.of("dir", dir.toString(), "steps", 1));

        // client: start, read, events, cancel, schedules; not tokens, not metrics
        Http.Response started = client.post("/v1/workflows/steps/runs", "{\"dir\":\"" + dir + "\",\"steps\":1}");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String runId = started.json().path("id").asText();
        assertThat(client.get("/v1/runs/" + runId).status()).isEqualTo(200);
        assertThat(client.get("/v1/runs/" + runId + "/journal").status()).isEqualTo(200);
        assertThat(client.get("/v1/runs").status()).isEqualTo(200);
        assertThat(client.get("/v1/workers").status()).isEqualTo(200);
        assertThat(client.post("/v1/runs/" + runId + "/events/ping", "{}").status()).isIn(202, 409);
        assertThat(client.post("/v1/runs/" + waiting.id() + "/cancel", "").status()).isIn(200, 202, 409);
        assertThat(client.post("/v1/schedules", "{\"id\":\"s1\",\"workflow\":\"steps\",\"everyMs\":3600000}").status())
                .isEqualTo(201);
        assertThat(client.delete("/v1/schedules/s1").status()).isEqualTo(204);
        assertError(client.get("/v1/tokens"), 403, "FORBIDDEN", "client");
        assertError(client.post("/v1/tokens", "{\"role\":\"admin\"}"), 403, "FORBIDDEN");
        assertError(client.get("/metrics"), 403, "FORBIDDEN");

        // reader: reads and metrics only
        assertThat(reader.get("/v1/runs/" + runId).status()).isEqualTo(200);
        assertThat(reader.get("/v1/runs").status()).isEqualTo(200);
        assertThat(reader.get("/v1/schedules").status()).isEqualTo(200);
        assertThat(reader.get("/v1/stats").status()).isEqualTo(200);
        assertThat(reader.get("/metrics").status()).isEqualTo(200);
        assertError(reader.post("/v1/workflows/steps/runs", BODY), 403, "FORBIDDEN", "reader");
        assertError(reader.post("/v1/runs/" + runId + "/cancel", ""), 403, "FORBIDDEN");
        assertError(reader.post("/v1/runs/" + runId + "/events/ping", "{}"), 403, "FORBIDDEN");
        assertError(reader.post("/v1/schedules", "{\"workflow\":\"steps\",\"everyMs\":60000}"), 403, "FORBIDDEN");
        assertError(reader.post("/v1/agents/support/runs", "{\"message\":\"hi\"}"), 403, "FORBIDDEN");
        assertError(reader.get("/v1/tokens"), 403, "FORBIDDEN");

        // worker: nothing on HTTP
        for (String path : new String[] {"/v1/runs", "/v1/runs/" + runId, "/v1/workers", "/metrics", "/v1/tokens"}) {
            assertError(worker.get(path), 403, "FORBIDDEN", "worker");
        }
        assertError(worker.post("/v1/workflows/steps/runs", BODY), 403, "FORBIDDEN");

        // admin: everything, tokens too
        assertThat(admin.get("/v1/tokens").json().path("tokens").size()).isEqualTo(4); // its own and the three above
        assertThat(admin.get("/metrics").status()).isEqualTo(200);
        assertThat(admin.get("/v1/tokens").body()).doesNotContain("mst_").doesNotContain("secret");
    }

    @Test
    void workerStream_opensOnlyWithAWorkerOrAdminToken() throws Exception {
        processes.runtime(dataDir);
        Http admin = new Http(processes);
        try (RogueWorker none = new RogueWorker(processes.grpcTarget(), null)) {
            Status status = none.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).startsWith("UNAUTHENTICATED").contains("Authorization: Bearer");
        }
        String client = created(admin.post("/v1/tokens", "{\"role\":\"client\"}")).path("token").asText();
        try (RogueWorker wrongRole = new RogueWorker(processes.grpcTarget(), client)) {
            Status status = wrongRole.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(status.getDescription()).startsWith("FORBIDDEN").contains("client", "open a worker stream");
        }
        String worker = created(admin.post("/v1/tokens", "{\"role\":\"worker\"}")).path("token").asText();
        try (RogueWorker allowed = new RogueWorker(processes.grpcTarget(), worker)) {
            assertThat(allowed.register("w-1", 4, RogueWorker.workflow("anything")).getSessionId()).isNotBlank();
        }
        // an SDK worker without a token never registers, and says why in its log
        Process tokenless = processes.workerWithToken(null, CountingWorker.class.getName());
        await().atMost(TIMEOUT).until(() -> Files.readString(processes.logs().getLast()).contains("event=worker_refused"));
        assertThat(tokenless.isAlive()).isTrue();
        assertThat(admin.get("/v1/workers").json().path("workers").size()).isZero();
    }

    @Test
    void revocation_closesTheOpenStreamsOfTheToken() throws Exception {
        processes.runtime(dataDir);
        Http admin = new Http(processes);
        JsonNode token = created(admin.post("/v1/tokens", "{\"role\":\"worker\",\"description\":\"worker pool\"}"));
        String id = token.path("id").asText();
        try (RogueWorker rogue = new RogueWorker(processes.grpcTarget(), token.path("token").asText())) {
            rogue.register("rogue", 4, RogueWorker.workflow("other"));
            processes.workerWithToken(token.path("token").asText(), CountingWorker.class.getName());
            await().atMost(TIMEOUT).until(() -> admin.get("/v1/workers").json().path("workers").size() == 2);

            assertThat(cli("tokens", "revoke", id, "--url", processes.url())).contains("revoked " + id);

            Status status = rogue.awaitEnd(Duration.ofSeconds(5));
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).contains(id, "revoked");
            // the SDK worker tries again with the same token and stays out
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.get("/v1/workers").json().path("workers").size() == 0);
            await().atMost(TIMEOUT).until(() -> Files.readString(processes.logs().getLast()).contains("event=worker_refused"));
            assertThat(admin.get("/v1/workers").json().path("workers").size()).isZero();
        }
    }

    @Test
    void revocationAndExpiry_endTheTokensEventStreamsAndLongPolls_withinASecond() throws Exception {
        // one of each per token: a refused second one shows that the first is held
        processes.runtime(dataDir, "--token-max-waits", "1", "--token-max-streams", "1");
        processes.worker(RetryWorker.class.getName());
        Http admin = new Http(processes);
        String runId = startWhenRegistered("approval", 120_000L).id(); // waits for events it never gets

        JsonNode revoked = created(admin.post("/v1/tokens", "{\"role\":\"reader\"}"));
        Held held = hold(admin.as(revoked.path("token").asText()), revoked.path("token").asText(), runId);
        long revokedAt = System.nanoTime();
        assertThat(admin.delete("/v1/tokens/" + revoked.path("id").asText()).status()).isEqualTo(200);
        held.assertEnded(revoked.path("id").asText());
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(2));

        JsonNode expiring = created(admin.post("/v1/tokens", "{\"role\":\"reader\",\"expires\":\"5s\"}"));
        Held until = hold(admin.as(expiring.path("token").asText()), expiring.path("token").asText(), runId);
        until.assertEnded(expiring.path("id").asText()); // within the re-check's second of the expiry
        assertThat(admin.get("/v1/runs/" + runId).json().path("status").asText()).isEqualTo("SUSPENDED");
    }

    /** An event stream and a long-poll of one token on a run that does not finish. */
    private record Held(Sse.Stream stream, java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> poll) {
        void assertEnded(String tokenId) throws Exception {
            java.net.http.HttpResponse<String> answer = poll.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
            assertThat(answer.body()).contains("UNAUTHENTICATED", tokenId, "revoked or expired");
            java.util.List<Sse.Event> events = stream.untilEnd(Duration.ofSeconds(10));
            assertThat(events.getLast().name()).isEqualTo("closed");
            assertThat(events.getLast().json().path("code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(events.getLast().json().path("message").asText()).contains(tokenId);
        }
    }

    private Held hold(Http caller, String token, String runId) throws Exception {
        Sse.Stream stream = Sse.follow(processes, runId, token);
        var poll = java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(processes.url() + "/v1/runs/" + runId + "?wait=60s"))
                .header("Authorization", "Bearer " + token).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        await("the long-poll is held").atMost(TIMEOUT).until(() -> caller.get("/v1/runs/" + runId + "?wait=1ms").status() == 429);
        assertThat(caller.get("/v1/runs/" + runId + "/events").status()).as("the stream is held").isEqualTo(429);
        assertThat(poll).isNotDone();
        return new Held(stream, poll);
    }

    @Test
    void cli_createsListsAndRevokesTokens() throws Exception {
        processes.runtime(dataDir);
        JsonNode created = Json.MAPPER.readTree(cli("tokens", "create", "--namespace", "payments", "--role", "client",
                "--expires", "30d", "--description", "payments team", "--output", "json", "--url", processes.url()));
        assertThat(created.fieldNames()).toIterable().containsExactly("token", "id");
        String token = created.path("token").asText();
        String id = created.path("id").asText();
        MainstayClient payments = MainstayClient.builder().url(processes.url()).token(token).build();
        assertThat(payments.runs(dev.mainstay.sdk.RunQuery.defaults()).runs()).isEmpty();

        String listed = cli("tokens", "list", "--url", processes.url());
        assertThat(listed).contains(id, "payments", "client", "live", "payments team").doesNotContain(token);
        JsonNode json = Json.MAPPER.readTree(cli("tokens", "list", "--output", "json", "--url", processes.url()));
        JsonNode mine = java.util.stream.StreamSupport.stream(json.spliterator(), false)
                .filter(t -> t.path("id").asText().equals(id)).findFirst().orElseThrow();
        assertThat(Duration.between(java.time.Instant.now(), java.time.Instant.parse(mine.path("expiresAt").asText())))
                .isBetween(Duration.ofDays(29), Duration.ofDays(30));

        // a token given explicitly wins over the admin token of the data directory
        assertThat(cliFails("tokens", "list", "--url", processes.url(), "--token", token)).contains("FORBIDDEN");
        assertThat(cli("tokens", "revoke", id, "--url", processes.url())).contains("revoked " + id);
        assertThatThrownBy(payments::workers).isInstanceOfSatisfying(MainstayApiException.class,
                e -> assertThat(e.httpStatus()).isEqualTo(401));
        assertThat(cli("tokens", "list", "--url", processes.url())).contains("revoked");
        assertThat(cliFails("tokens", "create", "--role", "owner", "--url", processes.url())).contains("INVALID_ARGUMENT", "role");
        assertThat(cliFails("tokens", "revoke", "tok_0000000000000000", "--url", processes.url())).contains("NOT_FOUND");
    }

    @Test
    void whoDidWhat_theTokensThatStartedCancelledAndSentEvents_areKeptWithTheRun() throws Exception {
        processes.runtime(dataDir);
        processes.worker(RetryWorker.class.getName());
        Http admin = new Http(processes);
        JsonNode starterToken = created(admin.post("/v1/tokens", "{\"role\":\"client\",\"description\":\"starter\"}"));
        JsonNode approverToken = created(admin.post("/v1/tokens", "{\"role\":\"client\",\"description\":\"approver\"}"));
        Http starter = admin.as(starterToken.path("token").asText());
        Http approver = admin.as(approverToken.path("token").asText());
        String starterId = starterToken.path("id").asText();
        String approverId = approverToken.path("id").asText();
        startWhenRegistered("approval", 60_000L); // the worker is there

        String runId = await().atMost(TIMEOUT).until(() -> starter.post("/v1/workflows/approval/runs", "60000"),
                r -> r.status() == 201).json().path("id").asText();
        assertThat(approver.post("/v1/runs/" + runId + "/events/decision", "{\"approved\":true,\"by\":\"ann\"}").status())
                .isEqualTo(202);
        assertThat(starter.post("/v1/runs/" + runId + "/events/decision", "{\"approved\":false,\"by\":\"bob\"}").status())
                .isEqualTo(202);
        JsonNode done = starter.get("/v1/runs/" + runId + "?wait=30s").json();
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("startedBy").asText()).isEqualTo(starterId);
        assertThat(done.has("cancelledBy")).isFalse();
        JsonNode entries = starter.get("/v1/runs/" + runId + "/journal").json().path("entries");
        assertThat(entries.get(0).path("kind").asText()).isEqualTo("event");
        assertThat(entries.get(0).path("sentBy").asText()).isEqualTo(approverId);
        assertThat(entries.get(1).path("sentBy").asText()).isEqualTo(starterId);
        assertThat(cli("runs", "show", runId, "--url", processes.url())).contains("started by " + starterId);

        String waiting = starter.post("/v1/workflows/approval/runs", "60000").json().path("id").asText();
        assertThat(approver.post("/v1/runs/" + waiting + "/cancel", "").status()).isIn(200, 202);
        JsonNode cancelled = starter.get("/v1/runs/" + waiting + "?wait=30s").json();
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("cancelledBy").asText()).isEqualTo(approverId);
        assertThat(cancelled.path("startedBy").asText()).isEqualTo(starterId);
    }

    @Test
    void authNone_startsOnLoopbackOnly() throws Exception {
        assertThatThrownBy(() -> processes.runtime(dataDir, "--auth", "none", "--host", "0.0.0.0"))
                .hasMessageContaining("exited with 1");
        assertThat(Files.readString(processes.logs().get(0))).contains("--auth none", "loopback", "0.0.0.0");

        processes.runtime(dataDir, "--auth", "none");
        Http anonymous = new Http(processes.url(), null);
        assertThat(anonymous.get("/v1/runs").status()).isEqualTo(200);
        assertThat(anonymous.get("/v1/tokens").status()).isEqualTo(200);
        try (RogueWorker none = new RogueWorker(processes.grpcTarget(), null)) {
            assertThat(none.register("w-1", 1, RogueWorker.workflow("x")).getSessionId()).isNotBlank();
        }
    }

    /** A token of {@code role} made by the admin, and the same runtime called with it. */
    private Http as(Http admin, String role) throws Exception {
        return admin.as(created(admin.post("/v1/tokens", "{\"role\":\"" + role + "\"}")).path("token").asText());
    }

    private static JsonNode created(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /** Runs a CLI command (finding the admin token as {@link #cli} does) that must fail; returns its stderr. */
    private String cliFails(String... args) {
        Cli result = runCli(withDataDir(args));
        assertThat(result.exit()).as(String.join(" ", args)).isEqualTo(1);
        return result.err();
    }
}
