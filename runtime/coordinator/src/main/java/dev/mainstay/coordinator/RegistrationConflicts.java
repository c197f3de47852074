package dev.mainstay.coordinator;

import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a registration may not change while other workers serve the component. A registration
 * overwrites the stored definition (kind, input schema, run timeout, concurrency limit, rate limit, cron
 * schedule, upgrade mode) that the gateway and the engine apply to every run of the component. While workers that
 * serve it another way are connected, a newcomer that wins silently would change the rules under
 * their runs (a schedule deleted, a limit lifted), so it is refused instead; with none connected,
 * the newcomer is the new truth, as a deploy expects.
 */
final class RegistrationConflicts {
    private RegistrationConflicts() {}

    /** The differences of {@code mine} from {@code theirs}, one phrase each; empty when they agree. */
    static List<String> differences(Component mine, Component theirs) {
        List<String> found = new ArrayList<>();
        if (mine.getKind() != theirs.getKind()) {
            found.add("kind " + mine.getKind() + " here, " + theirs.getKind() + " there");
        }
        if (!mine.getInputSchema().strip().equals(theirs.getInputSchema().strip())) {
            found.add("input schema " + quoted(mine.getInputSchema()) + " here, " + quoted(theirs.getInputSchema()) + " there");
        }
        if (mine.getRunTimeoutMs() != theirs.getRunTimeoutMs()) {
            found.add("run_timeout_ms " + mine.getRunTimeoutMs() + " here, " + theirs.getRunTimeoutMs() + " there");
        }
        if (mine.getMaxConcurrency() != theirs.getMaxConcurrency()) {
            found.add("max_concurrency " + mine.getMaxConcurrency() + " here, " + theirs.getMaxConcurrency() + " there");
        }
        if (!mine.getConcurrencyKey().equals(theirs.getConcurrencyKey())) {
            found.add("concurrency_key " + quoted(mine.getConcurrencyKey()) + " here, " + quoted(theirs.getConcurrencyKey()) + " there");
        }
        if (!rate(mine).equals(rate(theirs))) {
            found.add("rate_limit " + rate(mine) + " here, " + rate(theirs) + " there");
        }
        if (!mine.getRateKey().equals(theirs.getRateKey())) {
            found.add("rate_key " + quoted(mine.getRateKey()) + " here, " + quoted(theirs.getRateKey()) + " there");
        }
        if (!mine.getQueue().equals(theirs.getQueue())) {
            found.add("queue " + quoted(mine.getQueue()) + " here, " + quoted(theirs.getQueue()) + " there");
        }
        if (Messages.upgrade(mine.getUpgrade()) != Messages.upgrade(theirs.getUpgrade())) {
            // PINNED and LATEST workers side by side would each move the runs the other's rule keeps
            found.add("upgrade " + Messages.upgrade(mine.getUpgrade()) + " here, " + Messages.upgrade(theirs.getUpgrade())
                    + " there");
        }
        String mySchedule = schedule(mine);
        String theirSchedule = schedule(theirs);
        if (!Objects.equals(mySchedule, theirSchedule)) {
            found.add("schedule " + mySchedule + " here, " + theirSchedule + " there");
        }
        return found;
    }

    /** The limit in its canonical spelling ("60/1m" and "60/60s" agree), or the text as given when it does not parse. */
    private static String rate(Component c) {
        if (c.getRateLimit().isBlank()) {
            return "(none)";
        }
        try {
            return "'" + dev.mainstay.protocol.RateLimit.parse(c.getRateLimit()) + "'";
        } catch (IllegalArgumentException e) {
            return quoted(c.getRateLimit());
        }
    }

    private static String schedule(Component c) {
        if (!c.hasSchedule()) {
            return "none";
        }
        Schedule s = c.getSchedule();
        String when = s.getCron().isBlank() ? "every " + s.getEveryMs() + " ms" : "cron '" + s.getCron().strip() + "'";
        String zone = s.getTimeZone().isBlank() ? "UTC" : s.getTimeZone();
        String misfire = s.getMisfire().isBlank() ? "SKIP" : s.getMisfire();
        return "(" + when + " in " + zone + ", misfire " + misfire + ")";
    }

    static String quoted(String s) {
        if (s.isBlank()) {
            return "(none)";
        }
        String shown = s.length() > 120 ? s.substring(0, 120) + "…" : s;
        return "'" + shown + "'";
    }
}
