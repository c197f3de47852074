package dev.mainstay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A test client of {@code GET /v1/runs/{id}/events}: the server-sent events of one run, parsed. */
final class Sse {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Event(String name, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + data, e);
            }
        }
    }

    /** A stream being read in the background. */
    static final class Stream {
        private final CompletableFuture<List<Event>> events;

        private Stream(CompletableFuture<List<Event>> events) {
            this.events = events;
        }

        /** Every event up to and including {@code end} (the server closes the stream after it). */
        List<Event> untilEnd(Duration timeout) throws Exception {
            return events.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Sse() {}

    /**
     * Opens the stream and returns once the server answered: from then on the runtime counts this
     * client as a watcher of the run.
     */
    static Stream follow(dev.mainstay.testing.ProcessSet processes, String runId) throws Exception {
        return follow(processes, runId, processes.adminToken());
    }

    /** As {@link #follow(dev.mainstay.testing.ProcessSet, String)}, with {@code token}. */
    static Stream follow(dev.mainstay.testing.ProcessSet processes, String runId, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(processes.url() + "/v1/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("events of " + runId + ": HTTP " + response.statusCode());
        }
        return new Stream(CompletableFuture.supplyAsync(() -> parse(response.body())));
    }

    /**
     * Reads the stream of {@code runId} here, to its end; runs {@code action} once, when the first
     * event that {@code trigger} accepts arrives (to act on the run only once the stream saw it).
     */
    static List<Event> followUntilEnd(dev.mainstay.testing.ProcessSet processes, String runId,
                                      java.util.function.Predicate<Event> trigger, ThrowingRunnable action) throws Exception {
        HttpRequest request = request(processes, runId);
        HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("events of " + runId + ": HTTP " + response.statusCode());
        }
        boolean[] fired = {false};
        return parse(response.body(), event -> {
            if (!fired[0] && trigger.test(event)) {
                fired[0] = true;
                try {
                    action.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }

    /** The events of {@code runId}, asked with the set's admin token. */
    static HttpRequest request(dev.mainstay.testing.ProcessSet processes, String runId) {
        return HttpRequest.newBuilder(URI.create(processes.url() + "/v1/runs/" + runId + "/events"))
                .header("Authorization", "Bearer " + processes.adminToken()).GET().build();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static List<Event> parse(java.util.stream.Stream<String> lines) {
        return parse(lines, event -> {});
    }

    private static List<Event> parse(java.util.stream.Stream<String> lines, java.util.function.Consumer<Event> each) {
        List<Event> events = new ArrayList<>();
        String[] name = {null};
        StringBuilder data = new StringBuilder();
        lines.forEach(line -> {
            if (line.startsWith("event:")) {
                name[0] = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && name[0] != null) {
                Event event = new Event(name[0], data.toString());
                events.add(event);
                each.accept(event);
                name[0] = null;
                data.setLength(0);
            }
        });
        return events;
    }
}
