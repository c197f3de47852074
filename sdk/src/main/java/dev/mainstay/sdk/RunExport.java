package dev.mainstay.sdk;

import java.util.List;

/**
 * A run as {@code mainstay runs export <id>} writes it: everything needed to replay it against other
 * code without a runtime ({@code dev.mainstay.testing.Replayer}). {@code run} is the run as
 * {@code GET /v1/runs/{id}} shows it (input, status, outcome), {@code journal} every entry as
 * {@code GET /v1/runs/{id}/journal} shows it (kind, name, status, input, output or error, attempt,
 * timings), {@code failedAttempts} the failed attempts (those at a position with no entry yet name the
 * step a replay must ask for there). {@code format} is {@link #FORMAT}; a reader refuses another one.
 *
 * <pre>{@code
 * RunExport export = client.export(runId);   // or: mainstay runs export <id> > run.json
 * }</pre>
 */
public record RunExport(int format, RunInfo run, List<StepInfo> journal, List<AttemptInfo> failedAttempts) {
    /** The version of this shape; raised when a field changes meaning or a reader would need a new one. */
    public static final int FORMAT = 1;

    public RunExport {
        journal = journal == null ? List.of() : List.copyOf(journal);
        failedAttempts = failedAttempts == null ? List.of() : List.copyOf(failedAttempts);
    }
}
