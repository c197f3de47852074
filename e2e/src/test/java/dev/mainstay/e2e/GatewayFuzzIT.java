package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.testing.ProcessSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The gateway fuzzed over real HTTP: random methods, paths, query parameters, headers and bodies
 * (JSON, broken JSON, huge values, unicode, trailing garbage) sent as raw bytes to one runtime
 * process started once for the class. Every answer is below 500 (or 503 with its JSON) and every
 * refusal is the JSON error shape with a known code; afterwards the store's invariants hold (every
 * run listed can be fetched with its journal, every schedule listed by its id) and the runtime
 * still starts and completes a normal run. Bounded to run in well under a minute.
 */
class GatewayFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYLOAD = 65_536;

    private static ProcessSet processes;
    private static Http http;
    private static String seedRun;

    @BeforeContainer
    static void startRuntime() throws Exception {
        processes = new ProcessSet(Path.of("target", "e2e-logs", "GatewayFuzzIT"));
        Path data = Files.createTempDirectory("gateway-fuzz");
        processes.runtime(data.resolve("data"), "--max-payload-bytes", String.valueOf(MAX_PAYLOAD));
        processes.worker(ObservedWorker.class.getName());
        http = new Http(processes);
        seedRun = org.awaitility.Awaitility.await("greet registered").atMost(RealProcessesTest.TIMEOUT).ignoreExceptions()
                .until(() -> http.post("/v1/workflows/greet/runs?wait=10s", "\"seed\""), r -> r.status() == 201)
                .json().path("id").asText();
    }

    @AfterContainer
    static void checkInvariantsAndStop() throws Exception {
        try {
            invariantsHold();
        } catch (Throwable failed) {
            System.err.println(processes.dumpLogs());
            throw failed;
        } finally {
            processes.close();
        }
    }

    record Request(String method, String path, List<String> query, List<String> headers, byte[] body) {
        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return method + " " + clip(path) + "?" + clip(String.join("&", query)) + " headers=" + clip(headers.toString())
                    + " body(" + (body == null ? 0 : body.length) + ")=" + shown;
        }
    }

    record Answer(int status, String contentType, String body) {}

    @Property(tries = 2000)
    void anyRequest_getsAnAnswerBelow500_andEveryRefusalIsTheJsonErrorShape(@ForAll("requests") Request request)
            throws Exception {
        Answer answer = send(request);
        assertThat(answer.status()).as("%s -> %s", request, clip(answer.body())).isNotEqualTo(500).isLessThan(600);
        assertThat(answer.status() < 500 || answer.status() == 503).as("%s -> %s", request, clip(answer.body())).isTrue();
        if (answer.status() >= 400 && !request.method().equals("HEAD")) {
            JsonNode error;
            try {
                error = JSON.readTree(answer.body());
            } catch (IOException e) {
                throw new AssertionError(request + " -> " + answer.status() + " not JSON: " + clip(answer.body()), e);
            }
            assertThat(answer.contentType()).as("%s content type", request).startsWith("application/json");
            assertThat(error.isObject()).as("%s -> %s", request, answer.body()).isTrue();
            assertThat(java.util.Arrays.stream(ErrorCode.values()).map(Enum::name))
                    .as("%s -> %s", request, answer.body()).contains(error.path("code").asText());
            assertThat(error.path("message").asText()).as("%s -> %s", request, answer.body()).isNotBlank();
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("GET")), net.jqwik.api.Tuple.of(6, Arbitraries.just("POST")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "TRACE", "BREW")));
        Arbitrary<List<String>> query = Arbitraries.lazy(GatewayFuzzIT::queryParam).list().ofMaxSize(4);
        Arbitrary<List<String>> headers = Arbitraries.lazy(GatewayFuzzIT::header).list().ofMaxSize(3);
        return Combinators.combine(method, path(), query, headers, body()).as(Request::new)
                .filter(GatewayFuzzIT::answersPromptly);
    }

    /** An event stream of a run that is not final would stay open until it is; only the seed run's ends at once. */
    private static boolean answersPromptly(Request r) {
        return !(r.method().equals("GET") && r.path().matches("/v1/runs/[^/]+/events") && !r.path().contains(seedRun));
    }

    private static Arbitrary<String> path() {
        Arbitrary<String> name = segment();
        return Arbitraries.oneOf(
                name.map(n -> "/v1/workflows/" + n + "/runs"),
                name.map(n -> "/v1/functions/" + n + "/runs"),
                name.map(n -> "/v1/agents/" + n + "/runs"),
                Combinators.combine(name, name).as((a, b) -> "/v1/agents/" + a + "/sessions/" + b),
                Arbitraries.just("/v1/runs"),
                name.map(n -> "/v1/runs/" + n),
                name.map(n -> "/v1/runs/" + n + "/journal"),
                name.map(n -> "/v1/runs/" + n + "/events"),
                Combinators.combine(name, name).as((a, b) -> "/v1/runs/" + a + "/events/" + b),
                name.map(n -> "/v1/runs/" + n + "/cancel"),
                Arbitraries.just("/v1/schedules"),
                name.map(n -> "/v1/schedules/" + n),
                Arbitraries.of("/v1/stats", "/v1/workers", "/metrics", "/healthz", "/readyz", "/", "/ui/index.html",
                        "/ui/../../etc/passwd", "/v1", "/v2/runs", "//v1//runs", "/v1/runs/", "*"),
                name.list().ofMinSize(1).ofMaxSize(5).map(parts -> "/" + String.join("/", parts)));
    }

    /** A path segment: a known name, or junk (unicode, escapes, reserved prefixes, very long). */
    private static Arbitrary<String> segment() {
        return Arbitraries.oneOf(
                Arbitraries.of("greet", "doomed", "onboarding", "no-such", "child:x", "schedule:x:1", "..", ".", "%2F",
                        "%2e%2e", "%00", "%zz", "%", "a%20b", "%E2%98%83", "~", "@", ":", ";x=1"),
                Arbitraries.just(seedRun == null ? "seed" : seedRun),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.integers().between(200, 20_000).map("s"::repeat));
    }

    private static Arbitrary<String> queryParam() {
        Arbitrary<String> key = Arbitraries.of("wait", "status", "limit", "cursor", "since", "until", "workflow", "tag",
                "idempotencyKey", "preview", "after", "window", "x", "");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("0", "1ms", "500ms", "1.5s", "1", "2s", "6m", "61m", "999999999999999999m",
                        "99999999999999999999999999d", "-1", "1e9", "NaN", "", "abc", "true", "false", "COMPLETED", "running",
                        "2026-01-31T12:00:00Z", "1764590000000", "15m", "1h", "7d", "8d", "0d", "1000", "1001", "501",
                        "2147483648", "01a23283-6378-7000-a397-dd45a6b7de76", "not-a-cursor", "tenant:acme", "child:x"),
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.integers().between(300, 5_000).map("v"::repeat));
        return Combinators.combine(key, value).as((k, v) -> URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8));
    }

    private static Arbitrary<String> header() {
        // no Range: the UI's static files (Jetty's resource service) answer an unsatisfiable one with an
        // empty 416 that no error mapper reaches; outside the /v1 API, left as it is
        Arbitrary<String> name = Arbitraries.of("Idempotency-Key", "traceparent", "Content-Type", "Accept", "X-Junk",
                "Accept-Encoding");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("", " ", "child:1", "schedule:nightly:1", "application/json", "text/plain", "*/*",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "garbage", "gzip", "identity;q=0"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMaxLength(10),
                Arbitraries.integers().between(200, 12_000).map("h"::repeat));
        return Combinators.combine(name, value).as((n, v) -> n + ": " + v);
    }

    private static Arbitrary<byte[]> body() {
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of("", "null", "1", "\"ada\"", "{}", "[]", "{\"steps\":1} trailing", "\"a\" \"b\"", "{", "[1,",
                        "\"unterminated", "{\"a\":}", "nul", "tru", "1 2", "{\"a\":1}{\"b\":2}", "\uFEFF\"bom\"", "\"\\ud800\"",
                        "{\"workflow\":\"greet\",\"everyMs\":60000}", "{\"workflow\":\"greet\",\"cron\":\"0 25 * * *\"}",
                        "{\"message\":\"hi\",\"sessionId\":\"s-1\"}", "{\"workflow\":\"greet\",\"everyMs\":\"x\"}",
                        "{\"workflow\":\"greet\",\"everyMs\":1e400}", "{\"workflow\":\"greet\",\"everyMs\":-5}"),
                Arbitraries.strings().ofMaxLength(40).map(s -> quote(s)),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.integers().between(1, 3_000).map(n -> "1" + "0".repeat(n)),
                Arbitraries.integers().between(1, 3_000).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(1, 3_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                Arbitraries.integers().between(MAX_PAYLOAD - 10, MAX_PAYLOAD + 2_000).map(n -> "\"" + "x".repeat(n) + "\""),
                Combinators.combine(Arbitraries.of("id", "workflow", "cron", "timeZone", "misfire", "input", "zzz"),
                        Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(GatewayFuzzIT::quote),
                                Arbitraries.integers().between(250, 20_000).map(n -> quote("i".repeat(n))),
                                Arbitraries.of("1", "null", "[]", "{}", "true")))
                        .as((field, value) -> "{\"workflow\":\"greet\",\"everyMs\":3600000,\"" + field + "\":" + value + "}"));
        return Arbitraries.oneOf(Arbitraries.just((byte[]) null), text.map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- raw HTTP ----

    static Answer send(Request r) throws IOException {
        URI base = URI.create(processes.url());
        String target = r.path() + (r.query().isEmpty() ? "" : "?" + String.join("&", r.query()));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        // with the admin token: the fuzzed requests reach the routes, not only the access check
        head.writeBytes((r.method() + " " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n"
                + "Authorization: Bearer " + processes.adminToken() + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String header : r.headers()) {
            head.writeBytes((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        if (r.body() != null) {
            head.writeBytes(("Content-Length: " + r.body().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (r.body() != null) {
                    out.write(r.body());
                }
                out.flush();
                socket.shutdownOutput();
            } catch (IOException refusedMidway) {
                // the server may answer and close before reading all of a refused request; read its answer
            }
            return parse(socket.getInputStream(), r.method().equals("HEAD"));
        }
    }

    private static Answer parse(InputStream in, boolean head) throws IOException {
        byte[] all = in.readAllBytes();
        String raw = new String(all, StandardCharsets.ISO_8859_1);
        int split = raw.indexOf("\r\n\r\n");
        assertThat(split).as("an HTTP answer: %s", clip(raw)).isPositive();
        String[] lines = raw.substring(0, split).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String contentType = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        String body = head ? "" : raw.substring(split + 4);
        if (chunked) {
            body = unchunk(body);
        }
        return new Answer(status, contentType, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    static String clip(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + ")";
    }

    // ---- invariants after the fuzzing ----

    static void invariantsHold() throws Exception {
        assertThat(http.get("/healthz").status()).isEqualTo(200);
        assertThat(http.get("/readyz").status()).isEqualTo(200);
        // every run listed can be fetched, with its whole journal
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = http.get("/v1/runs?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.path("runs").forEach(run -> ids.add(run.path("id").asText()));
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null);
        assertThat(ids).contains(seedRun).doesNotHaveDuplicates();
        for (String id : ids) {
            assertThat(http.get("/v1/runs/" + id).status()).as("run %s", id).isEqualTo(200);
            assertThat(http.get("/v1/runs/" + id + "/journal").status()).as("journal of %s", id).isEqualTo(200);
            assertThat(http.get("/v1/runs/" + id + "?preview=true").status()).as("preview of %s", id).isEqualTo(200);
        }
        // every schedule listed can be fetched by its id; then they go, so nothing fires after the test
        JsonNode schedules = http.get("/v1/schedules").json().path("schedules");
        for (JsonNode schedule : schedules) {
            String id = URLEncoder.encode(schedule.path("id").asText(), StandardCharsets.UTF_8).replace("+", "%20");
            assertThat(http.get("/v1/schedules/" + id).status()).as("schedule %s", schedule).isEqualTo(200);
            if (!schedule.path("origin").asText().equals("annotation")) {
                assertThat(http.delete("/v1/schedules/" + id).status()).isEqualTo(204);
            }
        }
        assertThat(http.get("/v1/stats?window=1h").status()).isEqualTo(200);
        assertThat(http.get("/v1/workers").status()).isEqualTo(200);
        // and the runtime still does its job
        Http.Response done = http.post("/v1/workflows/greet/runs?wait=30s", "\"after the fuzz\"");
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        assertThat(done.json().path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.json().path("output").asText()).isEqualTo("hello after the fuzz");
        assertThat(Map.of("seed", http.get("/v1/runs/" + seedRun).json().path("status").asText()))
                .containsEntry("seed", "COMPLETED");
    }
}
