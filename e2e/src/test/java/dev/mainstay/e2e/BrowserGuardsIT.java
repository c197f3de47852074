package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a web page open in a local browser can do to the runtime, sent as the browser would send it
 * (raw HTTP, since the JDK's client will not set Host): DNS rebinding (a foreign Host), CSRF (a
 * foreign Origin, a cross-site fetch, a form or text/plain body), framing and sniffing (the headers
 * of every answer). Each refusal is the JSON error shape and writes nothing. The tests that neither
 * start runs nor set flags share one runtime ({@link #sharedRuntime}).
 */
class BrowserGuardsIT extends RealProcessesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aForeignHost_isRefused_everywhere_whileTheRuntimesOwnNamesAreServed() throws Exception {
        sharedRuntime();
        String own = "127.0.0.1:" + port();

        for (String path : new String[] {"/v1/runs", "/ui/", "/healthz"}) {
            Answer refused = request("GET", path, Map.of("Host", "rebound.attacker.example:" + port()), null);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.json().path("code").asText()).isEqualTo("FORBIDDEN");
            assertThat(refused.json().path("message").asText()).contains("rebound.attacker.example", "--allowed-hosts");
        }
        assertThat(request("GET", "/v1/runs", Map.of("Host", own), null).status()).isEqualTo(200);
        assertThat(request("GET", "/v1/runs", Map.of("Host", "localhost:" + port()), null).status()).isEqualTo(200);
        assertThat(request("GET", "/v1/runs", Map.of("Host", "[::1]:" + port()), null).status()).isEqualTo(200);
    }

    @Test
    void allowedHosts_addsNames() throws Exception {
        processes.runtime(dataDir, "--allowed-hosts", "mainstay.example.com, ops.example.com");
        assertThat(request("GET", "/v1/runs", Map.of("Host", "mainstay.example.com"), null).status()).isEqualTo(200);
        assertThat(request("GET", "/v1/runs", Map.of("Host", "OPS.example.com:" + port()), null).status()).isEqualTo(200);
        assertThat(request("GET", "/v1/runs", Map.of("Host", "other.example.com"), null).status()).isEqualTo(403);
    }

    @Test
    void stateChangingRequests_fromAnotherOriginOrWithoutJson_areRefusedAndWriteNothing() throws Exception {
        processes.runtime(dataDir);
        processes.worker(ObservedWorker.class.getName());
        String seed = startWhenRegistered("greet", "seed").id();
        String own = "127.0.0.1:" + port();
        String start = "/v1/workflows/greet/runs";

        Answer foreignForm = request("POST", start, Map.of("Host", own, "Origin", "https://attacker.example",
                "Content-Type", "text/plain"), "\"hi\"");
        assertThat(foreignForm.status()).isEqualTo(403);
        assertThat(foreignForm.json().path("message").asText()).contains("https://attacker.example");

        Answer foreignJson = request("POST", start, Map.of("Host", own, "Origin", "http://localhost:" + (port() + 1),
                "Content-Type", "application/json"), "\"hi\"");
        assertThat(foreignJson.status()).as("another port is another origin").isEqualTo(403);

        Answer sandboxed = request("POST", start, Map.of("Host", own, "Origin", "null",
                "Content-Type", "application/json"), "\"hi\"");
        assertThat(sandboxed.status()).isEqualTo(403);

        Answer crossSite = request("POST", start, Map.of("Host", own, "Sec-Fetch-Site", "cross-site",
                "Content-Type", "application/json"), "\"hi\"");
        assertThat(crossSite.status()).isEqualTo(403);

        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
            Answer notJson = request("POST", start, Map.of("Host", own, "Origin", "http://" + own, "Content-Type", type), "\"hi\"");
            assertThat(notJson.status()).as(type).isEqualTo(415);
            assertThat(notJson.json().path("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }
        Answer untyped = request("POST", start, Map.of("Host", own), "\"hi\"");
        assertThat(untyped.status()).as("a body without a type").isEqualTo(415);

        assertThat(request("GET", "/v1/runs", Map.of("Host", own), null).json().path("runs"))
                .as("nothing written").extracting(run -> run.path("id").asText()).containsExactly(seed);

        Answer sameOrigin = request("POST", start, Map.of("Host", own, "Origin", "http://" + own,
                "Content-Type", "application/json; charset=utf-8"), "\"hi\"");
        assertThat(sameOrigin.status()).as("the runtime's own page passes the guards: %s", sameOrigin.body()).isEqualTo(201);
        Answer noOrigin = request("POST", "/v1/runs/" + sameOrigin.json().path("id").asText() + "/cancel", Map.of("Host", own), null);
        // past the guards, the cancel reaches the run; a worker free at the start may have finished it already
        if (noOrigin.status() == 409) {
            assertThat(noOrigin.json().path("code").asText()).as(noOrigin.body()).isEqualTo("RUN_ALREADY_FINISHED");
        } else {
            assertThat(noOrigin.status()).as("a client that is not a browser, no body: %s", noOrigin.body()).isIn(200, 202);
        }
    }

    @Test
    void everyAnswer_forbidsFramingSniffingAndInlineScript() throws Exception {
        sharedRuntime();
        String own = "127.0.0.1:" + port();
        for (String path : new String[] {"/ui/", "/ui/js/app.js", "/v1/runs", "/v1/runs/nope", "/readyz"}) {
            Answer answer = request("GET", path, Map.of("Host", own), null);
            assertThat(answer.header("x-frame-options")).as(path).isEqualTo("DENY");
            assertThat(answer.header("x-content-type-options")).as(path).isEqualTo("nosniff");
            assertThat(answer.header("referrer-policy")).as(path).isEqualTo("no-referrer");
            assertThat(answer.header("content-security-policy")).as(path)
                    .contains("frame-ancestors 'none'", "script-src 'self'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    void jettysOwnEarlyRefusals_carryTheSecurityHeadersToo() throws Exception {
        sharedRuntime();
        String own = "127.0.0.1:" + port();
        Map<String, Answer> refusals = new LinkedHashMap<>();
        refusals.put("431", request("GET", "/v1/runs", Map.of("Host", own, "X-Big", "h".repeat(20_000)), null));
        refusals.put("414", request("GET", "/v1/runs/" + "u".repeat(20_000), Map.of("Host", own), null));
        refusals.put("400", request("GET", "/v1/runs", Map.of("Host", own, "Content-Length", "abc"), null)); // Jetty's parser
        refusals.put("400 escape", request("GET", "/v1/runs/%zz", Map.of("Host", own), null));
        refusals.forEach((what, answer) -> {
            assertThat(String.valueOf(answer.status())).as(what).isEqualTo(what.substring(0, 3));
            assertThat(answer.header("content-type")).as(what).startsWith("application/json");
            assertThat(answer.header("x-frame-options")).as(what).isEqualTo("DENY");
            assertThat(answer.header("x-content-type-options")).as(what).isEqualTo("nosniff");
            assertThat(answer.header("referrer-policy")).as(what).isEqualTo("no-referrer");
            assertThat(answer.header("cross-origin-opener-policy")).as(what).isEqualTo("same-origin");
            assertThat(answer.header("content-security-policy")).as(what)
                    .contains("frame-ancestors 'none'", "script-src 'self'").doesNotContain("unsafe-inline");
        });
    }

    private int port() {
        return URI.create(processes.url()).getPort();
    }

    /** One HTTP/1.1 request as a browser would send it, with the admin token when the runtime made one. */
    private Answer request(String method, String path, Map<String, String> headers, String body) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        Path token = dataDir.resolve("admin.token");
        if (Files.exists(token)) {
            all.put("Authorization", "Bearer " + Files.readString(token).trim());
        }
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(payload.length).append("\r\nConnection: close\r\n\r\n");
        URI base = URI.create(processes.url());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            return Answer.parse(socket.getInputStream());
        }
    }

    private record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        static Answer parse(InputStream in) throws IOException {
            String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = raw.indexOf("\r\n\r\n");
            String[] lines = raw.substring(0, split).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String body = raw.substring(split + 4);
            if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
                body = GatewayFuzzIT.unchunk(body);
            }
            return new Answer(Integer.parseInt(lines[0].substring(9, 12)), headers,
                    new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }
}
