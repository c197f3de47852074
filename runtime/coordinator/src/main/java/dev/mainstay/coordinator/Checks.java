package dev.mainstay.coordinator;

import com.google.protobuf.ByteString;
import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.protocol.MainstayException;
import dev.mainstay.protocol.v1.EntryStatus;
import dev.mainstay.protocol.v1.Failure;
import dev.mainstay.protocol.v1.JournalEntry;

/**
 * The shape checks of what a worker asks to journal, made before anything reaches the store; each
 * answers null when the message is fine, or the refusal to send in its {@code Ack}.
 */
final class Checks {
    private Checks() {}

    /** An entry: a status, a kind, a JSON output when it succeeded, a failure code when it failed, JSON input if any. */
    static MainstayException entry(JsonPayloads json, String runId, JournalEntry entry) {
        int position = entry.getPosition();
        if (entry.getKind().isBlank()) {
            return invalid(runId, "the entry at position " + position + " has no kind");
        }
        if (entry.getStatus() == EntryStatus.SUCCEEDED) {
            MainstayException output = json(json, runId, "the output of the entry at position " + position, entry.getOutput());
            if (output != null) {
                return output;
            }
        } else if (entry.getStatus() == EntryStatus.FAILED) {
            MainstayException failure = failure(runId, entry.getFailure());
            if (failure != null) {
                return failure;
            }
        } else {
            return invalid(runId, "the entry at position " + position + " has status " + entry.getStatus()
                    + "; send SUCCEEDED or FAILED");
        }
        if (!entry.getInput().isEmpty()) {
            return json(json, runId, "the input of the entry at position " + position, entry.getInput());
        }
        return null;
    }

    /** A payload that must be one JSON value. */
    static MainstayException json(JsonPayloads json, String runId, String what, ByteString payload) {
        String problem = json.problem(payload);
        return problem == null ? null : new MalformedPayload(runId, what, problem);
    }

    /** A failure needs a code; its other fields are free text. */
    static MainstayException failure(String runId, Failure failure) {
        if (failure.getCode().isBlank()) {
            return invalid(runId, "a failure without a code");
        }
        return null;
    }

    private static MainstayException invalid(String runId, String what) {
        return new WorkerSession.OutcomeMissing(runId, what);
    }

    /** A worker payload that is not one JSON value: refused, so the journal and the API never hold it. */
    static final class MalformedPayload extends MainstayException {
        MalformedPayload(String runId, String what, String problem) {
            super(ErrorCode.MALFORMED_JSON, "run " + runId + ": " + what + " is not valid JSON: " + problem
                    + "; nothing was recorded (payloads must be one UTF-8 JSON value)");
        }
    }
}
