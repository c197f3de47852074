package dev.mainstay.sdk;

/**
 * How long a workflow's finished runs are kept ({@link MainstayClient#retention}): {@code retention}
 * its own (e.g. "7d"; null: it follows the runtime's), {@code runtimeRetention} the runtime's
 * {@code --retention} (null: finished runs are kept unless their workflow has a retention).
 */
public record WorkflowRetention(String workflow, String retention, String runtimeRetention) {}
