package dev.mainstay.sdk;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;

/**
 * A step's result (or a call's input) is larger than the runtime accepts (--max-payload-bytes).
 * It surfaces as the cause of a {@link StepFailedException}; keep large data elsewhere and journal a
 * reference to it.
 */
public final class PayloadTooLargeException extends MainstayException {
    private final int size;
    private final int limit;

    public PayloadTooLargeException(String what, int size, int limit) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, "'" + what + "' has " + size + " bytes of JSON, over the runtime's limit of "
                + limit + " (--max-payload-bytes); store large data elsewhere and journal a reference");
        this.size = size;
        this.limit = limit;
    }

    public int size() { return size; }
    public int limit() { return limit; }
}
