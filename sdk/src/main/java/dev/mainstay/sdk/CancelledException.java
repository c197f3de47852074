package dev.mainstay.sdk;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/**
 * The run was cancelled. Thrown once, at the body's next ctx operation that is not a replay. Catch
 * it to run cleanup steps (they journal as usual); whatever the body then returns or throws, the run
 * ends CANCELLED.
 *
 * <pre>{@code
 * try {
 *     ctx.step("ship", ...);
 * } catch (CancelledException cancelled) {
 *     ctx.step("refund", ...);   // cleanup still runs durably
 *     throw cancelled;
 * }
 * }</pre>
 */
public final class CancelledException extends MainstayException {
    public CancelledException(String runId) {
        super(ErrorCode.CANCELLED, "run " + runId + " was cancelled");
    }
}
