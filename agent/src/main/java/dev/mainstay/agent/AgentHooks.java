package dev.mainstay.agent;

import java.util.List;

/**
 * Code run before and after an agent, each model call and each tool call: for logging, metrics,
 * guardrails that throw. Hooks run in the workflow body, so they run again, with the recorded
 * values, when a run is replayed after a crash: keep side effects that must happen once in steps.
 *
 * <pre>{@code
 * Agent.builder()...hooks(new AgentHooks() {
 *     public void beforeToolCall(String agent, ToolCall call) {
 *         if (call.arguments().contains("DROP TABLE")) throw new IllegalStateException("refused");
 *     }
 * })
 * }</pre>
 */
public interface AgentHooks {

    AgentHooks NONE = new AgentHooks() {};

    default void beforeAgent(String agent, String input) {}

    default void afterAgent(String agent, AgentResult result) {}

    /** Before a model call, with the conversation the model is about to see (without the instructions). */
    default void beforeModelCall(String agent, List<Message> conversation) {}

    default void afterModelCall(String agent, ModelCall call) {}

    default void beforeToolCall(String agent, ToolCall call) {}

    default void afterToolCall(String agent, ToolCall call, String result, boolean error) {}

    /** One model call as journaled: the reply, its usage and how long it took. */
    record ModelCall(String model, String text, List<ToolCall> toolCalls, Usage usage, long latencyMs) {}
}
