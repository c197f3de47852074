package dev.mainstay.e2e;

import static dev.mainstay.agent.ScriptedChatModel.text;
import static dev.mainstay.agent.ScriptedChatModel.toolCall;

import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.mainstay.agent.Agent;
import dev.mainstay.agent.AgentResult;
import dev.mainstay.agent.Agents;
import dev.mainstay.agent.Param;
import dev.mainstay.agent.ScriptedChatModel;
import dev.mainstay.agent.Tool;
import dev.mainstay.sdk.Worker;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A worker process for agent tests, with scripted models (no API key). Every tool call appends a
 * line to {@code effects.txt} (synced: a countable side effect) and every model call a line to
 * {@code model-calls-<agent>.txt}, in the directory given as the second argument.
 *
 * <ul>
 *   <li>workflow {@code agent-order}: agent {@code orders} charges (model call 1), ships (model
 *       call 2) and answers (model call 3). With {@code --block-in-ship}, {@code ship} writes
 *       {@code ship-started} and waits for a {@code release} file: the moment to kill the worker.</li>
 *   <li>agent run {@code agent:refunder}: asks to refund (an approval-gated tool), then answers with
 *       the tool's result; a later message of its session answers with the size of the history.</li>
 *   <li>agent run {@code agent:chatter} (a model that does not stream): answers "heard N questions",
 *       N the user messages it was sent.</li>
 *   <li>agent run {@code agent:triage}: hands off to {@code billing}, whose model first calls
 *       {@code charge} with a bad argument (a number), then with a good one, then answers.</li>
 * </ul>
 *
 * Both models stream (scripted: text word by word). With {@code --block-in-model-call}, the second model call of {@code orders} writes
 * {@code model-call-started} and waits for {@code release}.
 *
 * <p>Arguments: target dir [--block-in-ship] [--block-in-model-call].
 */
public final class AgentWorker {
    /** Both agents' models stream their text word by word, this far apart. */
    private static final java.time.Duration TOKEN_PAUSE = java.time.Duration.ofMillis(5);

    public static final class Tools {
        private final Path dir;
        private final boolean blockInShip;

        Tools(Path dir, boolean blockInShip) {
            this.dir = dir;
            this.blockInShip = blockInShip;
        }

        @Tool(description = "Charges an order")
        public String charge(@Param("the order id") String orderId) throws IOException {
            effect("charge " + orderId);
            return "charged " + orderId;
        }

        @Tool(description = "Ships an order")
        public String ship(@Param("the order id") String orderId) throws Exception {
            effect("ship " + orderId);
            if (blockInShip) {
                blockUntilReleased(dir, "ship-started");
            }
            return "shipped " + orderId;
        }

        @Tool(description = "Refunds an order", requiresApproval = true)
        public String refund(@Param("the order id") String orderId) throws IOException {
            effect("refund " + orderId);
            return "refunded " + orderId;
        }

        private void effect(String line) throws IOException {
            Files.writeString(dir.resolve("effects.txt"), line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        }
    }

    private final Agent orders;

    AgentWorker(Agent orders) {
        this.orders = orders;
    }

    @Workflow(name = "agent-order")
    public String order(WorkflowContext ctx, String request) {
        AgentResult result = orders.run(ctx, request);
        return result.text() + " (" + result.usage().modelCalls() + " model calls, " + result.usage().toolCalls() + " tool calls)";
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Tools tools = new Tools(dir, List.of(args).contains("--block-in-ship"));
        boolean blockInModel = List.of(args).contains("--block-in-model-call");
        Agent orders = Agent.builder().name("orders").streamingModel(ScriptedChatModel.of((turn, request) -> switch (turn) {
            case 0 -> toolCall("c1", "charge", "{\"orderId\":\"o-7\"}");
            case 1 -> {
                if (blockInModel) {
                    blockUntilReleased(dir, "model-call-started");
                }
                yield toolCall("c2", "ship", "{\"orderId\":\"o-7\"}");
            }
            default -> text("order o-7 charged and shipped");
        }).withCallLog(dir.resolve("model-calls-orders.txt")).streaming(TOKEN_PAUSE)).tools(tools).build();
        Agent refunder = Agent.builder().name("refunder").streamingModel(ScriptedChatModel.of((turn, request) -> switch (turn) {
            case 0 -> toolCall("r1", "refund", "{\"orderId\":\"o-7\"}");
            case 1 -> text("refund outcome: " + ((ToolExecutionResultMessage) request.messages().getLast()).text());
            default -> text("this session holds " + (request.messages().size() - 1) + " earlier messages");
        }).withCallLog(dir.resolve("model-calls-refunder.txt")).streaming(TOKEN_PAUSE)).tools(tools).build();

        Agent chatter = Agent.builder().name("chatter").model(ScriptedChatModel.of((turn, request) -> text("heard "
                + request.messages().stream().filter(m -> m instanceof dev.langchain4j.data.message.UserMessage).count()
                + " questions"))).build();

        Agent billing = Agent.builder().name("billing").model(ScriptedChatModel.of((turn, request) -> switch (turn) {
            case 1 -> toolCall("b1", "charge", "{\"orderId\": 9}"); // turn 0 was triage's: the handoff keeps history
            case 2 -> toolCall("b2", "charge", "{\"orderId\": \"o-9\"}");
            default -> text("billing charged o-9");
        })).tools(tools).build();
        Agent triage = Agent.builder().name("triage").model(ScriptedChatModel.of((turn, request) ->
                toolCall("h1", "transfer_to_billing", "{\"reason\": \"a charge\"}"))).handoff(billing).build();

        Worker.Builder builder = Worker.builder().target(args[0]).register(new AgentWorker(orders));
        Agents.register(builder, refunder, chatter, triage);
        Worker worker = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        worker.awaitShutdown();
    }

    /** Writes {@code marker} and waits for a {@code release} file: a moment for a test to kill this process. */
    static void blockUntilReleased(Path dir, String marker) {
        try {
            Files.writeString(dir.resolve(marker), "" + ProcessHandle.current().pid());
            while (!Files.exists(dir.resolve("release"))) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
