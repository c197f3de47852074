package dev.mainstay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mainstay runs watch <id>}: prints a run's progress live, from {@code GET /v1/runs/{id}/events}. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a run live: steps, model and tool calls, waits, until it ends.")
final class WatchRun implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper(dev.mainstay.protocol.JsonLimits.factory());

    @Mixin ApiOptions api;
    @Parameters(index = "0", paramLabel = "RUN_ID") String runId;

    @Override
    public Integer call() throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(api.url + "/v1/runs/" + runId + "/events"))
                .header("Accept", "text/event-stream").GET();
        String token = api.token();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        HttpResponse<Stream<String>> response = api.httpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            String body = String.join("\n", response.body().toList());
            System.err.println("error: " + MAPPER.readTree(body).path("message").asText(body));
            return 1;
        }
        String[] event = {null};
        StringBuilder data = new StringBuilder();
        Printer printer = new Printer(System.out);
        response.body().forEach(line -> {
            if (line.startsWith("event:")) {
                event[0] = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && event[0] != null) {
                printer.print(event[0], data.toString());
                event[0] = null;
                data.setLength(0);
            }
        });
        return 0;
    }

    /**
     * One line per event, except a step's live output ({@code step-output}: a model's tokens), which
     * is printed as it comes, on one line per step, closed by the next other event.
     */
    static final class Printer {
        private final java.io.PrintStream out;
        private int openOutput = -1; // the position whose live output line is open

        Printer(java.io.PrintStream out) {
            this.out = out;
        }

        void print(String event, String data) {
            if (event.equals("step-output")) {
                try {
                    JsonNode n = MAPPER.readTree(data);
                    int position = n.path("position").asInt();
                    if (position != openOutput) {
                        closeOutput();
                        out.printf("%3d  > ", position);
                        openOutput = position;
                    }
                    out.print(n.path("text").asText());
                    out.flush();
                    return;
                } catch (Exception e) {
                    // unreadable: printed whole below
                }
            }
            closeOutput();
            out.println(format(event, data));
            out.flush();
        }

        private void closeOutput() {
            if (openOutput != -1) {
                out.println();
                openOutput = -1;
            }
        }
    }

    static String format(String event, String data) {
        try {
            JsonNode n = MAPPER.readTree(data);
            return switch (event) {
                case "model-call" -> String.format("%3d  model  %-20s %s tokens in, %s out, %s ms%s", n.path("position").asInt(),
                        n.path("name").asText().substring(6), n.path("output").path("inputTokens").asText(),
                        n.path("output").path("outputTokens").asText(), n.path("output").path("latencyMs").asText(),
                        n.path("output").path("toolCalls").isEmpty() ? ": " + clip(n.path("output").path("text").asText())
                                : " -> calls " + names(n.path("output").path("toolCalls")));
                case "tool-call" -> String.format("%3d  tool   %-20s %s -> %s", n.path("position").asInt(),
                        n.path("name").asText().substring(5), n.path("output").path("arguments").asText(),
                        clip(n.path("output").path("error").isTextual() ? "ERROR " + n.path("output").path("error").asText()
                                : n.path("output").path("result").asText()));
                case "step" -> String.format("%3d  %-6s %-20s %s %s", n.path("position").asInt(), n.path("kind").asText(),
                        n.path("name").asText(), n.path("status").asText(), clip(n.path("output").toString()));
                case "step-started" -> String.format("%3d  %-6s %-20s started%s", n.path("position").asInt(),
                        n.path("kind").asText(), n.path("name").asText(),
                        n.path("attempt").asInt() > 1 ? ", attempt " + n.path("attempt").asInt() : "");
                case "dropped" -> "     (" + n.path("count").asLong() + " live events missed: this client fell behind)";
                case "status" -> "     status " + n.path("status").asText()
                        + (n.path("waitingFor").isTextual() ? ", waits for event '" + n.path("waitingFor").asText() + "'" : "");
                case "end" -> "     end: " + n.path("status").asText()
                        + (n.has("output") ? " " + clip(n.path("output").toString()) : "")
                        + (n.has("error") ? " " + n.path("error").path("message").asText() : "");
                default -> event + " " + data;
            };
        } catch (Exception e) {
            return event + " " + data;
        }
    }

    private static String names(JsonNode calls) {
        StringBuilder out = new StringBuilder();
        calls.forEach(c -> out.append(out.isEmpty() ? "" : ", ").append(c.path("name").asText()));
        return out.toString();
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
