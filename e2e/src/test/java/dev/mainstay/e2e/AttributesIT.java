package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.RunQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Search attributes on a real runtime and worker: a workflow sets typed attributes, the runs are
 * found by them over HTTP (= and >=, as a query string carries them), by the client and by the CLI;
 * a bulk cancel by attribute counts on a dry run, then cancels only those; a replay after an event
 * journals nothing twice, and a second set overwrites the value.
 */
class AttributesIT extends RealProcessesTest {

    @Test
    @AlsoOnPostgres
    void runsAreFoundAndCancelledByTheAttributesTheirWorkflowSet() throws Exception {
        processes.runtime(dataDir);
        processes.worker(AttributeWorker.class.getName());
        Http http = new Http(processes);
        List<String> ids = new ArrayList<>();
        String[][] invoices = {{"c-42", "50", "false"}, {"c-42", "150", "true"}, {"c-42", "900", "false"}, {"c-7", "500", "true"}};
        for (String[] invoice : invoices) {
            String body = "{\"customer\":\"" + invoice[0] + "\",\"amount\":" + invoice[1] + ",\"express\":" + invoice[2]
                    + ",\"due\":\"2026-12-0" + (ids.size() + 1) + "T00:00:00Z\"}";
            await().atMost(TIMEOUT).until(() -> http.post("/v1/workflows/invoice/runs", body).status() == 201);
            ids.add(http.get("/v1/runs?workflow=invoice&limit=1").json().path("runs").get(0).path("id").asText());
        }
        for (String id : ids) {
            await().atMost(TIMEOUT).until(() -> http.get("/v1/runs/" + id).json().path("status").asText().equals("SUSPENDED"));
        }

        // the run view: a JSON object of typed values
        JsonNode attributes = http.get("/v1/runs/" + ids.get(1)).json().path("attributes");
        assertThat(attributes.path("customer").asText()).isEqualTo("c-42");
        assertThat(attributes.path("amount").isIntegralNumber()).as(attributes.toString()).isTrue();
        assertThat(attributes.path("amount").asLong()).isEqualTo(150);
        assertThat(attributes.path("express").isBoolean()).isTrue();
        assertThat(attributes.path("due").asText()).isEqualTo("2026-12-02T00:00:00Z");

        // = and >= as a query string carries them (attr.amount>=100 arrives as key "attr.amount>", value "100")
        assertThat(ids(http.get("/v1/runs?attr.customer=c-42"))).containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2));
        assertThat(ids(http.get("/v1/runs?attr.customer=c-42&attr.amount%3E=100"))).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(ids(http.raw("GET /v1/runs?attr.customer=c-42&attr.amount>=100&attr.amount<900 HTTP/1.1")))
                .as("unescaped, as curl sends it").containsExactly(ids.get(1));
        assertThat(ids(http.get("/v1/runs?attr.express=true"))).containsExactlyInAnyOrder(ids.get(1), ids.get(3));
        assertThat(ids(http.get("/v1/runs?attr.due%3C2026-12-03T00:00:00Z"))).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(ids(http.get("/v1/runs?attr.customer=nobody"))).isEmpty();
        assertError(http.get("/v1/runs?attr.amount%3E=lots"), 400, "INVALID_ARGUMENT", "compares numbers and times");
        assertError(http.get("/v1/runs?attr.amount!=5"), 400, "INVALID_ARGUMENT", "not an operator");
        // the client and the CLI
        assertThat(client.runs(RunQuery.defaults().withAttribute("customer=c-42").withAttribute("amount>=100")).runs())
                .extracting(r -> r.id()).containsExactlyInAnyOrder(ids.get(1), ids.get(2));
        assertThat(client.run(ids.get(3)).attributes()).containsEntry("customer", "c-7").containsEntry("amount", 500)
                .containsEntry("express", true);
        String listed = cli("runs", "list", "--attr", "customer=c-42", "--attr", "amount>=100", "--url", processes.url());
        assertThat(listed).contains(ids.get(1), ids.get(2)).doesNotContain(ids.get(0), ids.get(3)).contains("customer=c-42");

        // a replay after the event sets them again without journaling twice; the second stage overwrites the first
        http.post("/v1/runs/" + ids.get(0) + "/events/paid", "{}");
        await().atMost(TIMEOUT).until(() -> http.get("/v1/runs/" + ids.get(0)).json().path("status").asText().equals("COMPLETED"));
        JsonNode journal = http.get("/v1/runs/" + ids.get(0) + "/journal").json().path("entries");
        assertThat(StreamSupport.stream(journal.spliterator(), false).filter(e -> e.path("kind").asText().equals("attribute"))
                .map(e -> e.path("name").asText())).containsExactly("customer", "amount", "express", "due", "stage", "stage");
        assertThat(http.get("/v1/runs/" + ids.get(0)).json().path("attributes").path("stage").asText()).isEqualTo("paid");
        assertThat(ids(http.get("/v1/runs?attr.stage=paid"))).containsExactly(ids.get(0));

        // bulk cancel by attribute: counted on a dry run (HTTP, then the CLI), then only those cancelled
        Http.Response dry = http.post("/v1/runs/cancel?attr.customer=c-42&attr.amount%3E=100&dryRun=true", "");
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        assertThat(dry.json().path("matched").asInt()).isEqualTo(2);
        assertThat(dry.json().path("cancelled").asInt()).isZero();
        assertThat(cli("runs", "cancel", "--attr", "customer=c-42", "--attr", "amount>=100", "--dry-run", "--url", processes.url()))
                .contains("2 live runs match; none cancelled (dry run)");
        assertThat(cli("runs", "cancel", "--attr", "customer=c-42", "--attr", "amount>=100", "--url", processes.url()))
                .contains("cancelled 2 of 2 matching live runs");
        for (String id : List.of(ids.get(1), ids.get(2))) {
            await().atMost(TIMEOUT).until(() -> http.get("/v1/runs/" + id).json().path("status").asText().equals("CANCELLED"));
        }
        assertThat(http.get("/v1/runs/" + ids.get(3)).json().path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(http.get("/v1/runs/" + ids.get(0)).json().path("status").asText()).isEqualTo("COMPLETED");
    }

    private static List<String> ids(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(response.json().path("runs").spliterator(), false).map(r -> r.path("id").asText()).toList();
    }
}
