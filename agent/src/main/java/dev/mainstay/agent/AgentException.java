package dev.mainstay.agent;

/**
 * An agent run that cannot finish: it used up its iterations, or its final answer could not be
 * read as the output type after the retries. Thrown from {@link Agent#run}; uncaught, it fails the
 * workflow run with this message.
 */
public final class AgentException extends RuntimeException {

    public enum Reason { MAX_ITERATIONS, OUTPUT_NOT_PARSED }

    private final String agent;
    private final Reason reason;

    public AgentException(String agent, Reason reason, String message) {
        super(message);
        this.agent = agent;
        this.reason = reason;
    }

    public String agent() {
        return agent;
    }

    public Reason reason() {
        return reason;
    }
}
