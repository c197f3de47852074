package dev.mainstay.agent.internal;

import dev.mainstay.agent.ToolCall;
import java.util.List;

/**
 * What one model call journals (the output of its step): a summary of the request, the response,
 * token usage, cost and latency. On replay the loop continues from this record; the model is not
 * called again.
 */
public record ModelTurn(String agent, String model, Request request, String text, List<ToolCall> toolCalls,
                        String finishReason, long inputTokens, long outputTokens, double costUsd, long latencyMs) {

    /** Enough of the request to read the journal by: not the whole conversation, which would grow each turn. */
    public record Request(int messages, String lastMessage, List<String> tools, Double temperature) {}

    public ModelTurn {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
