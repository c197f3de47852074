package dev.mainstay.sdk;

import java.util.ArrayList;
import java.util.List;

/**
 * Which runs to list: null filters match all; {@code cursor} is a previous page's nextCursor.
 * {@code attributes}: filters by search attribute, each {@code name op value} with op one of
 * {@code = > >= < <=} ({@code "customer=c-42"}, {@code "amount>=100"}); all must match, at most 8.
 *
 * <pre>{@code
 * client.runs(RunQuery.defaults().withWorkflow("order").withAttribute("amount>=100"));
 * }</pre>
 */
public record RunQuery(String workflow, RunStatus status, int limit, String cursor, List<String> attributes) {
    public RunQuery {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    public RunQuery(String workflow, RunStatus status, int limit, String cursor) {
        this(workflow, status, limit, cursor, List.of());
    }

    public static RunQuery defaults() {
        return new RunQuery(null, null, 50, null);
    }

    public RunQuery withWorkflow(String workflow) { return new RunQuery(workflow, status, limit, cursor, attributes); }
    public RunQuery withStatus(RunStatus status) { return new RunQuery(workflow, status, limit, cursor, attributes); }
    public RunQuery withLimit(int limit) { return new RunQuery(workflow, status, limit, cursor, attributes); }
    public RunQuery withCursor(String cursor) { return new RunQuery(workflow, status, limit, cursor, attributes); }

    /** This query with one more attribute filter, such as {@code "amount>=100"}. */
    public RunQuery withAttribute(String filter) {
        List<String> more = new ArrayList<>(attributes);
        more.add(filter);
        return new RunQuery(workflow, status, limit, cursor, more);
    }
}
