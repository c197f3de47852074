package dev.mainstay.e2e;

import static dev.mainstay.e2e.GatewayErrorsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Webhooks on a real runtime, auth on: deliveries signed as GitHub, Stripe and Slack sign them
 * (computed here with the JDK, independently of the runtime's code) start runs without a token; a
 * redelivery returns the first run; a bad signature, a stale timestamp, an unknown hook are refused
 * and start nothing; webhooks are per namespace and never show their secret.
 */
class WebhooksIT extends RealProcessesTest {
    static final String SECRET = "whsec-0123456789abcdef";

    @Test
    void signedDeliveries_startRuns_redeliveriesReturnTheFirst_andForgeriesStartNothing() throws Exception {
        processes.runtime(dataDir);
        processes.worker(WebhookWorker.class.getName());
        Http admin = new Http(processes);
        Http provider = new Http(processes.url(), null); // a provider has no token
        await().atMost(TIMEOUT).until(() -> admin.post("/v1/webhooks", hook("pushes", "github")).status() == 201);
        assertThat(admin.post("/v1/webhooks", hook("payments", "stripe")).status()).isEqualTo(201);
        assertThat(admin.post("/v1/webhooks", hook("slash", "slack")).status()).isEqualTo(201);

        // GitHub: the body's HMAC; the delivery id makes a redelivery the same run
        String push = "{\"ref\":\"refs/heads/main\",\"after\":\"abc123\"}";
        Http.Response first = provider.post("/v1/webhooks/pushes", push, "X-Hub-Signature-256", "sha256=" + hmac(push),
                "X-GitHub-Delivery", "d-1", "X-GitHub-Event", "push");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String runId = first.json().path("id").asText();
        Http.Response again = provider.post("/v1/webhooks/pushes", push, "X-Hub-Signature-256", "sha256=" + hmac(push),
                "X-GitHub-Delivery", "d-1");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(runId);
        JsonNode done = admin.get("/v1/runs/" + runId + "?wait=30s").json();
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(dev.mainstay.sdk.internal.Json.MAPPER.readTree(done.path("output").asText()))
                .isEqualTo(dev.mainstay.sdk.internal.Json.MAPPER.readTree(push));

        // forgeries and replays: 401, and no run
        int runs = admin.get("/v1/runs?limit=1000").json().path("runs").size();
        assertError(provider.post("/v1/webhooks/pushes", push.replace("main", "evil"), "X-Hub-Signature-256",
                "sha256=" + hmac(push)), 401, "UNAUTHENTICATED", "X-Hub-Signature-256");
        assertError(provider.post("/v1/webhooks/pushes", push), 401, "UNAUTHENTICATED", "no X-Hub-Signature-256");
        long now = System.currentTimeMillis() / 1000;
        String event = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}";
        long stale = now - 600;
        assertError(provider.post("/v1/webhooks/payments", event, "Stripe-Signature",
                "t=" + stale + ",v1=" + hmac(stale + "." + event)), 401, "UNAUTHENTICATED", "away from now");
        assertError(provider.post("/v1/webhooks/nobody", push, "X-Hub-Signature-256", "sha256=" + hmac(push)),
                404, "NOT_FOUND");
        assertThat(admin.get("/v1/runs?limit=1000").json().path("runs").size()).isEqualTo(runs);

        // Stripe: the event id de-duplicates
        Http.Response charged = provider.post("/v1/webhooks/payments", event, "Stripe-Signature",
                "t=" + now + ",v1=" + hmac(now + "." + event));
        assertThat(charged.status()).as(charged.body()).isEqualTo(201);
        assertThat(provider.post("/v1/webhooks/payments", event, "Stripe-Signature",
                "t=" + now + ",v1=" + hmac(now + "." + event)).json().path("id").asText())
                .isEqualTo(charged.json().path("id").asText());

        // Slack sends a form: the workflow gets it as one JSON string
        String form = "command=%2Fdeploy&text=prod";
        Http.Response slash = provider.postAs("/v1/webhooks/slash", "application/x-www-form-urlencoded", form,
                "X-Slack-Request-Timestamp", String.valueOf(now), "X-Slack-Signature", "v0=" + hmac("v0:" + now + ":" + form));
        assertThat(slash.status()).as(slash.body()).isEqualTo(201);
        assertThat(admin.get("/v1/runs/" + slash.json().path("id").asText() + "?wait=30s").json().path("output").asText())
                .isEqualTo("\"" + form + "\"");

        // listed without secrets, per namespace; deleted, a hook takes no more deliveries
        String listed = admin.get("/v1/webhooks").body();
        assertThat(listed).contains("pushes", "payments", "slash", "/v1/webhooks/pushes").doesNotContain(SECRET);
        String other = admin.post("/v1/tokens", "{\"namespace\":\"team-b\",\"role\":\"client\"}").json().path("token").asText();
        assertThat(admin.as(other).get("/v1/webhooks").json().path("webhooks").size()).isZero();
        assertError(admin.as(other).post("/v1/webhooks", hook("pushes", "github")), 404, "WORKFLOW_NOT_FOUND");
        assertThat(admin.delete("/v1/webhooks/pushes").status()).isEqualTo(204);
        assertError(provider.post("/v1/webhooks/pushes", push, "X-Hub-Signature-256", "sha256=" + hmac(push),
                "X-GitHub-Delivery", "d-2"), 404, "NOT_FOUND");
        // the CLI makes, lists and deletes them too
        assertThat(cli("webhooks", "create", "ci", "--workflow", "on-event", "--provider", "generic", "--secret", SECRET,
                "--url", processes.url())).contains("deliveries go to /v1/webhooks/ci");
        String generic = "{\"build\":7}";
        Http.Response built = provider.post("/v1/webhooks/ci", generic, "X-Signature-256", "sha256=" + hmac(generic),
                "X-Delivery-Id", "b-7");
        assertThat(built.status()).as(built.body()).isEqualTo(201);
        assertThat(cli("webhooks", "list", "--url", processes.url())).contains("ci", "generic", "on-event")
                .doesNotContain(SECRET);
        assertThat(cli("webhooks", "delete", "ci", "--url", processes.url())).contains("deleted webhook ci");

        // creating one needs a token, and a secret worth the name
        assertError(provider.post("/v1/webhooks", hook("x", "github")), 401, "UNAUTHENTICATED");
        assertError(admin.post("/v1/webhooks", "{\"name\":\"weak\",\"workflow\":\"on-event\",\"provider\":\"github\","
                + "\"secret\":\"short\"}"), 400, "INVALID_ARGUMENT", "secret");
        assertError(admin.post("/v1/webhooks", hook("x", "bitbucket")), 400, "INVALID_ARGUMENT", "provider");
    }

    @Test
    void aCorrelatingWebhook_deliversTheBodyAsAnEvent_toTheRunItsKeyNames_once() throws Exception {
        processes.runtime(dataDir);
        processes.worker(WebhookWorker.class.getName());
        Http admin = new Http(processes);
        Http provider = new Http(processes.url(), null);
        String hook = "{\"name\":\"stripe-paid\",\"workflow\":\"order\",\"provider\":\"stripe\",\"secret\":\""
                + SECRET + "\",\"correlate\":\"$.data.metadata.order\",\"event\":\"paid\"}";
        await().atMost(TIMEOUT).until(() -> admin.post("/v1/webhooks", hook).status() == 201);
        assertThat(admin.get("/v1/webhooks").json().path("webhooks").get(0).path("correlate").asText())
                .isEqualTo("$.data.metadata.order");
        String runId = admin.post("/v1/workflows/order/runs", "{}", "Idempotency-Key", "order-7").json().path("id").asText();
        await().atMost(TIMEOUT).until(() -> admin.get("/v1/runs/" + runId).json().path("status").asText().equals("SUSPENDED"));
        int runs = admin.get("/v1/runs?limit=1000").json().path("runs").size();

        long now = System.currentTimeMillis() / 1000;
        String event = "{\"id\":\"evt_9\",\"data\":{\"amount\":4200,\"metadata\":{\"order\":\"order-7\"}}}";
        Http.Response delivered = provider.post("/v1/webhooks/stripe-paid", event, "Stripe-Signature",
                "t=" + now + ",v1=" + hmac(now + "." + event));
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(202);
        assertThat(delivered.json().path("runId").asText()).isEqualTo(runId);
        assertThat(delivered.json().path("wokeRun").asBoolean()).isTrue();
        // Stripe redelivers the same event id: taken once
        Http.Response again = provider.post("/v1/webhooks/stripe-paid", event, "Stripe-Signature",
                "t=" + now + ",v1=" + hmac(now + "." + event));
        assertThat(again.json().path("duplicate").asBoolean()).as(again.body()).isTrue();
        JsonNode done = admin.get("/v1/runs/" + runId + "?wait=30s").json();
        assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.path("output").asText()).isEqualTo("shipped after 4200");
        assertThat(admin.get("/v1/runs/" + runId + "/journal").body()).contains("webhook:stripe-paid");

        // a body naming no run, or holding no key there: refused, nothing started, nothing sent
        String unknown = event.replace("order-7", "order-8").replace("evt_9", "evt_10");
        assertError(provider.post("/v1/webhooks/stripe-paid", unknown, "Stripe-Signature",
                "t=" + now + ",v1=" + hmac(now + "." + unknown)), 404, "RUN_NOT_FOUND", "order-8");
        String keyless = "{\"id\":\"evt_11\",\"data\":{}}";
        assertError(provider.post("/v1/webhooks/stripe-paid", keyless, "Stripe-Signature",
                "t=" + now + ",v1=" + hmac(now + "." + keyless)), 400, "INVALID_INPUT", "$.data.metadata.order");
        assertError(provider.post("/v1/webhooks/stripe-paid", unknown, "Stripe-Signature", "t=" + now + ",v1=00"),
                401, "UNAUTHENTICATED");
        assertThat(admin.get("/v1/runs?limit=1000").json().path("runs").size()).isEqualTo(runs);
        // a path we do not follow, or an event name without one: refused at creation
        assertError(admin.post("/v1/webhooks", hook.replace("$.data.metadata.order", "$..order")), 400,
                "INVALID_ARGUMENT", "correlate");
        assertError(admin.post("/v1/webhooks", "{\"name\":\"x\",\"workflow\":\"order\",\"provider\":\"github\","
                + "\"secret\":\"" + SECRET + "\",\"event\":\"paid\"}"), 400, "INVALID_ARGUMENT", "correlate");
        // the CLI makes one too
        assertThat(cli("webhooks", "create", "reviews", "--workflow", "order", "--provider", "generic", "--secret", SECRET,
                "--correlate", "$.order", "--event", "paid", "--url", processes.url()))
                .contains("sends event paid to the run of order keyed by $.order");
    }

    private static String hook(String name, String provider) {
        return "{\"name\":\"" + name + "\",\"workflow\":\"on-event\",\"provider\":\"" + provider + "\",\"secret\":\""
                + SECRET + "\"}";
    }

    /** The hex HMAC-SHA256 of {@code message} under {@link #SECRET}: what a generic provider signs with. */
    static String hmac(String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
