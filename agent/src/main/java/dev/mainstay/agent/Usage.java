package dev.mainstay.agent;

/**
 * Tokens and cost of model calls, and how many model and tool calls there were. Per model call in
 * the journal, summed per agent run in {@link AgentResult}. {@code costUsd} is 0 for a model the
 * {@link PriceTable} does not list.
 */
public record Usage(long inputTokens, long outputTokens, double costUsd, int modelCalls, int toolCalls) {

    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                costUsd + other.costUsd, modelCalls + other.modelCalls, toolCalls + other.toolCalls);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}
