package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mainstay.sdk.RunStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store cannot write (its disk is full): every caller gets a precise 503 at once, readiness
 * says so, nothing is half written, and the runtime recovers by itself once there is room. The
 * data directory is a small tmpfs of its own (the test needs the right to mount one, as root has
 * here and in CI; elsewhere it is skipped).
 */
class StoreFailureIT extends RealProcessesTest {
    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            processes.close(); // the runtime holds files on it
            new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start().waitFor();
        }
    }

    /** A runtime whose data directory is on a tmpfs of 24 MiB of its own, and a worker. */
    private Path startOnASmallDisk() throws Exception {
        Path disk = dir.resolve("disk");
        assumeTrue(mountTmpfs(disk, "24m"), "cannot mount a tmpfs here");
        mount = disk;
        processes.runtime(disk.resolve("data"));
        processes.worker(LimitsWorker.class.getName());
        return disk;
    }

    private boolean mountTmpfs(Path at, String size) throws Exception {
        Files.createDirectories(at);
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
                .redirectErrorStream(true).start();
        return mounting.waitFor() == 0;
    }

    @Test
    void aFullDisk_givesEveryCallerAPrecise503_andTheRuntimeRecoversWhenThereIsRoom() throws Exception {
        Path disk = startOnASmallDisk();
        assertThat(client.await(startWhenRegistered("many-steps", 3).id(), TIMEOUT).status()).isEqualTo(RunStatus.COMPLETED);
        Http http = new Http(processes);

        Path filler = disk.resolve("filler");
        fill(filler);
        String input = "\"" + "x".repeat(200_000) + "\"";
        List<String> accepted = new ArrayList<>();
        Http.Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            Http.Response response = http.post("/v1/workflows/waits/runs", input, "Idempotency-Key", "k" + i);
            if (response.status() == 201) {
                accepted.add(response.json().get("id").asText());
            } else {
                refused = response;
            }
        }
        assertThat(refused).as("a start failed once the disk was full").isNotNull();
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().get("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(refused.json().get("message").asText()).contains("could not");
        Http.Response ready = http.get("/readyz");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("code").asText()).isEqualTo("UNAVAILABLE");
        assertThat(http.get("/healthz").status()).as("alive: a supervisor need not restart it").isEqualTo(200);

        Files.delete(filler);
        await("a start succeeds once there is room").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> http.post("/v1/workflows/many-steps/runs", "2").status() == 201);
        assertThat(http.get("/readyz").status()).isEqualTo(200);
        for (String id : accepted) {
            assertThat(http.get("/v1/runs/" + id).status()).as("an accepted start is there").isEqualTo(200);
        }
        int refusedIndex = accepted.size();
        assertThat(http.get("/v1/runs?idempotencyKey=k" + refusedIndex).json().get("runs")).as("the refused start wrote nothing")
                .isEmpty();
    }

    @Test
    void aStepThatFinishesWhileTheDiskIsFull_isJournaledOnceThereIsRoom_andTheRunCompletes() throws Exception {
        Path disk = startOnASmallDisk();
        Path gate = dir.resolve("gate");
        var run = startWhenRegistered("gated", gate.toString());
        await().atMost(TIMEOUT).until(() -> client.run(run.id()).status() == RunStatus.RUNNING);

        Path filler = disk.resolve("filler");
        fill(filler);
        Files.createFile(gate); // the step returns 300 kB now: its append cannot be stored
        await("the append was refused for want of room").atMost(TIMEOUT)
                .until(() -> processes.dumpLogs().contains("event=write_unavailable"));
        assertThat(client.run(run.id()).status()).as("a passing outage does not fail the run").isEqualTo(RunStatus.RUNNING);

        Files.delete(filler);
        var done = client.await(run.id(), TIMEOUT);
        assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output(Integer.class)).isEqualTo(300_000);
        assertThat(client.journal(run.id())).hasSize(1);
    }

    private static void fill(Path file) {
        byte[] chunk = new byte[256 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // no space left: what we wanted
        }
    }
}
