package dev.mainstay.cli;

import dev.mainstay.protocol.MainstayException;
import picocli.CommandLine;

/** Prints a user's error as one line with its code (exit 1); a bug keeps its stack trace (exit 2). */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof MainstayException m) {
            cmd.getErr().println("error: " + m.code() + ": " + m.getMessage());
            return 1;
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        }
        e.printStackTrace(cmd.getErr());
        return 2;
    }
}
