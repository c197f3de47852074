package dev.mainstay.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code mainstay workflows show <name>}: its settings; {@code mainstay workflows pause|resume <name>}: stop
 * and restart the dispatch of a whole workflow;
 * {@code mainstay workflows retention <name> [DURATION | --clear]}: how long its finished runs are kept.
 */
@Command(name = "workflows", mixinStandardHelpOptions = true,
        description = "Pause and resume whole workflows; set how long their finished runs are kept.",
        subcommands = {WorkflowsCommand.Show.class, WorkflowsCommand.Pause.class, WorkflowsCommand.Resume.class,
                WorkflowsCommand.Retention.class})
final class WorkflowsCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show WORKFLOW's settings: limits, rate limit, queue, upgrade mode, pause and retention.")
    static final class Show implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;

        @Override
        public Integer call() {
            var w = api.client().workflow(workflow);
            StringBuilder out = new StringBuilder("workflow     ").append(w.workflow()).append(" (namespace ")
                    .append(w.namespace()).append(")\n");
            line(out, "run timeout", w.runTimeoutMs() == null ? null : w.runTimeoutMs() + " ms");
            line(out, "concurrency", w.maxConcurrency() == null ? null : w.maxConcurrency() + " at once"
                    + (w.queue() != null ? " in queue " + w.queue() : "")
                    + (w.concurrencyKey() != null ? " per " + w.concurrencyKey() : ""));
            line(out, "rate limit", w.rateLimit() == null ? null : w.rateLimit()
                    + (w.rateKey() != null ? " per " + w.rateKey() : ""));
            line(out, "upgrade", w.upgrade());
            line(out, "paused", w.paused() ? "since " + w.pausedAt() + (w.pausedBy() != null ? " by " + w.pausedBy() : "")
                    : "no");
            line(out, "retention", w.retention() != null ? w.retention() + " (its own)"
                    : w.runtimeRetention() != null ? w.runtimeRetention() + " (the runtime's)" : "runs kept forever");
            System.out.print(out);
            return 0;
        }

        private static void line(StringBuilder out, String label, String value) {
            if (value != null) {
                out.append(String.format("%-13s", label)).append(value).append('\n');
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "No run of WORKFLOW is dispatched until it is resumed (runs already running go on).")
    static final class Pause implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;

        @Override
        public Integer call() {
            api.client().pauseWorkflow(workflow);
            System.out.println("workflow " + workflow + " paused: its new runs wait until it is resumed");
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Dispatch the runs of WORKFLOW again.")
    static final class Resume implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;

        @Override
        public Integer call() {
            api.client().resumeWorkflow(workflow);
            System.out.println("workflow " + workflow + " resumed");
            return 0;
        }
    }

    @Command(name = "retention", mixinStandardHelpOptions = true,
            description = "Show, set (e.g. 7d) or --clear how long WORKFLOW's finished runs are kept before they are"
                    + " deleted, instead of the runtime's --retention.")
    static final class Retention implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;
        @Parameters(index = "1", arity = "0..1", paramLabel = "DURATION") String keep;
        @picocli.CommandLine.Option(names = "--clear", description = "Follow the runtime's retention again.")
        boolean clear;

        @Override
        public Integer call() {
            if (clear && keep != null) {
                throw new IllegalArgumentException("give a DURATION or --clear, not both");
            }
            var client = api.client();
            var retention = clear ? client.setRetention(workflow, null)
                    : keep == null ? client.retention(workflow)
                    : client.setRetention(workflow, dev.mainstay.gateway.GatewayLimits.parseDuration("DURATION", keep));
            System.out.println("workflow " + workflow + ": finished runs kept "
                    + (retention.retention() != null ? retention.retention() + " (its own)"
                    : retention.runtimeRetention() != null ? retention.runtimeRetention() + " (the runtime's)" : "forever"));
            return 0;
        }
    }
}
