package dev.mainstay.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic {@code ChatModel} for tests and demos without an API key: it is not a language
 * model. Its reply depends only on the request (by default, on how many assistant messages the
 * conversation already holds), so a worker started after a crash answers exactly as the first one
 * would have. Each call is counted, and optionally appended to a log file, so a test can prove
 * that no finished model call was sent again.
 *
 * <pre>{@code
 * ChatModel model = ScriptedChatModel.replies(
 *         ScriptedChatModel.toolCall("c1", "lookupOrder", "{\"orderId\":\"o-1\"}"),
 *         ScriptedChatModel.text("Your order ships tomorrow."));
 * }</pre>
 */
public final class ScriptedChatModel implements ChatModel {

    /** Chooses the reply to a request; {@code turn} is the number of assistant messages already in it. */
    @FunctionalInterface
    public interface Script {
        AiMessage reply(int turn, ChatRequest request);
    }

    private final Script script;
    private final Path callLog;
    private final AtomicInteger calls = new AtomicInteger();

    private ScriptedChatModel(Script script, Path callLog) {
        this.script = script;
        this.callLog = callLog;
    }

    public static ScriptedChatModel of(Script script) {
        return new ScriptedChatModel(script, null);
    }

    /** Replies in order, one per turn; a turn past the end is answered with the last reply. */
    public static ScriptedChatModel replies(AiMessage... replies) {
        List<AiMessage> list = Arrays.asList(replies);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a scripted model needs at least one reply");
        }
        return of((turn, request) -> list.get(Math.min(turn, list.size() - 1)));
    }

    /** The same model, also appending one line per call ({@code turn<TAB>last message}) to {@code file}. */
    public ScriptedChatModel withCallLog(Path file) {
        return new ScriptedChatModel(script, file);
    }

    public static AiMessage text(String text) {
        return AiMessage.from(text);
    }

    public static AiMessage toolCall(String id, String tool, String argumentsJson) {
        return AiMessage.from(ToolExecutionRequest.builder().id(id).name(tool).arguments(argumentsJson).build());
    }

    /** Several tool calls in one reply (the model asks for them together). */
    public static AiMessage toolCalls(ToolExecutionRequest... requests) {
        return AiMessage.from(requests);
    }

    public static ToolExecutionRequest call(String id, String tool, String argumentsJson) {
        return ToolExecutionRequest.builder().id(id).name(tool).arguments(argumentsJson).build();
    }

    /**
     * The same script as a {@code StreamingChatModel} (for {@code Agent.builder().streamingModel}):
     * a reply's text arrives word by word, {@code pause} apart, then the complete response; tool
     * calls arrive with the complete response. Calls are counted and logged as by this model.
     */
    public StreamingChatModel streaming(java.time.Duration pause) {
        return new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
                ChatResponse response = ScriptedChatModel.this.doChat(request);
                String text = response.aiMessage().text();
                try {
                    for (String word : text == null ? new String[0] : text.split("(?<= )")) {
                        Thread.sleep(pause);
                        handler.onPartialResponse(word);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    handler.onError(e);
                    return;
                }
                handler.onCompleteResponse(response);
            }
        };
    }

    /** Calls answered so far by this instance. */
    public int calls() {
        return calls.get();
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        int turn = (int) request.messages().stream().filter(m -> m instanceof AiMessage).count();
        // logged before the reply is made: a call counts as sent even if the process dies while it runs
        calls.incrementAndGet();
        log(turn, request);
        AiMessage reply = script.reply(turn, request);
        int in = request.messages().stream().mapToInt(m -> length(m)).sum() / 4 + 1;
        int out = ((reply.text() == null ? 0 : reply.text().length())
                + (reply.hasToolExecutionRequests() ? reply.toolExecutionRequests().toString().length() : 0)) / 4 + 1;
        return ChatResponse.builder().aiMessage(reply).modelName("scripted").tokenUsage(new TokenUsage(in, out))
                .finishReason(reply.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    private void log(int turn, ChatRequest request) {
        if (callLog == null) {
            return;
        }
        ChatMessage last = request.messages().getLast();
        String line = turn + "\t" + String.valueOf(text(last)).replaceAll("\\s+", " ") + "\n";
        try {
            Files.writeString(callLog, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int length(ChatMessage m) {
        String text = text(m);
        return text == null ? 0 : text.length();
    }

    private static String text(ChatMessage m) {
        return switch (m) {
            case UserMessage u -> u.hasSingleText() ? u.singleText() : u.contents().toString();
            case SystemMessage s -> s.text();
            case AiMessage a -> a.text();
            case ToolExecutionResultMessage t -> t.text();
            default -> m.toString();
        };
    }
}
