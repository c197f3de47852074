package dev.mainstay.agent;

import java.util.List;

/**
 * One message of a conversation, in the form it is journaled and kept in sessions: a user's text,
 * an assistant's text and tool calls, or a tool's result for one call. The system instructions are
 * not part of it: they come from the agent each time.
 */
public record Message(Role role, String text, List<ToolCall> toolCalls, String toolCallId, String toolName) {

    public enum Role { USER, ASSISTANT, TOOL }

    public Message {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Message user(String text) {
        return new Message(Role.USER, text, List.of(), null, null);
    }

    public static Message assistant(String text, List<ToolCall> toolCalls) {
        return new Message(Role.ASSISTANT, text, toolCalls, null, null);
    }

    public static Message toolResult(ToolCall call, String result) {
        return new Message(Role.TOOL, result, List.of(), call.id(), call.name());
    }
}
