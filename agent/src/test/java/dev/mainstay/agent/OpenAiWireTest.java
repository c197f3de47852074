package dev.mainstay.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
            requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
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

        AgentResult result = agent.run(new JournalContext(), "Where is o-1?");

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

    private static String completion(String message, String finishReason) {
        return """
                {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "local-model",
                 "choices": [{"index": 0, "message": %s, "finish_reason": "%s"}],
                 "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25}}""".formatted(message, finishReason);
    }
}
