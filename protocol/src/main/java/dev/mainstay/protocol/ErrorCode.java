package dev.mainstay.protocol;

/**
 * Every failure a caller can act on, with the one HTTP status it maps to. The name is the stable
 * {@code code} of JSON error bodies and of {@code Ack.error_code} on the worker stream.
 */
public enum ErrorCode {
    MALFORMED_JSON(400),
    INVALID_INPUT(400),
    INVALID_ARGUMENT(400),
    WORKFLOW_NOT_FOUND(404),
    RUN_NOT_FOUND(404),
    SCHEDULE_NOT_FOUND(404),
    INVALID_SCHEDULE(400),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    IDEMPOTENCY_KEY_REUSED(409),
    PAYLOAD_TOO_LARGE(413),
    /** a request body that is not JSON (a browser's form or text/plain post) */
    UNSUPPORTED_MEDIA_TYPE(415),
    URI_TOO_LONG(414),
    REQUEST_HEADERS_TOO_LARGE(431),
    STALE_EPOCH(409),
    RUN_ALREADY_FINISHED(409),
    /** A restart asked of a run that has not finished (only COMPLETED, FAILED or CANCELLED runs restart). */
    RUN_NOT_FINISHED(409),
    JOURNAL_CONFLICT(409),
    /** a run's journal would pass --max-journal-entries or --max-journal-bytes: the run fails */
    JOURNAL_TOO_LARGE(413),
    /** a bounded resource (a run's event inbox, the number of schedules) is full */
    LIMIT_EXCEEDED(429),
    /** a token started runs faster than --token-starts-per-second allows */
    RATE_LIMITED(429),
    NON_DETERMINISM(500),
    STEP_FAILED(500),
    STEP_TIMED_OUT(500),
    RUN_TIMED_OUT(500),
    WORKFLOW_FAILED(500),
    EVENT_REFUSED(409),
    CANCELLED(409),
    CONCURRENCY_LIMITED(429),
    /** an agent session already has a run in progress, or got one while a start was prepared */
    SESSION_BUSY(409),
    /** a worker registered a component differently from a connected worker that serves it */
    REGISTRATION_CONFLICT(409),
    /** a claim by a worker of another build than the run is pinned to (or, never claimed, than the current build) */
    WRONG_BUILD(409),
    /** no worker of that build ever registered the workflow (promote, rollback) */
    BUILD_NOT_FOUND(404),
    /** no token, or one that is malformed, unknown, expired or revoked */
    UNAUTHENTICATED(401),
    /** a valid token whose role does not allow the call */
    FORBIDDEN(403),
    UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code for a wire name, or {@link #INTERNAL} for a name this version does not know. */
    public static ErrorCode fromName(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
