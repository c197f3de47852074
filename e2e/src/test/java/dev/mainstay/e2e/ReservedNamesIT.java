package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names the runtime writes itself cannot be used through the public API: a client cannot forge a
 * child's outcome ({@code child:<id>} events) nor take a child's or a schedule's idempotency key
 * in advance ({@code child:*}, {@code schedule:<id>:<slot>}).
 */
class ReservedNamesIT extends RealProcessesTest {

    List<String> children(String runId) {
        return client.journal(runId).stream().filter(s -> s.kind().equals("child"))
                .map(s -> s.output().get("runId").asText()).toList();
    }

    @Test
    void aForgedChildOutcome_isRefused_andTheParentGetsTheRealOne() throws Exception {
        processes.runtime(dataDir);
        processes.worker(FamilyWorker.class.getName());
        Http http = new Http(processes);
        RunInfo parent = startWhenRegistered("parent", 21);
        await("waiting for its required child").atMost(TIMEOUT).until(() -> children(parent.id()).size() == 3
                && client.run(children(parent.id()).get(1)).status() == RunStatus.SUSPENDED
                && client.run(parent.id()).status() == RunStatus.SUSPENDED);
        String required = children(parent.id()).get(1);
        String detached = children(parent.id()).get(2);

        String forged = "{\"runId\":\"" + required + "\",\"status\":\"COMPLETED\",\"output\":\"forged\"}";
        GatewayErrorsIT.assertError(http.post("/v1/runs/" + parent.id() + "/events/child:" + required, forged), 400,
                "INVALID_ARGUMENT", "child:", "reserved");
        GatewayErrorsIT.assertError(http.post("/v1/runs/" + parent.id() + "/events/child:anything", "1"), 400,
                "INVALID_ARGUMENT", "reserved");
        assertThat(client.run(parent.id()).status()).as("nothing woke the parent").isEqualTo(RunStatus.SUSPENDED);

        client.sendEvent(required, "go", "yes", "go-1");
        RunInfo done = client.await(parent.id(), TIMEOUT);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("42:required got yes");
        // a name that merely contains the word is an ordinary event
        assertThat(http.post("/v1/runs/" + detached + "/events/my-child:note", "1").status()).isEqualTo(202);
    }

    @Test
    void reservedIdempotencyKeys_areRefused_andStartNothing() throws Exception {
        processes.runtime(dataDir);
        processes.worker(FamilyWorker.class.getName());
        Http http = new Http(processes);
        RunInfo first = startWhenRegistered("double", 1);
        assertThat(client.await(first.id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);

        long slot = System.currentTimeMillis() / 60_000 * 60_000 + 60_000;
        GatewayErrorsIT.assertError(http.post("/v1/workflows/double/runs", "2", "Idempotency-Key", "schedule:nightly:" + slot),
                400, "INVALID_ARGUMENT", "Idempotency-Key", "reserved", "schedule:");
        GatewayErrorsIT.assertError(http.post("/v1/workflows/double/runs", "2", "Idempotency-Key", "child:" + first.id()),
                400, "INVALID_ARGUMENT", "reserved", "child:");
        GatewayErrorsIT.assertError(http.post("/v1/functions/double/runs", "2", "Idempotency-Key", "schedule:x"),
                400, "INVALID_ARGUMENT", "reserved");
        GatewayErrorsIT.assertError(http.post("/v1/runs/" + first.id() + "/events/ping", "2", "Idempotency-Key", "child:x"),
                400, "INVALID_ARGUMENT", "reserved");
        assertThat(http.get("/v1/runs?workflow=double").json().path("runs")).as("no run started").hasSize(1);
        assertThat(http.post("/v1/workflows/double/runs", "2", "Idempotency-Key", "my-schedule:1").status()).isEqualTo(201);
    }
}
