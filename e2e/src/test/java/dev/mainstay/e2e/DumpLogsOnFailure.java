package dev.mainstay.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the logs of a test's processes only when it fails. */
final class DumpLogsOnFailure implements TestWatcher {
    private static final ThreadLocal<Processes> CURRENT = new ThreadLocal<>();

    static void track(Processes processes) {
        CURRENT.set(processes);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Processes processes = CURRENT.get();
        if (processes != null) {
            System.out.println("----- logs of " + context.getDisplayName() + " -----");
            processes.dumpLogs();
        }
    }
}
