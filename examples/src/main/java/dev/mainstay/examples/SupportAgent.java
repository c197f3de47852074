package dev.mainstay.examples;

import static dev.mainstay.agent.ScriptedChatModel.call;
import static dev.mainstay.agent.ScriptedChatModel.text;
import static dev.mainstay.agent.ScriptedChatModel.toolCall;
import static dev.mainstay.agent.ScriptedChatModel.toolCalls;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mainstay.agent.Agent;
import dev.mainstay.agent.ModelConfig;
import dev.mainstay.agent.Models;
import dev.mainstay.agent.PriceTable;
import dev.mainstay.agent.ScriptedChatModel;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example support agent: looks orders up, searches the help center, and refunds with a
 * human's approval. Its model is the one configured in the environment
 * ({@code MAINSTAY_MODEL_BASE_URL}, {@code MAINSTAY_MODEL_API_KEY}, {@code MAINSTAY_MODEL}), or,
 * without one, a scripted model that plays a fixed conversation.
 */
public final class SupportAgent {
    private static final Pattern ORDER_ID = Pattern.compile("o-\\d+");

    private SupportAgent() {}

    public static Agent create(StreamingChatModel model) {
        return Agent.builder()
                .name("support")
                .description("answers customers' questions about their orders")
                .instructions("You are a support agent of a small shop. Look the order up before you answer."
                        + " Refund damaged items in full with the refund tool. Answer in two sentences.")
                .streamingModel(model)
                .tools(new SupportTools())
                .temperature(0.2)
                .maxIterations(8)
                // MAINSTAY_MODEL_PRICES prices real models; the scripted one is priced like a small
                // model so that the demo shows cost accounting at work
                .prices(PriceTable.fromEnvironment().with("scripted", 0.15, 0.60))
                .build();
    }

    /**
     * The configured model, or the scripted one when none is configured; streaming, so that whoever
     * follows a run sees the answer as it is written.
     */
    public static StreamingChatModel model() {
        return usesRealModel() ? Models.streamingFromEnvironment() : scripted().streaming(java.time.Duration.ofMillis(30));
    }

    public static boolean usesRealModel() {
        return ModelConfig.presentInEnvironment();
    }

    /**
     * Not a language model: a fixed conversation for demos and tests. Turn 0 looks the order up and
     * searches the help center (two tool calls at once), turn 1 asks for the refund, turn 2 answers
     * from the refund's outcome; later turns (a session's next message) answer from the history.
     */
    public static ScriptedChatModel scripted() {
        return ScriptedChatModel.of((turn, request) -> switch (turn) {
            case 0 -> toolCalls(call("call-1", "lookupOrder", "{\"orderId\":\"" + orderId(request) + "\"}"),
                    call("call-2", "searchHelp", "{\"query\":\"damaged item refund\"}"));
            case 1 -> toolCall("call-3", "refund", "{\"orderId\":\"" + orderId(request)
                    + "\",\"amount\":25.0,\"reason\":\"arrived damaged\"}");
            case 2 -> text(lastToolResult(request).startsWith("ERROR")
                    ? "I could not refund order " + orderId(request) + ": the refund was not approved. A colleague will contact you."
                    : "I refunded 25.00 EUR for order " + orderId(request) + " because it arrived damaged. You keep the kettle.");
            default -> text("Your order was " + orderId(request) + "; its refund is in the conversation above.");
        });
    }

    private static String orderId(ChatRequest request) {
        for (var message : request.messages()) {
            if (message instanceof UserMessage user && user.hasSingleText()) {
                Matcher m = ORDER_ID.matcher(user.singleText());
                if (m.find()) {
                    return m.group();
                }
            }
        }
        return "o-1001";
    }

    private static String lastToolResult(ChatRequest request) {
        for (int i = request.messages().size() - 1; i >= 0; i--) {
            if (request.messages().get(i) instanceof ToolExecutionResultMessage result) {
                return result.text();
            }
        }
        return "";
    }
}
