package dev.mainstay.gateway;

import static dev.mainstay.gateway.JsonObjects.text;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.Namespaces;
import dev.mainstay.engine.StartCommand;
import dev.mainstay.engine.WorkflowNotFoundException;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.Delivery;
import dev.mainstay.store.RunQuery;
import dev.mainstay.store.RunRecord;
import dev.mainstay.store.StartResult;
import dev.mainstay.store.WebhookRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Webhooks: a provider (GitHub, Stripe, Slack, or anything that signs with an HMAC) posts to
 * {@code /v1/webhooks/{name}} and a run of the webhook's workflow starts with the body as input.
 * The delivery carries no token: its signature, made with the webhook's secret, is what lets it in
 * ({@link WebhookSignatures}), checked before the body is parsed; a bad or missing signature, or a
 * timestamp outside the tolerance, is 401. A redelivery (same provider delivery id) returns the run
 * the first delivery started. A JSON body is the input as sent; any other body (a form) the input
 * as one JSON string.
 *
 * <p>With {@code correlate} (a path into the body, {@code $.order.id}) a delivery starts nothing: its
 * body is the event {@code event} (default: the webhook's name) to the run of the workflow whose
 * idempotency key is the value at that path, in the webhook's namespace; the delivery id is the
 * event's id, so a redelivery is not taken twice. No such run: 404, which a provider retries.
 *
 * <pre>
 * POST   /v1/webhooks {"name": "pushes", "workflow": "deploy", "provider": "github", "secret": "..."
 *                       [, "correlate": "$.order.id", "event": "paid"]}
 * GET    /v1/webhooks            → {"webhooks": [{"name", "workflow", "provider", "url", ...}]} (no secrets)
 * DELETE /v1/webhooks/{name}
 * POST   /v1/webhooks/{name}[?namespace=ns]   the provider's delivery
 * </pre>
 */
final class WebhookRoutes {
    private static final Set<String> FIELDS = Set.of("name", "workflow", "provider", "secret", "correlate", "event");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 512;

    private final Engine engine;
    private final HttpGateway gateway;

    WebhookRoutes(Engine engine, HttpGateway gateway) {
        this.engine = engine;
        this.gateway = gateway;
    }

    /** Whether {@code POST path} is a delivery: open to callers without a token, its signature checked instead. */
    static boolean isDelivery(String method, String path) {
        return method.equals("POST") && path.startsWith("/v1/webhooks/")
                && NAME.matcher(path.substring("/v1/webhooks/".length())).matches();
    }

    void register(Javalin app) {
        app.post("/v1/webhooks", this::create);
        app.get("/v1/webhooks", ctx -> {
            String namespace = CallScope.namespace(ctx);
            ctx.json(java.util.Map.of("webhooks", engine.webhooks().all().stream()
                    .filter(w -> Namespaces.in(namespace, w.name())).map(View::of).toList()));
        });
        app.delete("/v1/webhooks/{name}", ctx -> {
            if (!engine.webhooks().delete(CallScope.qualify(ctx, name(ctx.pathParam("name"))))) {
                throw notFound(ctx.pathParam("name"));
            }
            ctx.status(204);
        });
        app.post("/v1/webhooks/{name}", this::deliver);
    }

    private void create(Context ctx) throws Exception {
        JsonNode body = JsonObjects.of(HttpGateway.parse(gateway.body(ctx)), FIELDS,
                "{\"name\": ..., \"workflow\": ..., \"provider\": \"github\", \"secret\": ...}");
        String name = name(text(body, "name"));
        String workflow = Names.check("workflow", text(body, "workflow"));
        String provider = WebhookSignatures.parse(text(body, "provider")).label();
        String secret = text(body, "secret");
        if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET || !secret.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "secret must be " + MIN_SECRET + " to " + MAX_SECRET
                    + " printable characters without spaces (the one given is not; not shown)");
        }
        String correlate = text(body, "correlate") == null ? null : WebhookCorrelation.check(text(body, "correlate"));
        String event = text(body, "event");
        if (event != null && correlate == null) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "event names the event a correlating webhook delivers;"
                    + " give correlate (the path of the target run's key in the body) with it, or leave event out");
        }
        event = correlate == null ? null : Names.eventName(event == null ? name : event);
        String qualifiedWorkflow = CallScope.qualify(ctx, workflow);
        engine.component(qualifiedWorkflow).filter(c -> c.kind() == ComponentKind.WORKFLOW)
                .orElseThrow(() -> new WorkflowNotFoundException(workflow, ComponentKind.WORKFLOW));
        WebhookRecord webhook = new WebhookRecord(CallScope.qualify(ctx, name), qualifiedWorkflow, provider, secret,
                System.currentTimeMillis(), HttpAccess.actor(ctx), correlate, event);
        boolean created = engine.webhooks().put(webhook);
        ctx.status(created ? 201 : 200).json(View.of(engine.webhooks().get(webhook.name()).orElseThrow()));
    }

    /** A provider's delivery: signature first, then the run (the same one for a redelivery). */
    private void deliver(Context ctx) throws Exception {
        String namespace = ctx.queryParam(CallScope.PARAM) == null ? Namespaces.DEFAULT : ctx.queryParam(CallScope.PARAM);
        String name = name(ctx.pathParam("name"));
        WebhookRecord webhook = Namespaces.valid(namespace)
                ? engine.webhooks().get(Namespaces.qualify(namespace, name)).orElse(null) : null;
        if (webhook == null) {
            throw notFound(name);
        }
        byte[] body = gateway.body(ctx);
        WebhookSignatures scheme = WebhookSignatures.parse(webhook.provider());
        scheme.verify(webhook.secret(), ctx::header, body, System.currentTimeMillis() / 1000);
        JsonNode input = input(ctx, body);
        String delivery = scheme.deliveryId(ctx::header, input);
        if (webhook.correlates()) {
            deliverEvent(ctx, webhook, input, delivery);
            return;
        }
        // the runtime's own key, as a schedule's slot: unique across namespaces, as the hook's name is qualified
        String key = delivery == null || delivery.isBlank() ? null
                : "webhook:" + webhook.name() + ":" + Text.clip(delivery);
        StartResult result = engine.start(new StartCommand(webhook.workflow(), ComponentKind.WORKFLOW,
                CanonicalJson.bytes(input), key, ctx.header("traceparent"), List.of("webhook:" + name), null));
        RunRecord run = result.run();
        ctx.header("Location", "/v1/runs/" + run.id());
        ctx.status(result.created() ? 201 : 200).json(Views.Run.of(run));
    }

    /** The body as an event to the run of the webhook's workflow that the body names. */
    private void deliverEvent(Context ctx, WebhookRecord webhook, JsonNode input, String delivery) {
        String key = WebhookCorrelation.key(webhook.correlate(), input);
        String namespace = Namespaces.of(webhook.name());
        RunRecord run = engine.runs(new RunQuery(webhook.workflow(), null, null, 1, null, null,
                        Namespaces.qualify(namespace, key), null, null)).runs().stream().findFirst()
                .orElseThrow(() -> new ApiException(ErrorCode.RUN_NOT_FOUND, "no run of '" + Namespaces.local(webhook.workflow())
                        + "' has the idempotency key '" + Text.clip(key) + "' (from " + webhook.correlate() + ")"));
        String eventId = delivery == null || delivery.isBlank() ? UUID.randomUUID().toString()
                : "webhook:" + Namespaces.local(webhook.name()) + ":" + Text.clip(delivery);
        Delivery delivered = engine.deliverEvent(run.id(), webhook.event(), eventId, CanonicalJson.bytes(input),
                "webhook:" + Namespaces.local(webhook.name()));
        ctx.status(202).json(HttpGateway.deliveryView(run.id(), webhook.event(), delivered));
    }

    /** A JSON body as it is; any other (a form, text) as one JSON string, so the workflow always gets JSON. */
    private static JsonNode input(Context ctx, byte[] body) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json") || (type.startsWith("application/") && type.contains("+json"))) {
            return HttpGateway.parse(body);
        }
        return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
    }

    private static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "webhook name was '" + Text.clip(String.valueOf(name))
                    + "'; use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit (it is part of a URL)");
        }
        return name;
    }

    private static ApiException notFound(String name) {
        return new ApiException(ErrorCode.NOT_FOUND, "no webhook is named '" + Text.clip(name) + "'");
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String name, String namespace, String workflow, String provider, String url, Instant createdAt,
                String createdBy, String correlate, String event) {
        static View of(WebhookRecord w) {
            String namespace = Namespaces.of(w.name());
            String local = Namespaces.local(w.name());
            return new View(local, namespace, Namespaces.local(w.workflow()), w.provider(),
                    "/v1/webhooks/" + local + (namespace.equals(Namespaces.DEFAULT) ? "" : "?namespace=" + namespace),
                    Instant.ofEpochMilli(w.createdAtMs()), w.createdBy(), w.correlate(), w.event());
        }
    }
}
