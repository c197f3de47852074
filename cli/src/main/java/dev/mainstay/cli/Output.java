package dev.mainstay.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StepInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.List;

/** Human tables and machine JSON for the CLI. */
final class Output {
    enum Format { table, json }

    private static final int CELL = 48;
    static final ObjectMapper JSON = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory()).registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Output() {}

    static String json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String summary(RunInfo run) {
        StringBuilder out = new StringBuilder();
        out.append("run       ").append(run.id()).append('\n');
        out.append("workflow  ").append(run.workflow()).append(" (").append(run.kind().toLowerCase()).append(")\n");
        out.append("status    ").append(run.status()).append('\n');
        out.append("input     ").append(compact(run.input())).append('\n');
        if (run.output() != null) {
            out.append("output    ").append(compact(run.output())).append('\n');
        }
        if (run.error() != null) {
            out.append("error     ").append(run.error().code()).append(": ").append(run.error().message()).append('\n');
        }
        if (run.debounceKey() != null) {
            out.append("debounce  key ").append(run.debounceKey()).append(run.debouncing()
                    ? "; later starts with it replace its input until it wakes" : "").append('\n');
        }
        if (run.priority() != 0) {
            out.append("priority  ").append(run.priority()).append('\n');
        }
        if (run.parentId() != null) {
            out.append("parent    ").append(run.parentId()).append('\n');
        }
        if (run.startedBy() != null) {
            out.append("started by ").append(run.startedBy()).append('\n');
        }
        if (run.cancelledBy() != null) {
            out.append("cancelled by ").append(run.cancelledBy()).append('\n');
        }
        if (run.waitingFor() != null && run.status() != dev.mainstay.sdk.RunStatus.SUSPENDED) {
            out.append("waits for ").append(run.waitingFor()).append('\n');
        } else if (run.waitingFor() != null) {
            out.append("waits for event '").append(run.waitingFor()).append("'  (mainstay events send ")
                    .append(run.id()).append(' ').append(run.waitingFor()).append(" --data '<json>')\n");
        }
        if (run.wakeAt() != null) {
            out.append("wakes at  ").append(run.wakeAt()).append('\n');
        }
        run.attributes().forEach((name, value) -> out.append("attribute ").append(name).append(" = ")
                .append(value instanceof String ? "\"" + value + "\"" : value).append('\n'));
        out.append("created   ").append(run.createdAt());
        if (run.durationMs() != null) {
            out.append("  took ").append(run.durationMs()).append(" ms");
        }
        return out.toString();
    }

    static String runTable(List<RunInfo> runs) {
        List<String[]> rows = new ArrayList<>();
        boolean attributes = runs.stream().anyMatch(r -> !r.attributes().isEmpty());
        rows.add(attributes ? new String[] {"ID", "WORKFLOW", "STATUS", "CREATED", "MS", "ATTRIBUTES"}
                : new String[] {"ID", "WORKFLOW", "STATUS", "CREATED", "MS"});
        for (RunInfo r : runs) {
            String[] row = {r.id(), r.workflow(), r.status().name(), String.valueOf(r.createdAt()),
                    r.durationMs() == null ? "" : String.valueOf(r.durationMs())};
            if (attributes) {
                String shown = r.attributes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining(" "));
                row = java.util.Arrays.copyOf(row, 6);
                row[5] = shown.length() <= 80 ? shown : shown.substring(0, 77) + "...";
            }
            rows.add(row);
        }
        return table(rows);
    }

    static String journalTable(List<StepInfo> steps) {
        if (steps.isEmpty()) {
            return "journal   (empty)\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"POS", "KIND", "NAME", "STATUS", "ATTEMPT", "MS", "OUTPUT / ERROR"});
        for (StepInfo s : steps) {
            String result = s.error() != null ? describe(s.error()) : compact(s.output());
            rows.add(new String[] {String.valueOf(s.position()), s.kind(), s.name(), s.status(),
                    String.valueOf(s.attempt()), String.valueOf(s.durationMs()), result});
        }
        return table(rows);
    }

    static String attemptTable(List<dev.mainstay.sdk.AttemptInfo> attempts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"POS", "ATTEMPT", "NAME", "MS", "RETRY AT", "ERROR"});
        for (var a : attempts) {
            rows.add(new String[] {String.valueOf(a.position()), String.valueOf(a.attempt()), a.name(),
                    String.valueOf(a.durationMs()), String.valueOf(a.retryAt()),
                    a.error() == null ? "" : describe(a.error())});
        }
        return "failed attempts:\n" + table(rows);
    }

    /** The exception type when user code threw, else the runtime's error code; then the message. */
    private static String describe(dev.mainstay.sdk.ErrorInfo error) {
        return (error.type() != null ? error.type() : error.code()) + ": " + error.message();
    }

    private static String compact(JsonNode node) {
        String text = node == null ? "null" : node.toString();
        return text.length() > CELL ? text.substring(0, CELL - 3) + "..." : text;
    }

    static String table(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
