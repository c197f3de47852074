package dev.mainstay.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.mainstay.agent.internal.AgentJson;
import dev.mainstay.agent.internal.ArgumentValidator;
import dev.mainstay.agent.internal.ModelTurn;
import dev.mainstay.agent.internal.StreamedChat;
import dev.mainstay.agent.internal.ToolOutcome;
import dev.mainstay.agent.internal.ToolSchemas;
import dev.mainstay.sdk.DurableFuture;
import dev.mainstay.sdk.InputRequest;
import dev.mainstay.sdk.Step;
import dev.mainstay.sdk.StepOptions;
import dev.mainstay.sdk.WorkflowContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * One run of an agent inside a workflow body: model call, tool calls, repeat, until the model
 * answers without tool calls.
 *
 * <p>Why it resumes correctly: the loop is workflow code, so after a crash it runs again from the
 * top, and everything it decides on comes from journaled values. Each model call is a step whose
 * output ({@link ModelTurn}) holds the reply, so a replayed turn reads the reply instead of calling
 * the model; each tool call is a step whose output ({@link ToolOutcome}) holds the result. Approvals
 * are journaled waits. The request sent to the model is rebuilt from the same journaled values, so
 * the first call past the journal sees exactly the conversation it would have seen without a crash.
 */
final class AgentLoop {
    private final WorkflowContext ctx;
    private Usage usage = Usage.NONE;

    AgentLoop(WorkflowContext ctx) {
        this.ctx = ctx;
    }

    AgentResult run(Agent agent, String input, List<Message> history) {
        agent.hooks().beforeAgent(agent.name(), input);
        Agent current = agent;
        List<Message> conversation = new ArrayList<>(window(history, agent.historyLimit()));
        conversation.add(Message.user(input));
        int calls = 0;
        int parseFailures = 0;
        while (true) {
            if (calls == current.maxIterations()) {
                throw new AgentException(current.name(), AgentException.Reason.MAX_ITERATIONS, "agent '" + current.name()
                        + "' made " + calls + " model calls without a final answer; raise maxIterations or"
                        + " check its instructions and tools");
            }
            calls++;
            ModelTurn turn = callModel(current, conversation);
            conversation.add(Message.assistant(turn.text(), turn.toolCalls()));
            if (turn.toolCalls().isEmpty()) {
                if (current.outputType() == null) {
                    return finish(agent, current, turn.text(), turn.text(), conversation);
                }
                Parsed parsed = parse(current.outputType(), turn.text());
                if (parsed.problem() == null) {
                    return finish(agent, current, turn.text(), parsed.value(), conversation);
                }
                if (parseFailures++ == current.outputRetries()) {
                    throw new AgentException(current.name(), AgentException.Reason.OUTPUT_NOT_PARSED, "agent '"
                            + current.name() + "' answered " + parseFailures + " times without a valid "
                            + current.outputType().getSimpleName() + ": " + parsed.problem());
                }
                conversation.add(Message.user("Your answer could not be read as " + current.outputType().getSimpleName()
                        + ": " + parsed.problem() + ". Answer again with only a JSON object that fits this schema: "
                        + outputSchema(current.outputType())));
                continue;
            }
            Binding.Handoff handoff = callTools(current, turn.toolCalls(), conversation);
            if (handoff != null) {
                current = handoff.target();
                calls = 0;
                if (!handoff.withHistory()) {
                    conversation = new ArrayList<>(List.of(Message.user(input)));
                }
            }
        }
    }

    /**
     * The newest whole turns of {@code history} within {@code limit} messages. A turn starts at a
     * user message, so tool calls are never kept without their results or the other way round.
     */
    static List<Message> window(List<Message> history, int limit) {
        int start = Math.max(0, history.size() - limit);
        while (start > 0 && start < history.size() && history.get(start).role() != Message.Role.USER) {
            start++;
        }
        return history.subList(start, history.size());
    }

    private AgentResult finish(Agent top, Agent current, String text, Object output, List<Message> conversation) {
        AgentResult result = new AgentResult(current.name(), text, output, conversation, usage);
        top.hooks().afterAgent(top.name(), result);
        return result;
    }

    // ---- model calls

    private ModelTurn callModel(Agent agent, List<Message> conversation) {
        agent.hooks().beforeModelCall(agent.name(), List.copyOf(conversation));
        ChatRequest request = request(agent, conversation);
        ModelTurn.Request summary = new ModelTurn.Request(conversation.size(),
                clip(conversation.getLast().text(), 200),
                request.toolSpecifications() == null ? List.of()
                        : request.toolSpecifications().stream().map(t -> t.name()).toList(),
                agent.settings().temperature());
        StepOptions options = StepOptions.defaults().withRetry(agent.modelRetry()).withTimeout(agent.modelTimeout());
        ModelTurn turn = ctx.step("model " + agent.name(), ModelTurn.class, options, () -> {
            long started = System.nanoTime();
            ChatResponse response = agent.streamingModel() != null
                    ? StreamedChat.chat(agent.streamingModel(), request, ctx::progress)
                    : agent.model().chat(request);
            long latencyMs = (System.nanoTime() - started) / 1_000_000;
            AiMessage reply = response.aiMessage();
            List<ToolCall> toolCalls = reply.hasToolExecutionRequests()
                    ? reply.toolExecutionRequests().stream()
                            .map(r -> new ToolCall(r.id(), r.name(), r.arguments())).toList()
                    : List.of();
            TokenUsage tokens = response.tokenUsage();
            long in = tokens == null || tokens.inputTokenCount() == null ? 0 : tokens.inputTokenCount();
            long out = tokens == null || tokens.outputTokenCount() == null ? 0 : tokens.outputTokenCount();
            String model = modelName(agent, response);
            return new ModelTurn(agent.name(), model, summary, reply.text(), toolCalls,
                    response.finishReason() == null ? null : response.finishReason().name(), in, out,
                    agent.prices().cost(model, in, out), latencyMs);
        });
        Usage used = new Usage(turn.inputTokens(), turn.outputTokens(), turn.costUsd(), 1, 0);
        usage = usage.plus(used);
        agent.hooks().afterModelCall(agent.name(),
                new AgentHooks.ModelCall(turn.model(), turn.text(), turn.toolCalls(), used, turn.latencyMs()));
        return turn;
    }

    private static String modelName(Agent agent, ChatResponse response) {
        if (response.modelName() != null) {
            return response.modelName();
        }
        if (agent.settings().modelName() != null) {
            return agent.settings().modelName();
        }
        try {
            var defaults = agent.streamingModel() != null ? agent.streamingModel().defaultRequestParameters()
                    : agent.model().defaultRequestParameters();
            return defaults == null || defaults.modelName() == null ? "unknown" : defaults.modelName();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static ChatRequest request(Agent agent, List<Message> conversation) {
        List<ChatMessage> messages = new ArrayList<>();
        String system = agent.instructions();
        if (agent.outputType() != null) {
            system = (system.isBlank() ? "" : system + "\n\n") + "Give your final answer as only a JSON object"
                    + " (no prose, no code fence) that fits this JSON schema: " + outputSchema(agent.outputType());
        }
        if (!system.isBlank()) {
            messages.add(SystemMessage.from(system));
        }
        for (Message m : conversation) {
            messages.add(switch (m.role()) {
                case USER -> UserMessage.from(m.text());
                case ASSISTANT -> m.toolCalls().isEmpty()
                        ? AiMessage.from(m.text() == null ? "" : m.text())
                        : AiMessage.builder().text(m.text()).toolExecutionRequests(m.toolCalls().stream()
                                .map(c -> ToolExecutionRequest.builder().id(c.id()).name(c.name())
                                        .arguments(c.arguments()).build()).toList()).build();
                case TOOL -> ToolExecutionResultMessage.from(m.toolCallId(), m.toolName(), m.text());
            });
        }
        ModelSettings settings = agent.settings();
        ChatRequest.Builder builder = ChatRequest.builder().messages(messages)
                .modelName(settings.modelName()).temperature(settings.temperature()).topP(settings.topP())
                .maxOutputTokens(settings.maxOutputTokens());
        if (!settings.stopSequences().isEmpty()) {
            builder.stopSequences(settings.stopSequences());
        }
        if (!agent.tools().isEmpty()) {
            builder.toolSpecifications(agent.tools().values().stream().map(Binding::specification).toList());
        }
        return builder.build();
    }

    // ---- tool calls

    /** A tool call ready to run as a step: the step's name and body, and where its result goes. */
    private record Prepared(int index, ToolCall call, String stepName, Step<ToolOutcome> body) {}

    /** Runs one turn's tool calls; returns the handoff the model asked for, if any. */
    private Binding.Handoff callTools(Agent agent, List<ToolCall> calls, List<Message> conversation) {
        String[] results = new String[calls.size()];
        boolean[] errors = new boolean[calls.size()];
        List<Prepared> steps = new ArrayList<>();
        Binding.Handoff handoff = null;
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            agent.hooks().beforeToolCall(agent.name(), call);
            Binding binding = agent.tools().get(call.name());
            if (binding == null) {
                steps.add(fixed(i, call, ToolOutcome.failed(call.id(), call.name(), call.arguments(),
                        "there is no tool named '" + call.name() + "'; the tools are " + agent.tools().keySet())));
                continue;
            }
            Optional<String> problem = Optional.empty();
            JsonNode arguments = null;
            try {
                arguments = AgentJson.tree(call.arguments());
                List<String> problems = ArgumentValidator.problems(binding.schema(), arguments);
                if (!problems.isEmpty()) {
                    problem = Optional.of("the arguments do not fit the tool's schema: " + String.join("; ", problems));
                }
            } catch (Exception e) {
                problem = Optional.of("the arguments are not valid JSON: " + clip(e.getMessage(), 200));
            }
            if (problem.isPresent()) {
                steps.add(fixed(i, call, ToolOutcome.failed(call.id(), call.name(), call.arguments(), problem.get())));
                continue;
            }
            switch (binding) {
                case Binding.Handoff h -> {
                    if (handoff == null) {
                        handoff = h;
                        results[i] = "Transferred to " + h.target().name() + ".";
                    } else {
                        results[i] = "ERROR: only one handoff per turn; the conversation went to " + handoff.target().name();
                        errors[i] = true;
                    }
                    agent.hooks().afterToolCall(agent.name(), call, results[i], errors[i]);
                }
                case Binding.SubAgent s -> {
                    AgentResult answer = new AgentLoop(ctx).run(s.agent(), arguments.get("input").asText(), List.of());
                    usage = usage.plus(answer.usage());
                    results[i] = answer.text();
                    agent.hooks().afterToolCall(agent.name(), call, results[i], false);
                }
                case Binding.Method m -> {
                    if (m.tool().requiresApproval() && !approved(agent, call)) {
                        steps.add(fixed(i, call, ToolOutcome.failed(call.id(), call.name(), call.arguments(),
                                "a human rejected this call of " + call.name() + ", so it did not run")));
                    } else {
                        JsonNode args = arguments;
                        steps.add(new Prepared(i, call, "tool " + call.name(), () -> invoke(m, call, args)));
                    }
                }
            }
        }
        List<ToolOutcome> outcomes = runSteps(steps);
        for (int k = 0; k < steps.size(); k++) {
            Prepared step = steps.get(k);
            ToolOutcome outcome = outcomes.get(k);
            results[step.index()] = outcome.forModel();
            errors[step.index()] = outcome.hasError();
            usage = usage.plus(new Usage(0, 0, 0, 0, 1));
            agent.hooks().afterToolCall(agent.name(), step.call(), outcome.forModel(), outcome.hasError());
        }
        for (int i = 0; i < calls.size(); i++) {
            conversation.add(Message.toolResult(calls.get(i), results[i]));
        }
        return handoff;
    }

    /**
     * The one place a turn's tool steps are run. Two or more run as parallel steps: each takes its
     * journal position now, in the order the model asked for them, and runs on its own thread; the
     * results come back in that order whichever finishes first. A tool throws nothing here (its
     * exception is its outcome), so {@code all} does not fail.
     */
    private List<ToolOutcome> runSteps(List<Prepared> steps) {
        if (steps.size() == 1) {
            Prepared step = steps.getFirst();
            return List.of(ctx.step(step.stepName(), ToolOutcome.class, step.body()));
        }
        List<DurableFuture<ToolOutcome>> futures = new ArrayList<>(steps.size());
        for (Prepared step : steps) {
            futures.add(ctx.stepAsync(step.stepName(), ToolOutcome.class, step.body()));
        }
        return ctx.all(futures);
    }

    /** A call whose outcome is known without running anything; journaled all the same, so every call has its step. */
    private static Prepared fixed(int index, ToolCall call, ToolOutcome outcome) {
        return new Prepared(index, call, "tool " + call.name(), () -> outcome);
    }

    private static ToolOutcome invoke(Binding.Method m, ToolCall call, JsonNode arguments) throws InterruptedException {
        try {
            return ToolOutcome.ok(call.id(), call.name(), call.arguments(), AgentJson.text(m.tool().invoke(arguments)));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return ToolOutcome.failed(call.id(), call.name(), call.arguments(), clip(message, 2_000));
        }
    }

    /** A durable wait for a human's yes or no; no answer within the agent's approval timeout counts as no. */
    private boolean approved(Agent agent, ToolCall call) {
        Optional<Boolean> answer = ctx.awaitInput("approve-" + call.name(), InputRequest.approval("Agent '"
                + agent.name() + "' wants to call " + call.name() + " with " + call.arguments() + ". Approve?"),
                agent.approvalTimeout());
        return answer.orElse(false);
    }

    // ---- structured output

    private record Parsed(Object value, String problem) {}

    private static Parsed parse(Class<?> type, String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(null, "the answer was empty");
        }
        String json = text.strip();
        if (json.startsWith("```")) {
            json = json.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
        }
        try {
            JsonNode tree = AgentJson.MAPPER.readTree(json);
            List<String> problems = ArgumentValidator.problems(ToolSchemas.of(type, new HashSet<>(), type.getSimpleName()), tree);
            if (!problems.isEmpty()) {
                return new Parsed(null, String.join("; ", problems));
            }
            return new Parsed(AgentJson.MAPPER.treeToValue(tree, type), null);
        } catch (Exception e) {
            return new Parsed(null, "not JSON: " + clip(e.getMessage(), 200));
        }
    }

    private static String outputSchema(Class<?> type) {
        return ToolSchemas.of(type, new HashSet<>(), type.getSimpleName()).toString();
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
