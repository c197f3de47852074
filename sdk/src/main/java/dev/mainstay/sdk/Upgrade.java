package dev.mainstay.sdk;

/**
 * Which code a run of a workflow goes on with after a new build of its worker is deployed
 * ({@link Workflow#upgrade()}).
 *
 * <pre>{@code
 * @Workflow(name = "renew", upgrade = Upgrade.LATEST)
 * public String renew(WorkflowContext ctx, String account) {
 *     String check = ctx.patched("credit-check")          // runs that passed here before: false
 *             ? ctx.step("credit-check", String.class, () -> credit.check(account))
 *             : ctx.step("risk-score", String.class, () -> risk.score(account));
 *     ...
 * }
 * }</pre>
 */
public enum Upgrade {
    /**
     * A run stays on the build that first ran it, until it ends: a run is never replayed by code it
     * did not start on, so a change needs no patch. Old builds run until their runs have ended.
     */
    PINNED,
    /**
     * A run goes on with the workflow's current build (the newest, unless another was promoted) at
     * every dispatch: after a sleep, an event or a restart it may replay on newer code than it
     * started on. Every change to the body must then be guarded by {@link WorkflowContext#patched},
     * or old runs fail with a non-determinism. Old builds can be stopped at once.
     */
    LATEST
}
