/**
 * Durable agents: an {@link dev.mainstay.agent.Agent} (model, instructions, tools, handoffs, limits)
 * whose every model call and tool call is a journaled step of the workflow it runs in, so a crashed
 * agent resumes without paying for, or repeating, what already finished. Tools are plain methods
 * annotated {@link dev.mainstay.agent.Tool}; models are LangChain4j {@code ChatModel}s.
 * Everything under {@code dev.mainstay.agent.internal} is not API.
 */
package dev.mainstay.agent;
