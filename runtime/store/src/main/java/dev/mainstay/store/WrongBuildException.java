package dev.mainstay.store;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/**
 * A claim by a worker of another build than the run needs: the run is pinned to the build that
 * first ran it, or (never claimed yet) goes to its component's current build. Nothing was written;
 * the run stays PENDING for a worker of {@link #neededBuild()}.
 */
public final class WrongBuildException extends MainstayException {
    private final String neededBuild;
    private final boolean pinned;

    public WrongBuildException(String runId, String component, String neededBuild, boolean pinned, String offeredBuild) {
        super(ErrorCode.WRONG_BUILD, "run " + runId + " of '" + component + "' waits for a worker of build '"
                + neededBuild + "' (" + (pinned ? "it first ran on that build" : "the current build") + "), not '"
                + offeredBuild + "'; keep a worker of that build running until its runs end");
        this.neededBuild = neededBuild;
        this.pinned = pinned;
    }

    /** The build whose workers may claim the run. */
    public String neededBuild() {
        return neededBuild;
    }

    /** True when the run already ran on {@link #neededBuild()}; false when that is only the current build. */
    public boolean pinned() {
        return pinned;
    }
}
