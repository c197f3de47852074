package dev.mainstay.agent.internal;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One call of a streaming model, made to look like a blocking one: the caller's thread waits for
 * the complete response and hands each partial response to {@code onPartial} as it arrives.
 *
 * <p>Why the hand-over: the model's client calls the handler on threads of its own, while what the
 * partials are for ({@code ctx.progress}) belongs to the step's thread. So the handler only queues,
 * and the waiting thread does the rest, in arrival order.
 */
public final class StreamedChat {
    private StreamedChat() {}

    private record Failed(Throwable error) {}

    public static ChatResponse chat(StreamingChatModel model, ChatRequest request, Consumer<String> onPartial)
            throws InterruptedException {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        model.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                events.add(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                events.add(response);
            }

            @Override
            public void onError(Throwable error) {
                events.add(new Failed(error));
            }
        });
        while (true) {
            switch (events.take()) {
                case String partial -> onPartial.accept(partial);
                case ChatResponse response -> {
                    return response;
                }
                case Failed failed when failed.error() instanceof RuntimeException e -> throw e;
                case Failed failed -> throw new ModelCallFailed(failed.error());
                default -> throw new IllegalStateException("unexpected streaming event");
            }
        }
    }

    /** The streaming model reported an error that is not a RuntimeException. */
    public static final class ModelCallFailed extends RuntimeException {
        ModelCallFailed(Throwable cause) {
            super("the model call failed: " + cause, cause);
        }
    }
}
