package dev.mainstay.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Prints a run's live model tokens as they arrive, from its server-sent events
 * ({@code GET /v1/runs/{id}/events}, the stream behind {@code mainstay runs watch}); for the demo.
 */
final class LiveTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveTokens() {}

    /** Follows the run on a thread of its own, which ends when the run does. */
    static Thread follow(String url, String token, String runId) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url + "/v1/runs/" + runId + "/events"))
                        .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        return Thread.ofVirtual().start(() -> {
            boolean[] open = {false};
            String[] event = {null};
            response.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    event[0] = line.substring(6).trim();
                } else if (line.startsWith("data:") && "step-output".equals(event[0])) {
                    if (!open[0]) {
                        System.out.print("agent (live, token by token): ");
                        open[0] = true;
                    }
                    System.out.print(text(line.substring(5)));
                    System.out.flush();
                } else if (line.startsWith("data:") && open[0]) {
                    System.out.println();
                    open[0] = false;
                }
            });
        });
    }

    private static String text(String data) {
        try {
            JsonNode n = JSON.readTree(data);
            return n.path("text").asText();
        } catch (Exception e) {
            return "";
        }
    }
}
