package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.v1.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;

/** A thrown exception as a wire {@link Failure}, without the process's masked values ({@link MaskedValues}). */
final class Failures {
    private static final int MAX_STACK_CHARS = 16 * 1024;
    private static final int MAX_MESSAGE_CHARS = 4 * 1024;

    private Failures() {}

    static Failure of(ErrorCode code, Throwable t) {
        StringWriter stack = new StringWriter();
        t.printStackTrace(new PrintWriter(stack));
        // masked before truncating, so a cut cannot leave a masked value's beginning in the text
        String trace = truncate(MaskedValues.scrub(stack.toString()), MAX_STACK_CHARS);
        return Failure.newBuilder()
                .setCode(code.name())
                .setType(t.getClass().getName())
                .setMessage(truncate(t.getMessage() == null ? "" : MaskedValues.scrub(t.getMessage()), MAX_MESSAGE_CHARS))
                .setStackTrace(trace)
                .build();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "... (truncated)";
    }
}
