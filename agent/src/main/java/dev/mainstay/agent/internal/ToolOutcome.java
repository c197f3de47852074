package dev.mainstay.agent.internal;

/**
 * What one tool call journals (the output of its step): the call, its arguments, and the result or
 * the error the model is told. A tool's exception, a misfit argument, an unknown tool and a
 * human's rejection are all errors the model sees, never a crash of the run.
 */
public record ToolOutcome(String callId, String tool, String arguments, String result, String error) {

    public static ToolOutcome ok(String callId, String tool, String arguments, String result) {
        return new ToolOutcome(callId, tool, arguments, result, null);
    }

    public static ToolOutcome failed(String callId, String tool, String arguments, String error) {
        return new ToolOutcome(callId, tool, arguments, null, error);
    }

    public boolean hasError() {
        return error != null;
    }

    /** The text the model receives as the tool's result. */
    public String forModel() {
        return error != null ? "ERROR: " + error : result;
    }
}
