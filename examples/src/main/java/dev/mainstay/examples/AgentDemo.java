package dev.mainstay.examples;

import dev.mainstay.agent.ModelConfig;
import dev.mainstay.sdk.MainstayClient;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.sdk.StepInfo;
import java.time.Duration;

/**
 * The agent half of the demo: the support agent as a run of its own, in a session. It asks for a
 * refund, which waits for approval; the demo approves it itself through the real events endpoint
 * (as an operator would with {@code mainstay events send}), then sends a second message in the
 * same session, which the agent answers from the history the runtime kept.
 */
public final class AgentDemo {
    private AgentDemo() {}

    /** Runs the agent's two turns through {@code client}; {@code token} reads the live tokens from {@code url}. */
    public static void run(MainstayClient client, String url, String token) throws Exception {
        System.out.println();
        System.out.println("== the support agent (agent:support) ==");
        if (SupportAgent.usesRealModel()) {
            System.out.println("model: " + ModelConfig.fromEnvironment());
        } else {
            System.out.println("model: SCRIPTED - a deterministic stand-in that plays a fixed conversation, not a language");
            System.out.println("       model. Set MAINSTAY_MODEL_BASE_URL, MAINSTAY_MODEL_API_KEY and MAINSTAY_MODEL to use");
            System.out.println("       any OpenAI-compatible endpoint instead.");
        }
        String session = "demo-" + System.currentTimeMillis();
        String question = "My tea kettle from order o-1001 arrived damaged. Can I get my money back?";
        System.out.println("\nuser: " + question);
        RunInfo run = client.startAgent("support", question, session, StartOptions.defaults());
        System.out.println("started run " + run.id() + " in session " + session
                + " (follow any run live: ./mainstay runs watch <run id>)");
        Thread live = LiveTokens.follow(url, token, run.id());
        RunInfo done = approveUntilFinished(client, url, run.id());
        live.join(Duration.ofSeconds(10));
        report(client, done);

        String followUp = "Which order was that again?";
        System.out.println("\nuser (same session): " + followUp);
        RunInfo second = client.startAgent("support", followUp, session, StartOptions.defaults());
        report(client, approveUntilFinished(client, url, second.id()));
        System.out.println("\nthe session's history: curl -H \"Authorization: Bearer $(cat .mainstay/admin.token)\" " + url
                + "/v1/agents/support/sessions/" + session);
    }

    /** Waits for the run; whenever it waits for an approval, approves it through the events endpoint. */
    private static RunInfo approveUntilFinished(MainstayClient client, String url, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            RunInfo run = client.run(runId);
            if (run.status().isFinal()) {
                return run;
            }
            if (run.status() == RunStatus.SUSPENDED && run.waitingFor() != null && run.waitingFor().startsWith("approve-")) {
                String asked = client.journal(runId).getLast().output().path("prompt").asText();
                System.out.println("waiting for a human: " + asked);
                System.out.println("approving: POST " + url + "/v1/runs/" + runId + "/events/" + run.waitingFor() + " true");
                System.out.println("   (same as: ./mainstay events send " + runId + " " + run.waitingFor() + " --data true)");
                client.sendEvent(runId, run.waitingFor(), true, null);
            }
            Thread.sleep(100); // a demo polling for display; tests await with Awaitility
        }
        throw new IllegalStateException("run " + runId + " did not finish within 3 minutes");
    }

    private static void report(MainstayClient client, RunInfo done) {
        System.out.println("status: " + done.status());
        if (done.status() != RunStatus.COMPLETED) {
            System.out.println("error: " + done.error());
            return;
        }
        System.out.println("agent: " + done.output().path("text").asText());
        var usage = done.output().path("usage");
        System.out.printf("usage: %d model calls, %d tool calls, %d input + %d output tokens, %.6f USD%n",
                usage.path("modelCalls").asInt(), usage.path("toolCalls").asInt(), usage.path("inputTokens").asLong(),
                usage.path("outputTokens").asLong(), usage.path("costUsd").asDouble());
        System.out.println("journal:");
        for (StepInfo step : client.journal(done.id())) {
            String output = step.output() == null ? "" : step.output().toString();
            System.out.printf("  %d  %-5s %-22s %-9s %s%n", step.position(), step.kind(), step.name(), step.status(),
                    output.length() > 90 ? output.substring(0, 90) + "..." : output);
        }
    }
}
