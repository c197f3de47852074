package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StartOptions;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Durable agents against a real runtime and real worker processes, with scripted models. The tests
 * that neither kill nor configure the runtime share one ({@link #sharedRuntime}); each starts its own
 * worker, which writes its effects to the test's own directory.
 */
class AgentsIT extends RealProcessesTest {

    @Test
    void workerKilledDuringAToolCall_resumesWithoutResendingModelCallsOrRerunningFinishedTools() throws Exception {
        processes.runtime(dataDir);
        Process first = processes.worker(AgentWorker.class.getName(), dir.toString(), "--block-in-ship");
        RunInfo run = startWhenRegistered("agent-order", "charge and ship o-7");
        await("ship in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("ship-started")));
        assertThat(AgentWorker.lines(dir.resolve("model-calls-orders.txt"))).hasSize(2);

        ProcessSet.kill(first);
        Files.writeString(dir.resolve("release"), "go");
        processes.worker(AgentWorker.class.getName(), dir.toString());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("order o-7 charged and shipped (3 model calls, 2 tool calls)");
        // the model saw turns 0 and 1 before the kill and turn 2 after: none was sent twice
        assertThat(AgentWorker.lines(dir.resolve("model-calls-orders.txt"))).extracting(l -> l.split("\t")[0])
                .containsExactly("0", "1", "2");
        // charge had finished: it did not run again; ship was in flight: it ran once more
        assertThat(AgentWorker.lines(dir.resolve("effects.txt"))).containsExactly("charge o-7", "ship o-7", "ship o-7");
        List<StepInfo> journal = client.journal(run.id());
        assertThat(journal).extracting(StepInfo::name)
                .containsExactly("model orders", "tool charge", "model orders", "tool ship", "model orders");
        JsonNode modelCall = journal.getFirst().output();
        assertThat(modelCall.path("request").path("lastMessage").asText()).isEqualTo("charge and ship o-7");
        assertThat(modelCall.path("toolCalls").get(0).path("name").asText()).isEqualTo("charge");
        assertThat(modelCall.path("inputTokens").asLong()).isPositive();
        assertThat(modelCall.has("latencyMs")).isTrue();
        assertThat(journal.get(1).output().path("arguments").asText()).isEqualTo("{\"orderId\":\"o-7\"}");
        assertThat(journal.get(1).output().path("result").asText()).isEqualTo("charged o-7");
        assertThat(done.epoch()).isEqualTo(2);
    }

    @Test
    void workerKilledDuringAModelCall_resendsOnlyThatCallAndRerunsNoTool() throws Exception {
        processes.runtime(dataDir);
        Process first = processes.worker(AgentWorker.class.getName(), dir.toString(), "--block-in-model-call");
        RunInfo run = startWhenRegistered("agent-order", "charge and ship o-7");
        await("model call 2 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("model-call-started")));

        ProcessSet.kill(first);
        Files.writeString(dir.resolve("release"), "go");
        processes.worker(AgentWorker.class.getName(), dir.toString());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        // call 1 had finished: not sent again; call 2 was in flight: sent once more (at least once)
        assertThat(AgentWorker.lines(dir.resolve("model-calls-orders.txt"))).extracting(l -> l.split("\t")[0])
                .containsExactly("0", "1", "1", "2");
        assertThat(AgentWorker.lines(dir.resolve("effects.txt"))).containsExactly("charge o-7", "ship o-7");
        assertThat(client.journal(run.id())).hasSize(5);
    }

    @Test
    void approval_approvedThroughTheEventsEndpointRunsTheTool() throws Exception {
        sharedRuntime();
        processes.worker(AgentWorker.class.getName(), dir.toString());
        Http http = new Http(processes);
        String runId = startAgentWhenRegistered(http, "{\"message\":\"refund o-7\"}");
        await("asking").atMost(TIMEOUT).until(() -> client.run(runId).status() == RunStatus.SUSPENDED);

        assertThat(client.run(runId).waitingFor()).isEqualTo("approve-refund");
        StepInfo question = client.journal(runId).getLast();
        assertThat(question.kind()).isEqualTo("input");
        assertThat(question.output().path("prompt").asText())
                .isEqualTo("Agent 'refunder' wants to call refund with {\"orderId\":\"o-7\"}. Approve?");
        assertThat(http.post("/v1/runs/" + runId + "/events/approve-refund", "\"sure\"").status()).isEqualTo(400);
        assertThat(AgentWorker.lines(dir.resolve("effects.txt"))).isEmpty();

        assertThat(http.post("/v1/runs/" + runId + "/events/approve-refund", "true").status()).isEqualTo(202);
        RunInfo done = client.await(runId, TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().path("text").asText()).isEqualTo("refund outcome: refunded o-7");
        assertThat(AgentWorker.lines(dir.resolve("effects.txt"))).containsExactly("refund o-7");
        assertThat(client.journal(runId)).extracting(StepInfo::kind, StepInfo::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("step", "model refunder"),
                org.assertj.core.groups.Tuple.tuple("input", "approve-refund"),
                org.assertj.core.groups.Tuple.tuple("event", "approve-refund"),
                org.assertj.core.groups.Tuple.tuple("step", "tool refund"),
                org.assertj.core.groups.Tuple.tuple("step", "model refunder"));
        assertThat(done.output().path("usage").path("modelCalls").asInt()).isEqualTo(2);
        assertThat(done.output().path("usage").path("toolCalls").asInt()).isEqualTo(1);
    }

    @Test
    void approval_rejectedWithTheCliReachesTheModelAndTheToolDoesNotRun() throws Exception {
        sharedRuntime();
        processes.worker(AgentWorker.class.getName(), dir.toString());
        String runId = startAgentWhenRegistered(new Http(processes), "{\"message\":\"refund o-7\"}");
        await("asking").atMost(TIMEOUT).until(() -> client.run(runId).status() == RunStatus.SUSPENDED);

        assertThat(cli("events", "send", runId, "approve-refund", "--data", "false", "--url", processes.url()))
                .contains("delivered");
        RunInfo done = client.await(runId, TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().path("text").asText())
                .isEqualTo("refund outcome: ERROR: a human rejected this call of refund, so it did not run");
        assertThat(AgentWorker.lines(dir.resolve("effects.txt"))).isEmpty();
    }

    @Test
    void eventStream_followsAnAgentRunLiveAndTheCliPrintsIt() throws Exception {
        sharedRuntime();
        processes.worker(AgentWorker.class.getName(), dir.toString());
        String runId = startAgentWhenRegistered(new Http(processes), "{\"message\":\"refund o-7\"}");
        java.net.http.HttpRequest request = Sse.request(processes, runId);
        java.util.concurrent.CompletableFuture<List<String>> events = java.net.http.HttpClient.newHttpClient()
                .sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> response.body().filter(line -> line.startsWith("event:")).toList());
        await("asking").atMost(TIMEOUT).until(() -> client.run(runId).status() == RunStatus.SUSPENDED);
        client.sendEvent(runId, "approve-refund", true, null);

        assertThat(events.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).containsSubsequence(
                "event: model-call", "event: step", "event: status", "event: step", "event: tool-call",
                "event: model-call", "event: end");
        String printed = cli("runs", "watch", runId, "--url", processes.url());
        assertThat(printed).contains("model  refunder", "-> calls refund", "input  approve-refund",
                "tool   refund               {\"orderId\":\"o-7\"} -> refunded o-7", "end: COMPLETED");
        assertThat(new Http(processes).get("/v1/runs/nope/events").status()).isEqualTo(404);
    }

    @Test
    void eventStream_carriesStepStartsAndModelTokensLive_forAWatcherBeforeOrDuringTheDispatch() throws Exception {
        sharedRuntime();
        processes.worker(AgentWorker.class.getName(), dir.toString(), "--block-in-model-call");

        // watched before its dispatch: the run waits for an approval when the watcher connects
        String refund = startAgentWhenRegistered(new Http(processes), "{\"message\":\"refund o-7\"}");
        await("asking").atMost(TIMEOUT).until(() -> client.run(refund).status() == RunStatus.SUSPENDED);
        Sse.Stream refundEvents = Sse.follow(processes, refund);
        client.sendEvent(refund, "approve-refund", true, null);
        List<Sse.Event> afterApproval = refundEvents.untilEnd(TIMEOUT);
        assertThat(afterApproval).anySatisfy(e -> assertThat(e.json().path("name").asText()).isEqualTo("tool refund"));
        assertTokensThenTurn(afterApproval, "refund outcome: refunded o-7");

        // watched while the run is in flight (model call 2 blocks): the worker is told at once
        RunInfo order = client.start("agent-order", "charge and ship o-7", StartOptions.defaults());
        await("model call 2 in flight").atMost(TIMEOUT).until(() -> Files.exists(dir.resolve("model-call-started")));
        Sse.Stream orderEvents = Sse.follow(processes, order.id());
        Files.writeString(dir.resolve("release"), "go");
        List<Sse.Event> events = orderEvents.untilEnd(TIMEOUT);
        assertThat(events).filteredOn(e -> e.name().equals("step-started")).extracting(e -> e.json().path("name").asText())
                .containsExactly("tool ship", "model orders");
        assertTokensThenTurn(events, "order o-7 charged and shipped");
        assertThat(AgentWorker.lines(dir.resolve("model-calls-orders.txt"))).hasSize(3);
    }

    /** The last model turn's text arrived as live tokens, each before the turn's journal entry, and they add up to it. */
    private static void assertTokensThenTurn(List<Sse.Event> events, String text) {
        Sse.Event turn = events.stream().filter(e -> e.name().equals("model-call")).reduce((a, b) -> b).orElseThrow();
        int position = turn.json().path("position").asInt();
        assertThat(turn.json().path("output").path("text").asText()).isEqualTo(text);
        List<Sse.Event> tokens = events.stream().filter(e -> e.name().equals("step-output")
                && e.json().path("position").asInt() == position).toList();
        assertThat(tokens).hasSizeGreaterThan(1);
        assertThat(String.join("", tokens.stream().map(e -> e.json().path("text").asText()).toList())).isEqualTo(text);
        assertThat(events.indexOf(tokens.getLast())).isLessThan(events.indexOf(turn));
        Sse.Event started = events.stream().filter(e -> e.name().equals("step-started")
                && e.json().path("position").asInt() == position).findFirst().orElseThrow();
        assertThat(events.indexOf(started)).isLessThan(events.indexOf(tokens.getFirst()));
    }

    @Test
    void session_keepsTheConversationAcrossRunsOneRunAtATime() throws Exception {
        sharedRuntime();
        processes.worker(AgentWorker.class.getName(), dir.toString());
        Http http = new Http(processes);
        String first = startAgentWhenRegistered(http, "{\"message\":\"refund o-7\",\"sessionId\":\"s-1\"}");
        await("asking").atMost(TIMEOUT).until(() -> client.run(first).status() == RunStatus.SUSPENDED);

        Http.Response busy = http.post("/v1/agents/refunder/runs", "{\"message\":\"hello?\",\"sessionId\":\"s-1\"}");
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.json().path("code").asText()).isEqualTo("SESSION_BUSY");
        assertThat(busy.json().path("message").asText()).contains(first, "still SUSPENDED");

        client.sendEvent(first, "approve-refund", true, null);
        assertThat(client.await(first, TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        Http.Response second = http.post("/v1/agents/refunder/runs?wait=30s", "{\"message\":\"and now?\",\"sessionId\":\"s-1\"}");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("status").asText()).isEqualTo("COMPLETED");
        // history: user, assistant (refund call), tool result, assistant (answer); then the new message
        assertThat(second.json().path("input").path("history")).hasSize(4);
        assertThat(second.json().path("output").path("text").asText()).isEqualTo("this session holds 4 earlier messages");
        assertThat(AgentWorker.lines(dir.resolve("model-calls-refunder.txt"))).hasSize(3);

        JsonNode session = http.get("/v1/agents/refunder/sessions/s-1").json();
        assertThat(session.path("lastRunId").asText()).isEqualTo(second.json().path("id").asText());
        assertThat(session.path("messages")).hasSize(6);
        assertThat(session.path("messages").get(4).path("text").asText()).isEqualTo("and now?");

        // another session starts empty
        Http.Response other = http.post("/v1/agents/refunder/runs", "{\"message\":\"hi\",\"sessionId\":\"s-2\"}");
        assertThat(other.json().path("input").path("history")).isEmpty();
    }

    @Test
    void aLongSession_dropsItsOldestTurns_insteadOfOutgrowingThePayloadLimit() throws Exception {
        processes.runtime(dataDir, "--max-payload-bytes", "4096");
        processes.worker(AgentWorker.class.getName(), dir.toString());
        Http http = new Http(processes);
        String question = "Tell me about my order. " + "x".repeat(400);
        List<String> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = "{\"message\":\"" + question + "\",\"sessionId\":\"long\"}";
            String runId = await("chatter registered").atMost(TIMEOUT)
                    .until(() -> http.post("/v1/agents/chatter/runs", body), r -> r.status() == 201).json().path("id").asText();
            RunInfo done = client.await(runId, TIMEOUT);
            assertThat(done.status()).as("run %d: %s", i + 1, done.error()).isEqualTo(RunStatus.COMPLETED);
            answers.add(done.output().path("text").asText());
        }

        assertThat(answers.subList(0, 3)).containsExactly("heard 1 questions", "heard 2 questions", "heard 3 questions");
        int kept = Integer.parseInt(answers.getLast().split(" ")[1]);
        assertThat(kept).as("older turns were dropped").isBetween(2, 6);
        JsonNode session = http.get("/v1/agents/chatter/sessions/long").json();
        assertThat(session.path("messages").toString().length()).isLessThan(4096);
        assertThat(session.path("messages").get(0).path("role").asText()).isEqualTo("USER");
    }

    @Test
    void handoffAndABadToolArgument_inARealRun_theArgumentErrorGoesBackToTheModelAndTheToolRunsOnce() throws Exception {
        sharedRuntime();
        processes.worker(AgentWorker.class.getName(), dir.toString());
        Http http = new Http(processes);
        String runId = await("triage registered").atMost(TIMEOUT).until(
                () -> http.post("/v1/agents/triage/runs", "{\"message\":\"charge o-9 again\"}"), r -> r.status() == 201)
                .json().path("id").asText();

        RunInfo done = client.await(runId, TIMEOUT);

        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().path("agent").asText()).as("the agent that answered").isEqualTo("billing");
        assertThat(done.output().path("text").asText()).isEqualTo("billing charged o-9");
        List<StepInfo> journal = client.journal(runId);
        assertThat(journal).extracting(StepInfo::name).containsExactly("model triage", "model billing", "tool charge",
                "model billing", "tool charge", "model billing");
        assertThat(journal.get(2).output().path("error").asText()).contains("$.orderId: expected a string, got number 9");
        assertThat(journal.get(4).output().path("result").asText()).isEqualTo("charged o-9");
        assertThat(AgentWorker.lines(dir.resolve("effects.txt"))).as("the bad argument never reached the tool")
                .containsExactly("charge o-9");
    }

    @Test
    void agentRuns_badRequestsGetPreciseErrors() throws Exception {
        sharedRuntime();
        processes.worker(AgentWorker.class.getName(), dir.toString());
        Http http = new Http(processes);
        startAgentWhenRegistered(http, "{\"message\":\"refund o-7\"}");

        assertError(http.post("/v1/agents/nobody/runs", "{\"message\":\"hi\"}"), 404, "WORKFLOW_NOT_FOUND", "no agent 'nobody'");
        assertError(http.post("/v1/agents/refunder/runs", "{}"), 400, "INVALID_INPUT", "'message' must be a non-empty string");
        assertError(http.post("/v1/agents/refunder/runs", "{\"message\":\"x\",\"history\":[]}"), 400, "INVALID_INPUT",
                "'history' is not a field of an agent run");
        assertError(http.post("/v1/agents/refunder/runs", "{\"message\":\"x\",\"sessionId\":\"a b\"}"), 400,
                "INVALID_INPUT", "'sessionId' must be");
        assertError(http.post("/v1/agents/refunder/runs", "{\"message\":"), 400, "MALFORMED_JSON", "not valid JSON");
        assertError(http.get("/v1/agents/refunder/sessions/none"), 404, "NOT_FOUND", "has no session 'none'");
    }

    @Test
    void demo_runsTheSupportAgentUnattendedWithTheScriptedModel() throws Exception {
        sharedRuntime();
        processes.worker(dev.mainstay.examples.ExampleWorker.class.getName());
        await("agent:support registered").atMost(TIMEOUT)
                .until(() -> client.workers().stream().anyMatch(w -> w.components().contains("agent:support")));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        try {
            System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            dev.mainstay.examples.AgentDemo.run(client, processes.url(), processes.adminToken());
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(printed).contains("model: SCRIPTED", "waiting for a human: Agent 'support' wants to call refund",
                "agent (live, token by token): I refunded 25.00 EUR for order o-1001 because it arrived damaged.",
                "agent: I refunded 25.00 EUR for order o-1001", "agent: Your order was o-1001",
                "step  tool searchHelp", "input approve-refund");
    }

    private String startAgentWhenRegistered(Http http, String body) {
        return await("agent registered").atMost(TIMEOUT).until(
                () -> http.post("/v1/agents/refunder/runs", body), r -> r.status() == 201).json().path("id").asText();
    }

    private static void assertError(Http.Response response, int status, String code, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("code").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).contains(message);
    }
}
