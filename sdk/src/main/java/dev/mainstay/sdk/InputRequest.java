package dev.mainstay.sdk;

import java.lang.reflect.Type;
import java.util.List;

/**
 * A question for a human, asked with {@link WorkflowContext#awaitInput}: the prompt, its kind, the
 * options of a choice, and the Java type of the answer. The question is journaled, so the CLI, the
 * API and the UI can show what a run waits for; the gateway refuses an answer that does not fit it.
 *
 * <pre>{@code
 * Optional<Boolean> approved = ctx.awaitInput("refund-approval",
 *         InputRequest.approval("Refund 120 EUR to order 1001?"), Duration.ofDays(2));
 * }</pre>
 */
public record InputRequest<T>(String prompt, Kind kind, List<String> options, Type answerType) {

    /** What kind of answer is expected: free text, yes/no, one of the options, or several of them. */
    public enum Kind { TEXT, APPROVAL, SELECT, MULTISELECT }

    public InputRequest {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("an input request needs a prompt");
        }
        options = List.copyOf(options);
        if ((kind == Kind.SELECT || kind == Kind.MULTISELECT) && options.isEmpty()) {
            throw new IllegalArgumentException("a " + kind + " request needs at least one option");
        }
    }

    public static InputRequest<String> text(String prompt) {
        return new InputRequest<>(prompt, Kind.TEXT, List.of(), String.class);
    }

    public static InputRequest<Boolean> approval(String prompt) {
        return new InputRequest<>(prompt, Kind.APPROVAL, List.of(), Boolean.class);
    }

    public static InputRequest<String> select(String prompt, List<String> options) {
        return new InputRequest<>(prompt, Kind.SELECT, options, String.class);
    }

    public static InputRequest<List<String>> multiselect(String prompt, List<String> options) {
        return new InputRequest<>(prompt, Kind.MULTISELECT, options, new TypeRef<List<String>>() {}.type());
    }
}
