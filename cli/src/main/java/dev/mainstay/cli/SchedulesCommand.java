package dev.mainstay.cli;

import dev.mainstay.sdk.ScheduleInfo;
import dev.mainstay.sdk.ScheduleRequest;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mainstay schedules create|list|delete}. */
@Command(name = "schedules", mixinStandardHelpOptions = true, description = "Start workflows on a cron expression or an interval.",
        subcommands = {SchedulesCommand.Create.class, SchedulesCommand.List.class, SchedulesCommand.Delete.class})
final class SchedulesCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a schedule (or replace the one --id names). Each slot starts one run, never twice.")
    static final class Create implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "WORKFLOW") String workflow;
        @ArgGroup(exclusive = true, multiplicity = "1") When when;
        @Option(names = "--zone", description = "IANA time zone the cron expression is read in (default UTC).")
        String zone;
        @Option(names = "--input", description = "The input of every run, as JSON.")
        String input;
        @Option(names = "--misfire", description = "Slots missed while the runtime was down: skip (default), fire-once, catch-up.")
        String misfire;
        @Option(names = "--id", description = "The schedule's id (default: generated).")
        String id;

        static final class When {
            @Option(names = "--cron", required = true, description = "5 fields: minute hour day-of-month month day-of-week, e.g. '0 9 * * MON-FRI'.")
            String cron;
            @Option(names = "--every", required = true, description = "A fixed interval: 30s, 5m, 1h, 1d or an ISO-8601 duration (PT5M).")
            String every;
        }

        @Override
        public Integer call() throws Exception {
            Object payload = input == null ? null : Output.JSON.readTree(input);
            ScheduleInfo created = api.client().createSchedule(new ScheduleRequest(id, workflow, when.cron,
                    when.every == null ? null : parseDuration(when.every).toMillis(), zone, payload, misfire));
            System.out.println("schedule " + created.id() + " starts '" + created.workflow() + "' "
                    + describe(created) + "; next run at " + created.nextFireAt());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules and their next slot.")
    static final class List implements Callable<Integer> {
        @Mixin ApiOptions api;

        @Override
        public Integer call() {
            var schedules = api.client().schedules();
            if (schedules.isEmpty()) {
                System.out.println("no schedules");
                return 0;
            }
            System.out.printf("%-28s %-18s %-26s %-10s %-24s %s%n", "ID", "WORKFLOW", "WHEN", "MISFIRE", "NEXT", "ORIGIN");
            for (ScheduleInfo s : schedules) {
                System.out.printf("%-28s %-18s %-26s %-10s %-24s %s%n", s.id(), s.workflow(), describe(s), s.misfire(),
                        s.nextFireAt(), s.origin());
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a schedule; runs it started go on.")
    static final class Delete implements Callable<Integer> {
        @Mixin ApiOptions api;
        @Parameters(index = "0", paramLabel = "SCHEDULE_ID") String id;

        @Override
        public Integer call() {
            api.client().deleteSchedule(id);
            System.out.println("schedule " + id + " deleted");
            return 0;
        }
    }

    static String describe(ScheduleInfo s) {
        return s.cron() != null ? "cron '" + s.cron() + "' " + s.timeZone() : "every " + Duration.ofMillis(s.everyMs());
    }

    /** 30s, 5m, 2h, 1d, or ISO-8601 (PT5M). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase());
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--every '" + text + "' is not a duration; use 30s, 5m, 1h, 1d or PT5M");
        }
    }
}
