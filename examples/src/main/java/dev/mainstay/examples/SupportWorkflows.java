package dev.mainstay.examples;

import dev.mainstay.agent.Agent;
import dev.mainstay.agent.AgentResult;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;

/** An agent inside a workflow: each model and tool call of {@code support.run} is a journaled step. */
public final class SupportWorkflows {

    public record Ticket(String customer, String question) {}

    public record Reply(String customer, String answer, long tokens, double costUsd) {}

    private final Agent support;

    public SupportWorkflows(Agent support) {
        this.support = support;
    }

    @Workflow(name = "support-ticket")
    public Reply handle(WorkflowContext ctx, Ticket ticket) {
        AgentResult result = support.run(ctx, ticket.question());
        return new Reply(ticket.customer(), result.text(), result.usage().totalTokens(), result.usage().costUsd());
    }
}
