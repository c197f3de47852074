package dev.mainstay.agent;

/** A tool call the model asked for: its id (echoed in the result), the tool and the arguments as JSON text. */
public record ToolCall(String id, String name, String arguments) {}
