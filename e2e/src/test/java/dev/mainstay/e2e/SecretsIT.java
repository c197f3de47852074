package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Tokens and the database password never show: a runtime with auth on, on PostgreSQL with a
 * password, spans logged, a worker and a client each with a token of its own, refused and revoked
 * tokens tried; then every process log, every answer a client or the UI reads, and every table of
 * the database are searched for each secret. A URL that carries a password is refused without
 * repeating it.
 */
class SecretsIT extends RealProcessesTest {

    @Test
    void noLogSpanJournalOrAnswer_showsATokenOrTheDatabasePassword() throws Exception {
        TestDatabase postgres = TestDatabase.create();
        try {
            checkSecrets(postgres);
        } finally {
            processes.close();
            postgres.drop();
        }
    }

    private void checkSecrets(TestDatabase postgres) throws Exception {
        String password = "pw-SECRET-" + UUID.randomUUID();
        // a password where it does not belong is refused, and the refusal does not repeat it
        assertThatThrownBy(() -> processes.runtime(dataDir, "--database-url", postgres.url() + "&password=" + password))
                .hasMessageContaining("exited with 1");
        assertThatThrownBy(() -> processes.runtime(dataDir, "--database-url",
                "postgresql://postgres:" + password + "@127.0.0.1:5432/mainstay")).hasMessageContaining("exited with 1");
        assertThat(Files.readString(processes.logs().get(1))).contains("--database-url", "***");

        // PostgreSQL here trusts any password: the runtime is given one the way it takes it
        processes.withRuntimeEnv(Map.of("MAINSTAY_DATABASE_PASSWORD", password))
                .runtime(dataDir, List.of("-Dotel.traces.exporter=logging", "-Dotel.bsp.schedule.delay=50"),
                        "--database-url", postgres.url());
        Http admin = new Http(processes);
        JsonNode workerToken = admin.post("/v1/tokens", "{\"role\":\"worker\"}").json();
        JsonNode clientToken = admin.post("/v1/tokens", "{\"role\":\"client\"}").json();
        JsonNode revokedToken = admin.post("/v1/tokens", "{\"role\":\"client\"}").json();
        String workerSecret = workerToken.path("token").asText();
        String clientSecret = clientToken.path("token").asText();
        String revokedSecret = revokedToken.path("token").asText();
        String foreign = dev.mainstay.testing.ProcessSet.newAdminToken();
        List<String> secrets = List.of(password, processes.adminToken(), workerSecret, clientSecret, revokedSecret, foreign);

        processes.workerWithToken(workerSecret, RetryWorker.class.getName());
        Http client = admin.as(clientSecret);
        List<String> answers = new ArrayList<>();
        String runId = await().atMost(TIMEOUT).until(() -> client.post("/v1/workflows/approval/runs", "60000"),
                r -> r.status() == 201).json().path("id").asText();
        answers.add(client.post("/v1/runs/" + runId + "/events/decision", "{\"approved\":true,\"by\":\"ann\"}").body());
        answers.add(client.post("/v1/runs/" + runId + "/events/decision", "{\"approved\":false,\"by\":\"bob\"}").body());
        answers.add(client.get("/v1/runs/" + runId + "?wait=30s").body());
        answers.add(client.get("/v1/runs/" + runId + "/journal").body());
        answers.add(client.get("/v1/runs/" + runId + "/journal?preview=true").body());
        answers.add(client.get("/v1/runs?preview=true").body());
        answers.add(admin.get("/v1/tokens").body());
        answers.add(admin.get("/v1/workers").body());
        answers.add(admin.get("/metrics").body());
        answers.add(admin.get("/v1/stats").body());
        answers.add(admin.as(foreign).get("/v1/runs").body());
        Http anonymous = new Http(processes.url(), null);
        answers.add(anonymous.get("/v1/runs", "Authorization", "Bearer " + foreign + "x").body());
        answers.add(anonymous.get("/v1/runs", "Authorization", "Basic " + clientSecret).body());
        answers.add(admin.delete("/v1/tokens/" + revokedToken.path("id").asText()).body());
        answers.add(admin.as(revokedSecret).get("/v1/runs").body());
        answers.add(anonymous.post("/v1/session", "{\"token\":\"" + foreign + "\"}").body());
        answers.add(anonymous.post("/v1/session", "{\"token\":\"" + workerSecret + "\"}").body());
        answers.add(admin.as(workerSecret).get("/v1/runs").body());
        assertThat(client.get("/v1/runs/" + runId).json().path("status").asText()).isEqualTo("COMPLETED");
        // spans are written when their batch is exported: wait until the run's are in the log
        await("spans exported").atMost(TIMEOUT).until(() -> Files.readString(processes.logs().get(2)).contains("'run approval'"));

        for (String answer : answers) {
            for (String secret : secrets) {
                assertThat(answer).as("an answer").doesNotContain(secret);
            }
        }
        for (Path log : processes.logs()) {
            String text = Files.readString(log);
            for (String secret : secrets) {
                assertThat(text).as(log.toString()).doesNotContain(secret);
            }
        }
        try (Connection db = postgres.connect()) {
            for (String table : tables(db)) {
                String rows = rows(db, table);
                for (String secret : secrets) {
                    assertThat(rows).as("table " + table).doesNotContain(secret);
                }
            }
        }
    }

    /**
     * A model's API key, given to the worker in its environment as in production, reaches the model
     * (the fake endpoint sees it) and nowhere else: not in the journal, a failed attempt's error, the
     * event stream, a log, or the store's files, even when the provider's error message repeats it.
     */
    @Test
    void aModelApiKey_reachesTheModelAndNothingElse_evenWhenTheProviderEchoesIt() throws Exception {
        String key = "sk-SECRET-" + UUID.randomUUID();
        List<String> authorizations = java.util.Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer model = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext("/v1/chat/completions", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            boolean fail = authorizations.size() <= 2; // two attempts of the model call's step fail
            byte[] body = (fail
                    ? "{\"error\":{\"message\":\"overloaded; request with key " + key + " rejected\",\"type\":\"server_error\"}}"
                    : "{\"id\":\"c-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"hello from the model\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        model.start();
        try {
            processes.runtime(dataDir);
            processes.withWorkerEnv(Map.of("MAINSTAY_MODEL_BASE_URL", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                    "MAINSTAY_MODEL_API_KEY", key, "MAINSTAY_MODEL", "test-model")).worker(ModelKeyWorker.class.getName());
            Http http = new Http(processes);
            String runId = await().atMost(TIMEOUT).until(() -> http.post("/v1/agents/assistant/runs", "{\"message\":\"hi\"}"),
                    r -> r.status() == 201).json().path("id").asText();
            List<String> answers = new ArrayList<>();
            String done = http.get("/v1/runs/" + runId + "?wait=30s").body();
            answers.add(done);
            assertThat(http.get("/v1/runs/" + runId).json().path("status").asText()).as(done).isEqualTo("COMPLETED");
            assertThat(authorizations).as("the key reached the model").contains("Bearer " + key);
            JsonNode journal = http.get("/v1/runs/" + runId + "/journal").json();
            assertThat(journal.path("failedAttempts").size()).as("an attempt failed with the provider's message").isPositive();
            assertThat(journal.path("failedAttempts").get(0).path("error").path("message").asText())
                    .contains("overloaded; request with key *** rejected");
            answers.add(journal.toString());
            answers.add(http.get("/v1/runs/" + runId + "/journal?preview=true").body());
            answers.add(http.get("/v1/runs?preview=true").body());
            answers.add(http.get("/v1/workers").body());
            answers.add(Sse.follow(processes, runId).untilEnd(TIMEOUT).toString()); // a finished run's whole stream
            for (String answer : answers) {
                assertThat(answer).as("an answer").doesNotContain(key);
            }
            for (Path log : processes.logs()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(key);
            }
            try (var files = Files.walk(dataDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as(file.toString()).doesNotContain(key);
                }
            }
        } finally {
            model.stop(0);
        }
    }

    private static List<String> tables(Connection db) throws Exception {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = db.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).contains("runs", "tokens");
        return tables;
    }

    /** Every row of {@code table} as text, bytea payloads decoded as UTF-8. */
    private static String rows(Connection db, String table) throws Exception {
        StringBuilder all = new StringBuilder();
        try (ResultSet rs = db.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    all.append(value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                            : String.valueOf(value)).append('\t');
                }
                all.append('\n');
            }
        }
        return all.toString();
    }
}
