package dev.mainstay.agent;

import static dev.mainstay.agent.ScriptedChatModel.call;
import static dev.mainstay.agent.ScriptedChatModel.text;
import static dev.mainstay.agent.ScriptedChatModel.toolCall;
import static dev.mainstay.agent.ScriptedChatModel.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mainstay.testing.TestWorkflowContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentLoopTest {

    static class OrderTools {
        final AtomicInteger lookups = new AtomicInteger();
        final AtomicInteger refunds = new AtomicInteger();
        final List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());

        @Tool(description = "Looks up an order")
        public String lookupOrder(@Param("the order id") String orderId) {
            lookups.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            return "order " + orderId + ": 2 items, 40 EUR, delivered";
        }

        @Tool(description = "Refunds an order", requiresApproval = true)
        public String refund(String orderId, double amount) {
            refunds.incrementAndGet();
            return "refunded " + amount + " on " + orderId;
        }

        @Tool(description = "Always fails")
        public String broken() {
            throw new IllegalStateException("database down");
        }
    }

    record Verdict(String decision, int confidence) {}

    /** Records every request the model receives. */
    static final class Recorder {
        final List<ChatRequest> requests = new ArrayList<>();

        ScriptedChatModel model(ScriptedChatModel.Script script) {
            return ScriptedChatModel.of((turn, request) -> {
                requests.add(request);
                return script.reply(turn, request);
            });
        }

        List<ChatMessage> last() {
            return requests.getLast().messages();
        }
    }

    /** The journal as "kind name" lines, by position. */
    private static List<String> names(TestWorkflowContext ctx) {
        return ctx.journal().stream().map(s -> s.kind() + " " + s.name()).toList();
    }

    private static String toolResult(List<ChatMessage> messages, int index) {
        return messages.stream().filter(m -> m instanceof ToolExecutionResultMessage)
                .map(m -> ((ToolExecutionResultMessage) m).text()).toList().get(index);
    }

    private static Agent.Builder support(ScriptedChatModel model, Object... tools) {
        return Agent.builder().name("support").instructions("Help with orders.").model(model).tools(tools)
                .prices(PriceTable.empty().with("scripted", 1_000, 2_000));
    }

    @Test
    void run_callsToolAndAnswers() {
        OrderTools tools = new OrderTools();
        Recorder recorder = new Recorder();
        ScriptedChatModel model = recorder.model((turn, r) -> turn == 0
                ? toolCall("c1", "lookupOrder", "{\"orderId\":\"o-1\"}") : text("It was delivered."));
        TestWorkflowContext ctx = new TestWorkflowContext();

        AgentResult result = support(model, tools).build().run(ctx, "Where is o-1?");

        assertThat(result.text()).isEqualTo("It was delivered.");
        assertThat(result.agent()).isEqualTo("support");
        assertThat(names(ctx)).containsExactly("step model support", "step tool lookupOrder", "step model support");
        assertThat(tools.lookups).hasValue(1);
        assertThat(recorder.requests.getFirst().messages().getFirst()).isEqualTo(SystemMessage.from("Help with orders."));
        assertThat(recorder.requests.getFirst().toolSpecifications()).extracting(t -> t.name())
                .containsExactly("lookupOrder", "refund", "broken");
        assertThat(toolResult(recorder.last(), 0)).isEqualTo("order o-1: 2 items, 40 EUR, delivered");
        assertThat(result.messages()).extracting(Message::role).containsExactly(
                Message.Role.USER, Message.Role.ASSISTANT, Message.Role.TOOL, Message.Role.ASSISTANT);
        assertThat(result.usage().modelCalls()).isEqualTo(2);
        assertThat(result.usage().toolCalls()).isEqualTo(1);
        assertThat(result.usage().inputTokens()).isPositive();
        assertThat(result.usage().costUsd()).isEqualTo(
                (result.usage().inputTokens() * 1_000.0 + result.usage().outputTokens() * 2_000.0) / 1_000_000);
        assertThat(ctx.journal().getFirst().output().toString()).contains("\"inputTokens\"", "\"latencyMs\"", "\"costUsd\"",
                "\"lastMessage\":\"Where is o-1?\"");
    }

    @Test
    void aStreamingModel_sendsItsTokensAsLiveOutput_andAReplaySendsNothing() {
        ScriptedChatModel.Script script = (turn, r) -> turn == 0
                ? toolCall("c1", "lookupOrder", "{\"orderId\":\"o-1\"}") : text("It was delivered.");
        ScriptedChatModel model = ScriptedChatModel.of(script);
        TestWorkflowContext first = new TestWorkflowContext();

        AgentResult result = Agent.builder().name("support").streamingModel(model.streaming(java.time.Duration.ZERO))
                .tools(new OrderTools()).build().run(first, "Where is o-1?");

        assertThat(result.text()).isEqualTo("It was delivered.");
        assertThat(first.progress()).containsExactly("It ", "was ", "delivered.");
        assertThat(names(first)).containsExactly("step model support", "step tool lookupOrder", "step model support");
        assertThat(model.calls()).isEqualTo(2);

        ScriptedChatModel again = ScriptedChatModel.of(script);
        TestWorkflowContext replayed = new TestWorkflowContext().replaying(first.journal());
        Agent.builder().name("support").streamingModel(again.streaming(java.time.Duration.ZERO))
                .tools(new OrderTools()).build().run(replayed, "Where is o-1?");
        assertThat(again.calls()).isZero();
        assertThat(replayed.progress()).isEmpty();
    }

    @Test
    void historyLimit_keepsTheNewestWholeTurns() {
        List<Message> history = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            ToolCall call = new ToolCall("c" + n, "lookupOrder", "{}");
            history.add(Message.user("question " + n));
            history.add(Message.assistant(null, List.of(call)));
            history.add(Message.toolResult(call, "result " + n));
            history.add(Message.assistant("answer " + n, List.of()));
        }

        assertThat(AgentLoop.window(history, 100)).isEqualTo(history);
        assertThat(AgentLoop.window(history, 8)).isEqualTo(history.subList(4, 12));
        assertThat(AgentLoop.window(history, 6)).as("never half a turn").isEqualTo(history.subList(8, 12));
        assertThat(AgentLoop.window(history, 0)).isEmpty();

        Recorder recorder = new Recorder();
        AgentResult result = support(recorder.model((turn, r) -> text("ok")), new OrderTools()).historyLimit(5).build()
                .run(new TestWorkflowContext(), "question 4", history);
        assertThat(recorder.last()).hasSize(1 + 4 + 1); // system, the last turn, the new question
        assertThat(result.messages()).hasSize(4 + 2).first().isEqualTo(Message.user("question 3"));
    }

    @Test
    void replay_sendsNoFinishedModelCallAndRunsNoFinishedToolAgain() {
        ScriptedChatModel.Script script = (turn, r) -> switch (turn) {
            case 0 -> toolCall("c1", "lookupOrder", "{\"orderId\":\"o-1\"}");
            case 1 -> toolCall("c2", "lookupOrder", "{\"orderId\":\"o-2\"}");
            default -> text("done");
        };
        TestWorkflowContext first = new TestWorkflowContext();
        support(ScriptedChatModel.of(script), new OrderTools()).build().run(first, "check");
        assertThat(first.journal()).hasSize(5);

        // a crash after model call 2 was journaled: replay the first three entries, then go on
        OrderTools tools = new OrderTools();
        ScriptedChatModel model = ScriptedChatModel.of(script);
        TestWorkflowContext resumed = new TestWorkflowContext().replaying(first.journal().subList(0, 3));
        AgentResult result = support(model, tools).build().run(resumed, "check");

        assertThat(result.text()).isEqualTo("done");
        assertThat(model.calls()).isEqualTo(1);
        assertThat(tools.lookups).hasValue(1);
        assertThat(names(resumed)).isEqualTo(names(first));
        assertThat(resumed.journal().subList(0, 3)).isEqualTo(first.journal().subList(0, 3));
        assertThat(result.usage().modelCalls()).isEqualTo(3);
    }

    @Test
    void badArguments_goBackToTheModelAsToolErrors() {
        OrderTools tools = new OrderTools();
        Recorder recorder = new Recorder();
        ScriptedChatModel model = recorder.model((turn, r) -> switch (turn) {
            case 0 -> toolCalls(call("c1", "lookupOrder", "{\"orderId\":7}"), call("c2", "lookupOrder", "{not json"),
                    call("c3", "cancelOrder", "{}"), call("c4", "broken", "{}"));
            default -> text("sorry");
        });

        AgentResult result = support(model, tools).build().run(new TestWorkflowContext(), "go");

        assertThat(result.text()).isEqualTo("sorry");
        assertThat(tools.lookups).hasValue(0);
        List<ChatMessage> seen = recorder.last();
        assertThat(toolResult(seen, 0)).isEqualTo(
                "ERROR: the arguments do not fit the tool's schema: $.orderId: expected a string, got number 7");
        assertThat(toolResult(seen, 1)).startsWith("ERROR: the arguments are not valid JSON");
        assertThat(toolResult(seen, 2)).isEqualTo(
                "ERROR: there is no tool named 'cancelOrder'; the tools are [lookupOrder, refund, broken]");
        assertThat(toolResult(seen, 3)).isEqualTo("ERROR: IllegalStateException: database down");
    }

    @Test
    void parallelToolCalls_resultsKeepTheModelsOrder() {
        Recorder recorder = new Recorder();
        ScriptedChatModel model = recorder.model((turn, r) -> turn == 0
                ? toolCalls(call("a", "lookupOrder", "{\"orderId\":\"o-1\"}"), call("b", "lookupOrder", "{\"orderId\":\"o-2\"}"))
                : text("both"));
        TestWorkflowContext ctx = new TestWorkflowContext();
        OrderTools tools = new OrderTools();
        support(model, tools).build().run(ctx, "both");

        assertThat(names(ctx)).containsExactly("step model support", "step tool lookupOrder", "step tool lookupOrder",
                "step model support");
        assertThat(tools.threads).as("two tool calls of one turn run as parallel steps, each on its own thread")
                .containsExactlyInAnyOrder("run-test-run-2", "run-test-run-3");
        assertThat(recorder.last()).filteredOn(m -> m instanceof ToolExecutionResultMessage)
                .extracting(m -> ((ToolExecutionResultMessage) m).id()).containsExactly("a", "b");
    }

    @Test
    void approval_approvedRunsTheTool_rejectedTellsTheModel() {
        ScriptedChatModel.Script script = (turn, r) -> turn == 0
                ? toolCall("c1", "refund", "{\"orderId\":\"o-1\",\"amount\":40}") : text("handled");

        OrderTools approvedTools = new OrderTools();
        TestWorkflowContext approved = new TestWorkflowContext().event("approve-refund", true);
        support(ScriptedChatModel.of(script), approvedTools).build().run(approved, "refund o-1");
        assertThat(approvedTools.refunds).hasValue(1);
        assertThat(names(approved)).containsExactly("step model support", "input approve-refund",
                "event approve-refund", "step tool refund", "step model support");
        assertThat(approved.journal().get(1).output().path("prompt").asText())
                .contains("wants to call refund with {\"orderId\":\"o-1\",\"amount\":40}");

        OrderTools rejectedTools = new OrderTools();
        Recorder recorder = new Recorder();
        support(recorder.model(script), rejectedTools).build().run(new TestWorkflowContext().event("approve-refund", false), "refund o-1");
        assertThat(rejectedTools.refunds).hasValue(0);
        assertThat(toolResult(recorder.last(), 0))
                .isEqualTo("ERROR: a human rejected this call of refund, so it did not run");
    }

    @Test
    void handoff_withAndWithoutHistory() {
        Recorder billingRecorder = new Recorder();
        Agent billing = Agent.builder().name("billing").description("handles invoices").instructions("Billing.")
                .model(billingRecorder.model((turn, r) -> text("billing here"))).build();
        ScriptedChatModel.Script triageScript = (turn, r) -> toolCall("h1", "transfer_to_billing", "{\"reason\":\"invoice\"}");

        TestWorkflowContext ctx = new TestWorkflowContext();
        AgentResult result = Agent.builder().name("triage").model(ScriptedChatModel.of(triageScript))
                .handoff(billing).build().run(ctx, "my invoice is wrong");
        assertThat(result.agent()).isEqualTo("billing");
        assertThat(result.text()).isEqualTo("billing here");
        assertThat(names(ctx)).containsExactly("step model triage", "step model billing");
        assertThat(billingRecorder.last()).hasSize(4); // system, user, assistant (transfer), tool result
        assertThat(billingRecorder.last().get(3)).isInstanceOf(ToolExecutionResultMessage.class);

        Recorder fresh = new Recorder();
        Agent billing2 = Agent.builder().name("billing").instructions("Billing.")
                .model(fresh.model((turn, r) -> text("billing here"))).build();
        Agent.builder().name("triage").model(ScriptedChatModel.of(triageScript)).handoff(billing2, false).build()
                .run(new TestWorkflowContext(), "my invoice is wrong");
        assertThat(fresh.last()).containsExactly(SystemMessage.from("Billing."), UserMessage.from("my invoice is wrong"));
    }

    @Test
    void agentAsTool_runsTheOtherAgentAndReturnsItsAnswer() {
        OrderTools tools = new OrderTools();
        Agent researcher = Agent.builder().name("researcher").description("finds order facts")
                .model(ScriptedChatModel.of((turn, r) -> turn == 0
                        ? toolCall("r1", "lookupOrder", "{\"orderId\":\"o-9\"}") : text("o-9 was delivered")))
                .tools(tools).build();
        Recorder recorder = new Recorder();
        TestWorkflowContext ctx = new TestWorkflowContext();
        AgentResult result = Agent.builder().name("lead")
                .model(recorder.model((turn, r) -> turn == 0
                        ? toolCall("x1", "researcher", "{\"input\":\"status of o-9?\"}") : text("Delivered.")))
                .tools(researcher).build().run(ctx, "status?");

        assertThat(result.text()).isEqualTo("Delivered.");
        assertThat(toolResult(recorder.last(), 0)).isEqualTo("o-9 was delivered");
        assertThat(names(ctx)).containsExactly("step model lead", "step model researcher", "step tool lookupOrder",
                "step model researcher", "step model lead");
        assertThat(result.usage().modelCalls()).isEqualTo(4);
    }

    @Test
    void structuredOutput_parsedAfterARetryPrompt() {
        Recorder recorder = new Recorder();
        ScriptedChatModel model = recorder.model((turn, r) -> switch (turn) {
            case 0 -> text("I think we should approve.");
            case 1 -> text("{\"decision\":\"approve\"}");
            default -> text("```json\n{\"decision\":\"approve\",\"confidence\":90}\n```");
        });
        AgentResult result = Agent.builder().name("judge").model(model).outputType(Verdict.class).build()
                .run(new TestWorkflowContext(), "decide");

        assertThat(result.output(Verdict.class)).isEqualTo(new Verdict("approve", 90));
        assertThat(((SystemMessage) recorder.requests.getFirst().messages().getFirst()).text())
                .contains("\"confidence\":{\"type\":\"integer\"}");
        assertThat(((UserMessage) recorder.requests.get(2).messages().getLast()).singleText())
                .startsWith("Your answer could not be read as Verdict: $.confidence: is required but missing");
    }

    @Test
    void structuredOutput_givesUpAfterItsRetries() {
        Agent judge = Agent.builder().name("judge").model(ScriptedChatModel.replies(text("no json")))
                .outputType(Verdict.class).outputRetries(1).build();
        assertThatThrownBy(() -> judge.run(new TestWorkflowContext(), "decide"))
                .isInstanceOf(AgentException.class)
                .hasMessageStartingWith("agent 'judge' answered 2 times without a valid Verdict: not JSON");
    }

    @Test
    void maxIterations_stopsALoopingModel() {
        Agent looping = support(ScriptedChatModel.replies(toolCall("c", "lookupOrder", "{\"orderId\":\"o\"}")),
                new OrderTools()).maxIterations(3).build();
        assertThatThrownBy(() -> looping.run(new TestWorkflowContext(), "loop"))
                .isInstanceOf(AgentException.class)
                .hasMessage("agent 'support' made 3 model calls without a final answer; raise maxIterations or"
                        + " check its instructions and tools");
    }

    @Test
    void hooks_seeEveryCallInOrder() {
        List<String> seen = new ArrayList<>();
        AgentHooks hooks = new AgentHooks() {
            public void beforeAgent(String agent, String input) { seen.add("before agent " + input); }
            public void afterAgent(String agent, AgentResult r) { seen.add("after agent " + r.text()); }
            public void beforeModelCall(String agent, List<Message> c) { seen.add("before model " + c.size()); }
            public void afterModelCall(String agent, ModelCall call) { seen.add("after model " + call.toolCalls().size()); }
            public void beforeToolCall(String agent, ToolCall call) { seen.add("before tool " + call.name()); }
            public void afterToolCall(String agent, ToolCall call, String result, boolean error) {
                seen.add("after tool " + call.name() + " error=" + error);
            }
        };
        support(ScriptedChatModel.of((turn, r) -> turn == 0 ? toolCall("c1", "lookupOrder", "{\"orderId\":\"o\"}")
                : text("ok")), new OrderTools()).hooks(hooks).build().run(new TestWorkflowContext(), "hi");
        assertThat(seen).containsExactly("before agent hi", "before model 1", "after model 1", "before tool lookupOrder",
                "after tool lookupOrder error=false", "before model 3", "after model 0", "after agent ok");
    }

    @Test
    void builder_refusesBadConfigurationWithPreciseMessages() {
        assertThatThrownBy(() -> Agent.builder().name("has space")).hasMessageContaining("agent name was 'has space'");
        assertThatThrownBy(() -> Agent.builder().name("a").build()).hasMessageContaining("agent 'a' needs a model");
        assertThatThrownBy(() -> Agent.builder().name("a").model(ScriptedChatModel.replies(text("x")))
                .tools(new OrderTools(), new OrderTools())).hasMessageContaining("has two tools named 'lookupOrder'");
        assertThatThrownBy(() -> Agent.builder().outputType(String.class)).hasMessageContaining("use a record");
        assertThatThrownBy(() -> Agent.builder().modelTimeout(java.time.Duration.ZERO))
                .hasMessageContaining("modelTimeout was PT0S");
        assertThatThrownBy(() -> Agent.builder().maxIterations(0)).hasMessageContaining("maxIterations was 0");
        assertThatThrownBy(() -> Models.from(new ModelConfig("cohere", "x", null, null)))
                .hasMessageContaining("model provider 'cohere' is not built in");
        assertThat(new ModelConfig("openai", "gpt", null, "sk-secret").toString()).doesNotContain("secret");
        assertThatThrownBy(() -> new ModelConfig("openai", " ", null, null)).hasMessageContaining("no model name");
    }

    @Test
    void models_buildAnOpenAiCompatibleModelFromConfiguration() {
        ModelConfig config = ModelConfig.from(java.util.Map.of("provider", "openai-compatible", "model", "llama3",
                "base-url", "http://127.0.0.1:11434/v1", "api-key-env", "NO_SUCH_VARIABLE_FOR_TESTS"));
        assertThat(config).isEqualTo(new ModelConfig("openai-compatible", "llama3", "http://127.0.0.1:11434/v1", null));
        assertThat(Models.from(config)).isInstanceOf(dev.langchain4j.model.openai.OpenAiChatModel.class);
        assertThat(new ModelConfig(null, "gpt-4o-mini", null, null).baseUrl()).isEqualTo(ModelConfig.DEFAULT_BASE_URL);
    }
}
