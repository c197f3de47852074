package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;

/** A thrown exception as a wire {@link Failure}. */
final class Failures {
    private static final int MAX_STACK_CHARS = 16 * 1024;

    private Failures() {}

    static Failure of(ErrorCode code, Throwable t) {
        StringWriter stack = new StringWriter();
        t.printStackTrace(new PrintWriter(stack));
        String trace = stack.toString();
        if (trace.length() > MAX_STACK_CHARS) {
            trace = trace.substring(0, MAX_STACK_CHARS) + "\n\t... (truncated)";
        }
        return Failure.newBuilder()
                .setCode(code.name())
                .setType(t.getClass().getName())
                .setMessage(t.getMessage() == null ? "" : t.getMessage())
                .setStackTrace(trace)
                .build();
    }
}
