package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What one token may hold of the runtime: starts per second, long-polls and event streams open at
 * once. Over a limit the caller gets 429 with the JSON error shape; other tokens are untouched; the
 * place comes back when the rate refills or the held request ends.
 */
class CallerLimitsIT extends RealProcessesTest {
    private static final String SIGNUP = "{\"user\":\"u-1\",\"tenant\":\"t-1\"}";

    @Test
    void startsOverTheTokensRate_get429WithRetryAfter_whileAnotherTokenStillStarts() throws Exception {
        processes.runtime(dataDir, "--token-starts-per-second", "3");
        processes.worker(ObservedWorker.class.getName());
        await("worker registered").atMost(TIMEOUT).until(() -> !client.workers().isEmpty());
        Http admin = new Http(processes);

        // twenty starts at once against a bucket of three: however slow the machine, most are refused
        HttpClient http = HttpClient.newHttpClient();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sends = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sends.add(http.sendAsync(HttpRequest.newBuilder(URI.create(processes.url() + "/v1/workflows/greet/runs"))
                    .header("Authorization", "Bearer " + processes.adminToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("\"n" + i + "\"")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = sends.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        long created = answers.stream().filter(a -> a.statusCode() == 201).count();
        HttpResponse<String> limited = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow(
                () -> new AssertionError("no start was refused: " + answers.stream().map(HttpResponse::statusCode).toList()));
        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isIn(201, 429));
        assertThat(created).as("the bucket's three, and what refilled meanwhile").isGreaterThanOrEqualTo(3L);
        assertThat(limited.body()).contains("\"code\":\"RATE_LIMITED\"", "--token-starts-per-second");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");

        String other = client.createToken("default", "client", null, "another team").token();
        assertThat(admin.as(other).post("/v1/workflows/greet/runs", "\"theirs\"").status()).as("a bucket per token").isEqualTo(201);

        await("the bucket refills").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.post("/v1/workflows/greet/runs", "\"later\"").status() == 201);
        assertThat(client.runs(dev.mainstay.sdk.RunQuery.defaults().withWorkflow("greet")).runs())
                .as("the refused starts wrote nothing").hasSize((int) created + 2);
    }

    @Test
    void longPollsAndStreamsPastTheTokensCap_get429_andThePlaceComesBackWhenTheHeldOneEnds() throws Exception {
        processes.runtime(dataDir, "--token-max-waits", "1", "--token-max-streams", "1");
        processes.worker(ObservedWorker.class.getName());
        await("worker registered").atMost(TIMEOUT).until(() -> !client.workers().isEmpty());
        Http admin = new Http(processes);
        String run = admin.post("/v1/workflows/onboarding/runs", SIGNUP).json().path("id").asText();

        CompletableFuture<HttpResponse<String>> held = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create(processes.url() + "/v1/runs/" + run + "?wait=60s"))
                .header("Authorization", "Bearer " + processes.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        await("the first long-poll holds the token's place").atMost(TIMEOUT)
                .until(() -> admin.get("/v1/runs/" + run + "?wait=1ms").status() == 429);
        Http.Response refused = admin.get("/v1/runs/" + run + "?wait=1ms");
        assertThat(refused.json().path("code").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(refused.json().path("message").asText()).contains("--token-max-waits");
        assertThat(admin.get("/v1/runs/" + run).status()).as("a read without ?wait= holds nothing").isEqualTo(200);

        Sse.Stream stream = Sse.follow(processes, run);
        Http.Response secondStream = admin.get("/v1/runs/" + run + "/events");
        assertThat(secondStream.status()).isEqualTo(429);
        assertThat(secondStream.json().path("message").asText()).contains("--token-max-streams");

        assertThat(admin.post("/v1/runs/" + run + "/events/approval", "{\"approved\":true,\"by\":\"ops\"}").status()).isEqualTo(202);
        assertThat(held.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stream.untilEnd(Duration.ofSeconds(30));
        await("both places free again").atMost(TIMEOUT).until(() -> admin.get("/v1/runs/" + run + "?wait=1ms").status() == 200
                && admin.get("/v1/runs/" + run + "/events").status() == 200);
    }
}
