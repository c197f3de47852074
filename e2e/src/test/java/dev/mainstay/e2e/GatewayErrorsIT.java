package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import org.junit.jupiter.api.Test;

/**
 * Every bad input gets its precise JSON error {@code {"code","message"}}: never a 500, never an HTML
 * page, never a partial write. Requests go over real HTTP (raw bytes where the JDK client refuses to
 * build them) to a real runtime process.
 */
class GatewayErrorsIT extends RealProcessesTest {

    /** The JSON error shape with {@code code} and a message that holds each of {@code words}. */
    static void assertError(Http.Response response, int status, String code, String... words) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.json().path("code").asText()).as("code of %s", response.body()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).as("message").isNotBlank();
        for (String word : words) {
            assertThat(response.json().path("message").asText()).as("message").contains(word);
        }
    }

    /** Some 4xx refusal, in the JSON error shape (which status depends on where the request is refused). */
    static void assertJsonError(Http.Response response) {
        assertThat(response.status()).as("status of %s", response.body()).isBetween(400, 499);
        assertThat(response.json().path("code").asText()).as("code of %s", response.body()).isNotBlank();
        assertThat(response.json().path("message").asText()).as("message of %s", response.body()).isNotBlank();
    }

    @Test
    void badParametersAndBodies_getTheirPreciseError_andWriteNothing() throws Exception {
        processes.runtime(dataDir);
        processes.worker(ObservedWorker.class.getName());
        Http http = new Http(processes);
        RunInfo greeted = startWhenRegistered("greet", "ada");
        assertThat(client.await(greeted.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        // durations that overflow, and a long-poll above the cap
        assertError(http.get("/v1/runs/" + greeted.id() + "?wait=999999999999999999m"), 400, "INVALID_ARGUMENT",
                "wait", "5m", "--max-wait");
        assertError(http.get("/v1/runs/" + greeted.id() + "?wait=6m"), 400, "INVALID_ARGUMENT", "5m");
        assertThat(http.get("/v1/runs/" + greeted.id() + "?wait=5m").status()).isEqualTo(200);
        assertError(http.get("/v1/stats?window=999999999999999999d"), 400, "INVALID_ARGUMENT", "window", "7d");
        assertError(http.get("/v1/stats?window=99999999999999999999999999h"), 400, "INVALID_ARGUMENT", "window");

        // ids and names past the length limit: refused before anything is stored
        String huge = "s".repeat(20_000);
        assertError(http.post("/v1/schedules", "{\"workflow\":\"greet\",\"everyMs\":60000,\"id\":\"" + huge + "\"}"),
                400, "INVALID_ARGUMENT", "id", "20000", "256");
        assertThat(http.get("/v1/schedules").status()).isEqualTo(200);
        assertThat(http.get("/v1/schedules").json().path("schedules")).isEmpty();
        assertError(http.post("/v1/runs/" + greeted.id() + "/events/" + "e".repeat(300), "1"), 400, "INVALID_ARGUMENT",
                "event name", "300", "256");
        assertError(http.post("/v1/workflows/greet/runs", "\"x\"", "Idempotency-Key", "k".repeat(300)), 400,
                "INVALID_ARGUMENT", "Idempotency-Key", "256");
        assertError(http.post("/v1/workflows/" + "w".repeat(300) + "/runs", "\"x\""), 400, "INVALID_ARGUMENT",
                "workflow name", "256");

        // trailing content after the JSON value, wherever a body is parsed
        assertError(http.post("/v1/workflows/greet/runs", "\"bob\" trailing"), 400, "MALFORMED_JSON", "railing");
        assertError(http.post("/v1/workflows/greet/runs", "{\"steps\":1} trailing"), 400, "MALFORMED_JSON");
        assertError(http.post("/v1/workflows/greet/runs", "\"a\" \"b\""), 400, "MALFORMED_JSON");
        assertError(http.post("/v1/schedules", "{\"workflow\":\"greet\",\"everyMs\":60000} {}"), 400, "MALFORMED_JSON");
        assertError(http.post("/v1/runs/" + greeted.id() + "/events/ping", "1 2"), 400, "MALFORMED_JSON");
        assertThat(http.get("/v1/runs?workflow=greet").json().path("runs")).as("no run started by a refused body").hasSize(1);
        assertThat(http.get("/v1/schedules").json().path("schedules")).isEmpty();

        // a cursor that is not one this API gave out
        assertError(http.get("/v1/runs?cursor=not-a-cursor"), 400, "INVALID_ARGUMENT", "cursor", "nextCursor");
        assertThat(http.get("/v1/runs?cursor=" + greeted.id()).status()).isEqualTo(200);
    }

    @Test
    void errorsRaisedByJettyOrJavalin_comeAsTheJsonErrorShape() throws Exception {
        processes.runtime(dataDir);
        Http http = new Http(processes);

        assertError(http.raw("GET /v1/runs HTTP/1.1\r\nX-Big: " + "h".repeat(20_000)), 431, "REQUEST_HEADERS_TOO_LARGE");
        assertError(http.raw("GET /v1/runs/" + "u".repeat(20_000) + " HTTP/1.1"), 414, "URI_TOO_LONG");
        assertError(http.raw("GET /v1/runs/%zz HTTP/1.1"), 400, "INVALID_ARGUMENT");
        assertError(http.raw("GET /v1/runs/% HTTP/1.1"), 400, "INVALID_ARGUMENT", "%25");
        assertError(http.raw("GET /v1/runs/%?cursor=0 HTTP/1.1"), 400, "INVALID_ARGUMENT");
        assertError(http.raw("DELETE * HTTP/1.1"), 400, "INVALID_ARGUMENT"); // found by GatewayFuzzIT: no body at all
        assertError(http.raw("PUT * HTTP/1.1"), 400, "INVALID_ARGUMENT");
        assertJsonError(http.raw("GET /v1/runs/a%2Fb HTTP/1.1"));
        assertJsonError(http.raw("GET /v1/runs/%2e%2e/%2e%2e/x HTTP/1.1"));
        assertJsonError(http.raw("GET /../../etc/passwd HTTP/1.1"));
        assertJsonError(http.raw("GET /v1/runs/%00 HTTP/1.1"));
        assertError(http.raw("GARBAGE"), 400, "INVALID_ARGUMENT");
        assertError(http.raw("GET /v1/runs HTTP/1.1\r\nContent-Length: abc"), 400, "INVALID_ARGUMENT");
        assertError(http.get("/nope"), 404, "NOT_FOUND", "/nope");
        assertError(http.delete("/v1/runs"), 405, "METHOD_NOT_ALLOWED", "DELETE");
        assertError(http.get("/ui/no-such-file.js"), 404, "NOT_FOUND");
        assertThat(http.get("/healthz").status()).as("still serving").isEqualTo(200);
    }
}
