package dev.mainstay.agent;

import dev.mainstay.sdk.Worker;

/**
 * Serves agents as runs of their own: each agent becomes the workflow {@code agent:<name>}, which
 * {@code POST /v1/agents/{name}/runs} starts with {@code {"message": "...", "sessionId": "..."}}.
 * The runtime keeps each session's conversation: a run starts from the messages its session's
 * previous run ended with.
 *
 * <pre>{@code
 * Worker.Builder worker = Worker.builder().register(new Orders());
 * Agents.register(worker, supportAgent);
 * worker.build().start();
 * }</pre>
 */
public final class Agents {
    /** Component names of agents start with this; the gateway maps {@code /v1/agents/{name}} to it. */
    public static final String COMPONENT_PREFIX = "agent:";

    private Agents() {}

    public static Worker.Builder register(Worker.Builder worker, Agent... agents) {
        for (Agent agent : agents) {
            worker.registerWorkflow(COMPONENT_PREFIX + agent.name(), AgentRunInput.class,
                    (ctx, input) -> {
                        if (input == null || input.message() == null || input.message().isBlank()) {
                            throw new IllegalArgumentException("an agent run needs a non-empty \"message\"");
                        }
                        return agent.run(ctx, input.message(), input.history());
                    });
        }
        return worker;
    }
}
