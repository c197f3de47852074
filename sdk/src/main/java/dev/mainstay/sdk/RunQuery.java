package dev.mainstay.sdk;

/** Which runs to list: null filters match all; {@code cursor} is a previous page's nextCursor. */
public record RunQuery(String workflow, RunStatus status, int limit, String cursor) {
    public static RunQuery defaults() {
        return new RunQuery(null, null, 50, null);
    }

    public RunQuery withWorkflow(String workflow) { return new RunQuery(workflow, status, limit, cursor); }
    public RunQuery withStatus(RunStatus status) { return new RunQuery(workflow, status, limit, cursor); }
    public RunQuery withLimit(int limit) { return new RunQuery(workflow, status, limit, cursor); }
    public RunQuery withCursor(String cursor) { return new RunQuery(workflow, status, limit, cursor); }
}
