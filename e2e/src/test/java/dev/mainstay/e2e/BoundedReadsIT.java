package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reads a client cannot make unbounded: the journal comes in pages, event streams read only what
 * is new and are capped per run and in all.
 */
class BoundedReadsIT extends RealProcessesTest {

    static List<Integer> positions(JsonNode page) {
        List<Integer> positions = new ArrayList<>();
        page.path("entries").forEach(e -> positions.add(e.path("position").asInt()));
        return positions;
    }

    static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void theJournal_isReadInPages_andClientsFollowThem() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        Http http = new Http(processes);
        RunInfo run = startWhenRegistered("steps", new CountingWorker.Plan(dir.toString(), 520));
        assertThat(client.await(run.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        JsonNode first = http.get("/v1/runs/" + run.id() + "/journal").json();
        assertThat(positions(first)).as("the default page").isEqualTo(range(1, 500));
        assertThat(first.path("next").asInt()).isEqualTo(500);
        JsonNode last = http.get("/v1/runs/" + run.id() + "/journal?after=500").json();
        assertThat(positions(last)).isEqualTo(range(501, 520));
        assertThat(last.has("next")).as("the last page has no next").isFalse();
        JsonNode middle = http.get("/v1/runs/" + run.id() + "/journal?after=5&limit=10").json();
        assertThat(positions(middle)).isEqualTo(range(6, 15));
        assertThat(middle.path("next").asInt()).isEqualTo(15);
        assertThat(positions(http.get("/v1/runs/" + run.id() + "/journal?after=520").json())).isEmpty();

        GatewayErrorsIT.assertError(http.get("/v1/runs/" + run.id() + "/journal?limit=501"), 400, "INVALID_ARGUMENT",
                "limit", "500");
        GatewayErrorsIT.assertError(http.get("/v1/runs/" + run.id() + "/journal?after=-1"), 400, "INVALID_ARGUMENT", "after");
        GatewayErrorsIT.assertError(http.get("/v1/runs/" + run.id() + "/journal?after=x"), 400, "INVALID_ARGUMENT", "after");
        GatewayErrorsIT.assertError(http.get("/v1/runs/nope/journal"), 404, "RUN_NOT_FOUND");

        assertThat(client.journal(run.id())).as("the client follows the pages").hasSize(520);
        assertThat(cli("runs", "show", run.id(), "--url", processes.url())).contains("step-520");
        List<Sse.Event> events = Sse.follow(processes, run.id()).untilEnd(TIMEOUT);
        assertThat(events.stream().filter(e -> e.name().equals("step")).map(e -> e.json().path("position").asInt()))
                .as("the stream sends every entry once, past the first page").isEqualTo(range(1, 520));
    }

    @Test
    void aStreamOfParallelSteps_sendsEachEntryOnce_inWhateverOrderTheyCommit() throws Exception {
        processes.runtime(dataDir);
        processes.worker(CountingWorker.class.getName());
        RunInfo run = startWhenRegistered("fanout", new CountingWorker.Plan(dir.toString(), 40));
        List<Sse.Event> events = Sse.follow(processes, run.id()).untilEnd(TIMEOUT);
        List<Integer> sent = events.stream().filter(e -> e.name().equals("step"))
                .map(e -> e.json().path("position").asInt()).toList();
        assertThat(sent).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(range(1, 40));
        assertThat(events.getLast().name()).isEqualTo("end");
    }

    /** Opens a stream; returns its status, and the body when it was refused (an open stream is left open). */
    static HttpResponse<java.util.stream.Stream<String>> open(dev.mainstay.testing.ProcessSet processes, String runId)
            throws Exception {
        return HttpClient.newHttpClient().send(Sse.request(processes, runId), HttpResponse.BodyHandlers.ofLines());
    }

    static void assertRefused(HttpResponse<java.util.stream.Stream<String>> response, String flag) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        Http.Response body = new Http.Response(503, response.body().collect(Collectors.joining("\n")));
        GatewayErrorsIT.assertError(body, 503, "UNAVAILABLE", flag, "open event streams");
    }

    @Test
    void eventStreams_areCappedPerRunAndInAll() throws Exception {
        processes.runtime(dataDir, "--max-watchers-per-run", "2", "--max-watchers", "3");
        processes.worker(ObservedWorker.class.getName());
        RunInfo a = startWhenRegistered("onboarding", new ObservedWorker.Signup("ada", "acme"));
        RunInfo b = startWhenRegistered("onboarding", new ObservedWorker.Signup("bob", "acme"));
        await("both waiting").atMost(TIMEOUT).until(() -> client.run(a.id()).status() == RunStatus.SUSPENDED
                && client.run(b.id()).status() == RunStatus.SUSPENDED);

        Sse.Stream a1 = Sse.follow(processes, a.id());
        Sse.Stream a2 = Sse.follow(processes, a.id());
        assertRefused(open(processes, a.id()), "--max-watchers-per-run");
        Sse.Stream b1 = Sse.follow(processes, b.id());
        assertRefused(open(processes, b.id()), "--max-watchers");

        client.cancel(a.id());
        assertThat(a1.untilEnd(TIMEOUT).getLast().name()).isEqualTo("end");
        assertThat(a2.untilEnd(TIMEOUT).getLast().name()).isEqualTo("end");
        Sse.Stream b2 = await("a slot freed by the ended streams").atMost(TIMEOUT).ignoreExceptions()
                .until(() -> Sse.follow(processes, b.id()), s -> s != null);
        client.cancel(b.id());
        assertThat(b1.untilEnd(TIMEOUT).getLast().name()).isEqualTo("end");
        assertThat(b2.untilEnd(TIMEOUT).getLast().name()).isEqualTo("end");
    }
}
