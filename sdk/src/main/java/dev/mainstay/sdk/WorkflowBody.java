package dev.mainstay.sdk;

/**
 * A workflow body registered in code with {@link Worker.Builder#registerWorkflow}, for workflows
 * that are built at runtime rather than written as {@code @Workflow} methods.
 *
 * <pre>{@code
 * Worker.builder().registerWorkflow("greet", String.class, (ctx, name) ->
 *         ctx.step("greet", String.class, () -> "hello " + name));
 * }</pre>
 */
@FunctionalInterface
public interface WorkflowBody<I> {
    Object run(WorkflowContext ctx, I input) throws Exception;
}
