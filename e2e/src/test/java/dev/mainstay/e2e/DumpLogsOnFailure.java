package dev.mainstay.e2e;

import dev.mainstay.testing.ProcessSet;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the logs of a test's processes only when it fails. */
final class DumpLogsOnFailure implements TestWatcher {
    private static final ThreadLocal<List<ProcessSet>> CURRENT = new ThreadLocal<>();

    /** The sets whose logs a failure of the running test prints: its own, and a runtime it shares. */
    static void track(ProcessSet... processes) {
        CURRENT.set(List.of(processes));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        List<ProcessSet> sets = CURRENT.get();
        if (sets != null) {
            System.out.println("----- logs of " + context.getDisplayName() + " -----");
            sets.forEach(processes -> System.out.println(processes.dumpLogs()));
        }
    }
}
