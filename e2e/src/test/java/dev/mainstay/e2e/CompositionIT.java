package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.e2e.CountingWorker.Plan;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.testing.ProcessSet;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Composition: parallel steps, child workflows, against real processes. The tests without a kill
 * share one runtime ({@link #sharedRuntime}).
 */
class CompositionIT extends RealProcessesTest {

    @Test
    @AlsoOnPostgres
    void parallelSteps_survive_killOfTheWorker_withoutRerunningJournaledSteps() throws Exception {
        processes.runtime(dataDir);
        Process worker = processes.worker(CountingWorker.class.getName(), "--block-at", "7");
        RunInfo run = startWhenRegistered("fanout", new Plan(dir.toString(), 20));
        await("19 steps journaled, step 7 in flight").atMost(TIMEOUT)
                .until(() -> Files.exists(dir.resolve("started-7")) && client.journal(run.id()).size() == 19);

        ProcessSet.kill(worker);
        processes.worker(CountingWorker.class.getName());
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().toString())
                .isEqualTo(IntStream.rangeClosed(1, 20).mapToObj(i -> "" + i * 10).toList().toString().replace(" ", ""));
        assertThat(client.journal(run.id())).extracting(StepInfo::position)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).boxed().toList());
        List<String> effects = CountingWorker.effects(dir);
        assertThat(effects).as("the step in flight at the kill ran again, no other").hasSize(21)
                .filteredOn(line -> line.endsWith(" step 7")).hasSize(2);
        assertThat(effects.stream().distinct()).hasSize(20);
    }

    @Test
    void fanOutExample_asksTwentySuppliersInParallel_andJournalsEachQuoteAtItsPosition() throws Exception {
        sharedRuntime();
        processes.worker(dev.mainstay.examples.ExampleWorker.class.getName());
        RunInfo run = startWhenRegistered("best-price", new dev.mainstay.examples.PriceQuotes.Request("lamp", 20));
        RunInfo done = client.await(run.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().get("quotes").asInt()).isEqualTo(20);
        List<StepInfo> journal = client.journal(run.id());
        assertThat(journal).extracting(StepInfo::name)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "quote-supplier-" + i).toList());
        String cheapest = journal.stream().min(java.util.Comparator.comparing(s -> s.output().get("price").decimalValue()))
                .orElseThrow().output().get("supplier").asText();
        assertThat(done.output().get("cheapest").get("supplier").asText()).isEqualTo(cheapest);
        long overlapping = journal.stream().filter(s -> s.startedAt().isBefore(journal.get(0).finishedAt())).count();
        assertThat(overlapping).as("the quotes ran at the same time, not one after another").isGreaterThan(1);
    }

    /** The ids of the children a run started, from its journal, in start order. */
    List<String> children(String runId) {
        return client.journal(runId).stream().filter(s -> s.kind().equals("child"))
                .map(s -> s.output().get("runId").asText()).toList();
    }

    @Test
    @AlsoOnPostgres
    void childRuns_returnTheirResultToTheParent_acrossAKillOfEverything() throws Exception {
        Process runtime = processes.runtime(dataDir);
        Process worker = processes.worker(FamilyWorker.class.getName());
        RunInfo parent = startWhenRegistered("parent", 21);
        await("both waiters started and waiting").atMost(TIMEOUT).until(() -> children(parent.id()).size() == 3
                && children(parent.id()).stream().skip(1).allMatch(id -> client.run(id).status() == RunStatus.SUSPENDED)
                && client.run(parent.id()).status() == RunStatus.SUSPENDED);
        List<String> children = children(parent.id());
        assertThat(client.run(children.get(0)).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(client.run(children.get(0)).parentId()).isEqualTo(parent.id());

        ProcessSet.kill(worker);
        ProcessSet.kill(runtime);
        processes.runtime(dataDir);
        processes.worker(FamilyWorker.class.getName());
        client.sendEvent(children.get(1), "go", "yes", "go-1");
        RunInfo done = client.await(parent.id(), TIMEOUT);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output().asText()).isEqualTo("42:required got yes");
        assertThat(client.journal(parent.id())).extracting(StepInfo::kind)
                .containsExactly("child", "event", "child", "child", "event");
        assertThat(client.run(children.get(2)).status()).as("the detached child lives on").isEqualTo(RunStatus.SUSPENDED);
    }

    @Test
    void cancellingAParent_cancelsItsRequiredChildren_notTheDetachedOnes() throws Exception {
        sharedRuntime();
        processes.worker(FamilyWorker.class.getName());
        RunInfo parent = startWhenRegistered("parent", 1);
        await("waiting for its required child").atMost(TIMEOUT).until(() -> children(parent.id()).size() == 3
                && client.run(parent.id()).status() == RunStatus.SUSPENDED);
        List<String> children = children(parent.id());

        client.cancel(parent.id());

        assertThat(client.await(parent.id(), TIMEOUT).status()).isEqualTo(RunStatus.CANCELLED);
        await("required child cancelled").atMost(TIMEOUT)
                .until(() -> client.run(children.get(1)).status() == RunStatus.CANCELLED);
        assertThat(client.run(children.get(2)).status()).isEqualTo(RunStatus.SUSPENDED);
    }

    @Test
    @AlsoOnPostgres
    void concurrencyLimit_runsOneAtATimePerKey_andTheOthersWaitVisibly() throws Exception {
        sharedRuntime();
        processes.worker(FamilyWorker.class.getName());
        RunInfo first = startWhenRegistered("serial", new FamilyWorker.Job("c1", "first"));
        await("first waits for its event").atMost(TIMEOUT).until(() -> client.run(first.id()).status() == RunStatus.SUSPENDED);
        RunInfo second = client.start("serial", new FamilyWorker.Job("c1", "second"));
        RunInfo other = client.start("serial", new FamilyWorker.Job("c2", "other"));

        await("another customer is not held").atMost(TIMEOUT)
                .until(() -> client.run(other.id()).status() == RunStatus.SUSPENDED);
        await("the second of c1 is held, visibly").atMost(TIMEOUT)
                .until(() -> client.run(second.id()).waitingFor() != null);
        assertThat(client.run(second.id()).status()).isEqualTo(RunStatus.PENDING);
        assertThat(client.run(second.id()).waitingFor()).contains("concurrency limit");

        client.sendEvent(first.id(), "done", "ok", null);
        assertThat(client.await(first.id(), TIMEOUT).output().asText()).isEqualTo("first ok");
        await("the second takes the place").atMost(TIMEOUT)
                .until(() -> client.run(second.id()).status() == RunStatus.SUSPENDED);
        client.sendEvent(second.id(), "done", "ok", null);
        assertThat(client.await(second.id(), TIMEOUT).output().asText()).isEqualTo("second ok");
    }

    @Test
    @AlsoOnPostgres
    void namedQueue_letsOneRunOfItsWorkflowsAtATime_andTheOthersWaitVisibly() throws Exception {
        sharedRuntime();
        processes.worker(FamilyWorker.class.getName());
        RunInfo welcome = startWhenRegistered("welcome-mail", new FamilyWorker.Job("c1", "w"));
        await("the queue's one place taken").atMost(TIMEOUT)
                .until(() -> client.run(welcome.id()).status() == RunStatus.SUSPENDED);
        RunInfo invoice = client.start("invoice-mail", new FamilyWorker.Job("c2", "i"));
        await("another workflow of the queue waits, visibly").atMost(TIMEOUT)
                .until(() -> client.run(invoice.id()).waitingFor() != null);
        assertThat(client.run(invoice.id()).status()).isEqualTo(RunStatus.PENDING);
        assertThat(client.run(invoice.id()).waitingFor()).isEqualTo("a place under the concurrency limit of queue 'mail'");

        client.sendEvent(welcome.id(), "done", "ok", null);
        assertThat(client.await(welcome.id(), TIMEOUT).output().asText()).isEqualTo("welcome ok");
        await("the other workflow takes the place").atMost(TIMEOUT)
                .until(() -> client.run(invoice.id()).status() == RunStatus.SUSPENDED);
        client.sendEvent(invoice.id(), "done", "ok", null);
        assertThat(client.await(invoice.id(), TIMEOUT).output().asText()).isEqualTo("invoice ok");
    }

    @Test
    void namedQueue_aWorkerDeclaringAnotherLimitForTheQueue_isRefused() throws Exception {
        sharedRuntime();
        String queue = "q-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var first = RogueWorker.workflow("a-" + queue).toBuilder().setQueue(queue).setMaxConcurrency(2).build();
        var other = RogueWorker.workflow("b-" + queue).toBuilder().setQueue(queue).setMaxConcurrency(3).build();
        try (RogueWorker inOne = new RogueWorker(processes)) {
            inOne.send(register("one", first, other));
            io.grpc.Status status = inOne.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            assertThat(status.getDescription()).contains("queue '" + queue + "' runs 2 at once per key (none) for 'a-"
                    + queue + "', but 3 per key (none) for 'b-" + queue + "'; declare one limit for the queue");
        }
        try (RogueWorker a = new RogueWorker(processes); RogueWorker b = new RogueWorker(processes)) {
            a.register("a", 4, first);
            b.send(register("b", other));
            io.grpc.Status status = b.awaitEnd(TIMEOUT);
            assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription()).startsWith("REGISTRATION_CONFLICT: ").contains("on connected worker 'a'");
        }
    }

    private static dev.mainstay.protocol.v1.WorkerMessage register(String workerId,
                                                                   dev.mainstay.protocol.v1.Component... components) {
        return dev.mainstay.protocol.v1.WorkerMessage.newBuilder().setRegister(dev.mainstay.protocol.v1.Register.newBuilder()
                .setWorkerId(workerId).setCapacity(4).addAllComponents(List.of(components))).build();
    }
}
