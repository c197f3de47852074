package dev.mainstay.sdk;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/** A run the client waited for ended FAILED; {@link #run()} holds its recorded error. */
public final class RunFailedException extends MainstayException {
    private final RunInfo run;

    public RunFailedException(RunInfo run) {
        super(ErrorCode.fromName(run.error() == null ? null : run.error().code()),
                "run " + run.id() + " of '" + run.workflow() + "' failed: "
                        + (run.error() == null ? "no error recorded" : run.error().code() + ": " + run.error().message()));
        this.run = run;
    }

    public RunInfo run() {
        return run;
    }
}
