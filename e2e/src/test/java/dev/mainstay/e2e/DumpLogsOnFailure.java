package dev.mainstay.e2e;

import dev.mainstay.testing.ProcessSet;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the logs of a test's processes only when it fails. */
final class DumpLogsOnFailure implements TestWatcher {
    private static final ThreadLocal<ProcessSet> CURRENT = new ThreadLocal<>();

    static void track(ProcessSet processes) {
        CURRENT.set(processes);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ProcessSet processes = CURRENT.get();
        if (processes != null) {
            System.out.println("----- logs of " + context.getDisplayName() + " -----");
            System.out.println(processes.dumpLogs());
        }
    }
}
