package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.testing.ProcessSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime on PostgreSQL ({@code --database-url}) as a real process: runs complete, and what
 * was committed survives a kill -9 of the runtime. A database of its own per test, dropped after.
 */
class PostgresStoreIT extends RealProcessesTest {
    private TestDatabase database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = TestDatabase.create();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        processes.close();
        if (database != null) {
            database.drop();
        }
    }

    private Process runtime() {
        return processes.runtime(dataDir, "--database-url", database.url());
    }

    @Test
    void runsComplete_andSurviveAKillOfTheRuntime() {
        Process runtime = runtime();
        processes.worker(LimitsWorker.class.getName());
        RunInfo steps = startWhenRegistered("many-steps", 5);
        assertThat(client.await(steps.id(), TIMEOUT).output(Integer.class)).isEqualTo(15);
        RunInfo waiting = startWhenRegistered("waits", null);
        await().atMost(TIMEOUT).until(() -> client.run(waiting.id()).status() == RunStatus.SUSPENDED);

        ProcessSet.kill(runtime);
        runtime();
        await("the restarted runtime serves").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> client.run(waiting.id()).status() == RunStatus.SUSPENDED);
        assertThat(client.journal(steps.id())).hasSize(5);
        client.sendEvent(waiting.id(), "go", "after the kill", null);
        RunInfo done = client.await(waiting.id(), TIMEOUT);
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.output(String.class)).isEqualTo("after the kill");
    }
}
