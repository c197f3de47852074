package dev.mainstay.cli;

import dev.mainstay.sdk.WebhookInfo;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay webhooks create|list|delete}. */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Start workflows, or send events to waiting runs, from signed GitHub, Stripe, Slack or generic HMAC webhooks.",
        subcommands = {WebhooksCommand.Create.class, WebhooksCommand.List.class, WebhooksCommand.Delete.class})
final class WebhooksCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a webhook (or replace the one of that name); prints the URL to give the provider.")
    static final class Create implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--workflow", required = true, description = "The workflow each delivery starts.") String workflow;
        @Option(names = "--provider", required = true, description = "github, stripe, slack or generic.") String provider;
        @Option(names = "--secret", required = true, defaultValue = "${env:MAINSTAY_WEBHOOK_SECRET}",
                description = "The signing secret the provider uses (env MAINSTAY_WEBHOOK_SECRET; at least 16 characters).")
        String secret;
        @Option(names = "--correlate", description = "Deliver each body as an event to the waiting run of the workflow"
                + " whose idempotency key is at this path of the body ($.order.id), instead of starting a run.")
        String correlate;
        @Option(names = "--event", description = "With --correlate: the event's name (default: the webhook's name).")
        String event;

        @Override
        public Integer call() {
            WebhookInfo created = api.client().createWebhook(name, workflow, provider, secret, correlate, event);
            String does = created.correlate() == null ? "starts " + created.workflow()
                    : "sends event " + created.event() + " to the run of " + created.workflow() + " keyed by " + created.correlate();
            System.out.println("webhook " + created.name() + " (" + created.provider() + ") " + does
                    + "; deliveries go to " + created.url());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the webhooks of the namespace.")
    static final class List implements Callable<Integer> {
        @Mixin ApiOptions api;

        @Override
        public Integer call() {
            var rows = new ArrayList<String[]>();
            rows.add(new String[] {"NAME", "PROVIDER", "WORKFLOW", "DOES", "URL", "CREATED"});
            for (WebhookInfo w : api.client().webhooks()) {
                rows.add(new String[] {w.name(), w.provider(), w.workflow(),
                        w.correlate() == null ? "start" : "event " + w.event() + " by " + w.correlate(), w.url(),
                        String.valueOf(w.createdAt())});
            }
            System.out.print(Output.table(rows));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a webhook: its deliveries are refused.")
    static final class Delete implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            api.client().deleteWebhook(name);
            System.out.println("deleted webhook " + name);
            return 0;
        }
    }
}
