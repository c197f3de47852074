package dev.mainstay.agent;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.mainstay.agent.internal.MethodTool;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model, instructions, tools and limits. {@link #run} inside a workflow is durable: every model
 * call and every tool call is a journaled step, so after a crash the run resumes where it was,
 * without sending a finished model call again or running a finished tool call again.
 *
 * <pre>{@code
 * Agent support = Agent.builder()
 *         .name("support")
 *         .instructions("You help customers with their orders.")
 *         .model(Models.fromEnvironment())
 *         .tools(new OrderTools())
 *         .build();
 *
 * @Workflow(name = "ticket")
 * public String ticket(WorkflowContext ctx, String question) {
 *     return support.run(ctx, question).text();
 * }
 * }</pre>
 *
 * <p>Wrong: calling {@code model.chat(...)} or a tool directly in a workflow body: a replay sends
 * the request again and runs the tool twice. Right: {@code agent.run(ctx, input)}, or the call
 * inside {@code ctx.step(...)}.
 */
public final class Agent {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final String description;
    private final String instructions;
    private final ChatModel model;
    private final StreamingChatModel streamingModel;
    private final ModelSettings settings;
    private final Map<String, Binding> tools;
    private final int maxIterations;
    private final Class<?> outputType;
    private final int outputRetries;
    private final AgentHooks hooks;
    private final PriceTable prices;
    private final Duration approvalTimeout;
    private final RetryPolicy modelRetry;
    private final Duration modelTimeout;
    private final int historyLimit;

    private Agent(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.instructions = b.instructions;
        this.model = b.model;
        this.streamingModel = b.streamingModel;
        this.settings = b.settings;
        this.tools = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.tools));
        this.maxIterations = b.maxIterations;
        this.outputType = b.outputType;
        this.outputRetries = b.outputRetries;
        this.hooks = b.hooks;
        this.prices = b.prices;
        this.approvalTimeout = b.approvalTimeout;
        this.modelRetry = b.modelRetry;
        this.modelTimeout = b.modelTimeout;
        this.historyLimit = b.historyLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the agent on {@code input} as part of the workflow run of {@code ctx}. */
    public AgentResult run(WorkflowContext ctx, String input) {
        return run(ctx, input, List.of());
    }

    /** Runs the agent on {@code input} after an earlier conversation ({@link AgentResult#messages()}). */
    public AgentResult run(WorkflowContext ctx, String input, List<Message> history) {
        Objects.requireNonNull(ctx, "ctx");
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("agent '" + name + "' was given an empty input");
        }
        return new AgentLoop(ctx).run(this, input, history);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    String instructions() {
        return instructions;
    }

    ChatModel model() {
        return model;
    }

    /** Set when the model streams; then it is the one called, and its tokens go to the run's live watchers. */
    StreamingChatModel streamingModel() {
        return streamingModel;
    }

    ModelSettings settings() {
        return settings;
    }

    Map<String, Binding> tools() {
        return tools;
    }

    int maxIterations() {
        return maxIterations;
    }

    Class<?> outputType() {
        return outputType;
    }

    int outputRetries() {
        return outputRetries;
    }

    AgentHooks hooks() {
        return hooks;
    }

    PriceTable prices() {
        return prices;
    }

    Duration approvalTimeout() {
        return approvalTimeout;
    }

    RetryPolicy modelRetry() {
        return modelRetry;
    }

    Duration modelTimeout() {
        return modelTimeout;
    }

    int historyLimit() {
        return historyLimit;
    }

    @Override
    public String toString() {
        return "Agent[" + name + ", tools=" + tools.keySet() + "]";
    }

    /** Configures an {@link Agent}; {@code name} and {@code model} are required. */
    public static final class Builder {
        private String name;
        private String description;
        private String instructions = "";
        private ChatModel model;
        private StreamingChatModel streamingModel;
        private ModelSettings settings = ModelSettings.defaults();
        private final Map<String, Binding> tools = new LinkedHashMap<>();
        private int maxIterations = 10;
        private Class<?> outputType;
        private int outputRetries = 2;
        private AgentHooks hooks = AgentHooks.NONE;
        private PriceTable prices;
        private Duration approvalTimeout = Duration.ofDays(7);
        private RetryPolicy modelRetry;
        private Duration modelTimeout;
        private int historyLimit = Integer.MAX_VALUE;

        private Builder() {}

        /** The agent's name: letters, digits, '_' and '-', up to 64; names its journal steps and its runs. */
        public Builder name(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("agent name was '" + name + "'; use 1 to 64 letters, digits, '_' or '-'");
            }
            this.name = name;
            return this;
        }

        /** What the agent does: shown to other agents that use it as a tool or hand off to it. */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** The system instructions, sent first with every model call. */
        public Builder instructions(String instructions) {
            this.instructions = Objects.requireNonNull(instructions, "instructions");
            return this;
        }

        /** Any LangChain4j {@code ChatModel}: OpenAI-compatible, Anthropic, Gemini, Ollama, ... or {@link Models#fromEnvironment()}. */
        public Builder model(ChatModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * A LangChain4j {@code StreamingChatModel} ({@link Models#streamingFromEnvironment()}, say),
         * used instead of {@link #model}: each model call is still one journaled step, and while it
         * runs its tokens go live to whoever follows the run ({@code GET /v1/runs/{id}/events},
         * {@code mainstay runs watch}). Tokens are not journaled; the complete reply is.
         */
        public Builder streamingModel(StreamingChatModel model) {
            this.streamingModel = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder settings(ModelSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder temperature(double temperature) {
            this.settings = settings.withTemperature(temperature);
            return this;
        }

        /**
         * Objects with {@link Tool} methods, and other {@link Agent}s, which become tools that run
         * the other agent on an {@code input} and return its answer.
         */
        public Builder tools(Object... targets) {
            for (Object target : targets) {
                if (target instanceof Agent agent) {
                    add(new Binding.SubAgent(agent));
                } else {
                    for (MethodTool tool : MethodTool.of(Objects.requireNonNull(target, "tool object"))) {
                        add(new Binding.Method(tool));
                    }
                }
            }
            return this;
        }

        /** Lets the model hand the conversation over to {@code target}, with the conversation so far. */
        public Builder handoff(Agent target) {
            return handoff(target, true);
        }

        /**
         * Lets the model hand the conversation over to {@code target} (a tool {@code transfer_to_<name>});
         * without history, {@code target} starts from the original input alone.
         */
        public Builder handoff(Agent target, boolean withHistory) {
            add(new Binding.Handoff(Objects.requireNonNull(target, "target"), withHistory));
            return this;
        }

        /** Model calls at most, per run of this agent (default 10); more is an {@link AgentException}. */
        public Builder maxIterations(int maxIterations) {
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations was " + maxIterations + "; use at least 1");
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /**
         * A record the final answer is parsed into (JSON); the model is told its schema and, when its
         * answer does not parse, asked again up to {@code outputRetries} times (default 2).
         */
        public Builder outputType(Class<?> type) {
            if (type == null || !type.isRecord()) {
                throw new IllegalArgumentException("outputType was " + type + "; use a record");
            }
            this.outputType = type;
            return this;
        }

        public Builder outputRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("outputRetries was " + retries + "; use zero or more");
            }
            this.outputRetries = retries;
            return this;
        }

        public Builder hooks(AgentHooks hooks) {
            this.hooks = Objects.requireNonNull(hooks, "hooks");
            return this;
        }

        /** Model prices for the cost of each call (default {@link PriceTable#fromEnvironment()}). */
        public Builder prices(PriceTable prices) {
            this.prices = Objects.requireNonNull(prices, "prices");
            return this;
        }

        /** How long a tool call that requires approval waits for it (default 7 days); no answer counts as a rejection. */
        public Builder approvalTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("approvalTimeout was " + timeout + "; use zero or more");
            }
            this.approvalTimeout = timeout;
            return this;
        }

        /** The retry policy of model calls (default: the workflow's, worker's or runtime's). */
        public Builder modelRetry(RetryPolicy policy) {
            this.modelRetry = policy;
            return this;
        }

        /**
         * Each model call attempt must answer within this (default: none); a slower one is taken
         * from its worker by the runtime and retried per {@link #modelRetry}.
         */
        public Builder modelTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("modelTimeout was " + timeout + "; use a positive duration");
            }
            this.modelTimeout = timeout;
            return this;
        }

        /**
         * At most this many messages of an earlier conversation (a session's history, or the one
         * given to {@link Agent#run(WorkflowContext, String, List)}) go with each run; the oldest
         * whole turns are dropped first (default: all). The history the run ends with is the
         * shortened one, so a session stays this short.
         */
        public Builder historyLimit(int messages) {
            if (messages < 0) {
                throw new IllegalArgumentException("historyLimit was " + messages + "; use zero or more");
            }
            this.historyLimit = messages;
            return this;
        }

        public Agent build() {
            if (name == null) {
                throw new IllegalStateException("an agent needs a name: Agent.builder().name(\"support\")");
            }
            if (model == null && streamingModel == null) {
                throw new IllegalStateException("agent '" + name + "' needs a model: .model(Models.fromEnvironment())"
                        + " or any LangChain4j ChatModel, or .streamingModel(...)");
            }
            if (description == null) {
                description = "the agent " + name;
            }
            if (prices == null) {
                prices = PriceTable.fromEnvironment();
            }
            return new Agent(this);
        }

        private void add(Binding binding) {
            if (!NAME.matcher(binding.name()).matches()) {
                throw new IllegalArgumentException("tool name '" + binding.name()
                        + "' is not accepted by models; use 1 to 64 letters, digits, '_' or '-'");
            }
            Binding previous = tools.putIfAbsent(binding.name(), binding);
            if (previous != null) {
                throw new IllegalArgumentException("agent '" + name + "' has two tools named '" + binding.name()
                        + "'; give one @Tool(name = \"...\")");
            }
        }
    }

    static List<Binding> bindings(Agent agent) {
        return new ArrayList<>(agent.tools.values());
    }
}
