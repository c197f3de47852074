package dev.mainstay.agent;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mainstay.testing.TestWorkflowContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j OpenAI client end to end, against a local HTTP server that speaks the
 * chat-completions wire format and answers from a script (a tool call with a bad argument, then a
 * good one, then text): what goes over the wire is the derived tool schema, and tool results (and
 * the argument error) come back to the model as tool messages.
 */
class OpenAiWireTest {
    static final ObjectMapper JSON = new ObjectMapper();

    HttpServer server;
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> replies = List.of(
            toolCallReply("call-1", "lookupOrder", "{\"orderId\": 7}"),
            toolCallReply("call-2", "lookupOrder", "{\"orderId\": \"o-1\"}"),
            textReply("Order o-1 was delivered."));
    /** The same conversation as a streaming server sends it: chunks of tool-call arguments, then of text. */
    final List<List<String>> streamedReplies = List.of(
            List.of(chunk(toolCallStart("call-1", "lookupOrder"), null), chunk(argumentsPiece("{\"orderId\""), null),
                    chunk(argumentsPiece(": \"o-1\"}"), null), chunk(JSON.createObjectNode(), "tool_calls"), usageChunk()),
            List.of(chunk(content(""), null), chunk(content("Order "), null), chunk(content("o-1 was "), null),
                    chunk(content("delivered."), null), chunk(JSON.createObjectNode(), "stop"), usageChunk()));

    static class Orders {
        final AtomicInteger lookups = new AtomicInteger();

        @Tool(description = "Looks up an order")
        public String lookupOrder(@Param("the order id") String orderId) {
            lookups.incrementAndGet();
            return "order " + orderId + ": delivered";
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(request);
            if (request.path("stream").asBoolean()) {
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                for (String chunk : streamedReplies.get(Math.min(requests.size(), streamedReplies.size()) - 1)) {
                    exchange.getResponseBody().write(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                }
                exchange.getResponseBody().write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                exchange.close();
                return;
            }
            byte[] body = replies.get(Math.min(requests.size(), replies.size()) - 1).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theRealOpenAiClient_sendsTheToolSchema_andTheLoopFeedsResultsAndArgumentErrorsBack() {
        var model = Models.from(new ModelConfig("openai-compatible", "local-model",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", null));
        Orders orders = new Orders();
        Agent agent = Agent.builder().name("support").instructions("Help with orders.").model(model)
                .tools(orders).prices(PriceTable.empty().with("local-model", 1_000, 2_000)).build();

        AgentResult result = agent.run(new TestWorkflowContext(), "Where is o-1?");

        assertThat(result.text()).isEqualTo("Order o-1 was delivered.");
        assertThat(orders.lookups).as("the bad argument never reached the tool").hasValue(1);
        assertThat(requests).hasSize(3);
        JsonNode tool = requests.get(0).path("tools").get(0).path("function");
        assertThat(tool.path("name").asText()).isEqualTo("lookupOrder");
        assertThat(tool.path("parameters").path("properties").path("orderId").path("type").asText()).isEqualTo("string");
        assertThat(tool.path("parameters").path("required").toString()).contains("orderId");
        assertThat(toolMessages(requests.get(1))).singleElement().asString().contains("orderId").contains("expected a string");
        assertThat(toolMessages(requests.get(2))).last().asString().isEqualTo("order o-1: delivered");
        assertThat(result.usage().modelCalls()).isEqualTo(3);
        assertThat(result.usage().inputTokens()).isEqualTo(3 * 20);
        assertThat(result.usage().outputTokens()).isEqualTo(3 * 5);
    }

    @Test
    void theRealOpenAiStreamingClient_streamsTokensLive_andTheJournaledTurnHoldsTheWholeReply() {
        var model = Models.streaming(new ModelConfig("openai-compatible", "local-model",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", null));
        Orders orders = new Orders();
        Agent agent = Agent.builder().name("support").instructions("Help with orders.").streamingModel(model)
                .tools(orders).prices(PriceTable.empty().with("local-model", 1_000, 2_000)).build();
        TestWorkflowContext ctx = new TestWorkflowContext();

        AgentResult result = agent.run(ctx, "Where is o-1?");

        assertThat(requests).hasSize(2).allSatisfy(r -> assertThat(r.path("stream").asBoolean()).isTrue());
        assertThat(orders.lookups).as("the tool call's arguments were put together from their chunks").hasValue(1);
        assertThat(toolMessages(requests.get(1))).singleElement().asString().isEqualTo("order o-1: delivered");
        assertThat(ctx.progress()).as("the live output, token by token").containsExactly("Order ", "o-1 was ", "delivered.");
        assertThat(result.text()).isEqualTo("Order o-1 was delivered.");
        assertThat(ctx.journal().getLast().output().toString()).contains("\"text\":\"Order o-1 was delivered.\"");
        assertThat(result.usage().modelCalls()).isEqualTo(2);
        assertThat(result.usage().inputTokens()).isEqualTo(2 * 20);
        assertThat(result.usage().outputTokens()).isEqualTo(2 * 5);
    }

    private static List<String> toolMessages(JsonNode request) {
        return java.util.stream.StreamSupport.stream(request.path("messages").spliterator(), false)
                .filter(m -> m.path("role").asText().equals("tool")).map(m -> m.path("content").asText()).toList();
    }

    private static String toolCallReply(String id, String name, String arguments) {
        return completion("""
                {"role": "assistant", "content": null, "tool_calls": [{"id": "%s", "type": "function",
                 "function": {"name": "%s", "arguments": %s}}]}""".formatted(id, name, JSON.valueToTree(arguments)),
                "tool_calls");
    }

    private static String textReply(String text) {
        return completion("{\"role\": \"assistant\", \"content\": " + JSON.valueToTree(text) + "}", "stop");
    }

    private static String chunk(JsonNode delta, String finishReason) {
        var chunk = JSON.createObjectNode().put("id", "chatcmpl-2").put("object", "chat.completion.chunk")
                .put("created", 1).put("model", "local-model");
        var choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return chunk.toString();
    }

    private static JsonNode content(String text) {
        return JSON.createObjectNode().put("content", text);
    }

    private static JsonNode toolCallStart(String id, String name) {
        var delta = JSON.createObjectNode().put("role", "assistant").putNull("content");
        delta.putArray("tool_calls").addObject().put("index", 0).put("id", id).put("type", "function")
                .putObject("function").put("name", name).put("arguments", "");
        return delta;
    }

    private static JsonNode argumentsPiece(String piece) {
        var delta = JSON.createObjectNode();
        delta.putArray("tool_calls").addObject().put("index", 0).putObject("function").put("arguments", piece);
        return delta;
    }

    private static String usageChunk() {
        var chunk = JSON.createObjectNode().put("id", "chatcmpl-2").put("object", "chat.completion.chunk")
                .put("created", 1).put("model", "local-model");
        chunk.putArray("choices");
        chunk.putObject("usage").put("prompt_tokens", 20).put("completion_tokens", 5).put("total_tokens", 25);
        return chunk.toString();
    }

    private static String completion(String message, String finishReason) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "local-model",
                 "choices": [{"index": 0, "message": %s, "finish_reason": "%s"}],
                 "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25}}""".formatted(message, finishReason);
    }
}
