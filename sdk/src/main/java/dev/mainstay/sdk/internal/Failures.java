package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;

/** A thrown exception as a wire {@link Failure}. */
final class Failures {
    private static final int MAX_STACK_CHARS = 16 * 1024;
    private static final int MAX_MESSAGE_CHARS = 4 * 1024;

    private Failures() {}

    static Failure of(ErrorCode code, Throwable t) {
        StringWriter stack = new StringWriter();
        t.printStackTrace(new PrintWriter(stack));
        String trace = stack.toString();
        trace = truncate(trace, MAX_STACK_CHARS);
        return Failure.newBuilder()
                .setCode(code.name())
                .setType(t.getClass().getName())
                .setMessage(truncate(t.getMessage() == null ? "" : t.getMessage(), MAX_MESSAGE_CHARS))
                .setStackTrace(trace)
                .build();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (truncated)";
    }
}
