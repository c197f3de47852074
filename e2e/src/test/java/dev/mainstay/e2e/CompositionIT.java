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

/** Composition: parallel steps, child workflows, against real processes. */
class CompositionIT extends RealProcessesTest {

    @Test
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
    void fanOutExample_asksTwentySuppliersInParallel_andJournalsEachQuoteAtItsPosition() {
        processes.runtime(dataDir);
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
}
