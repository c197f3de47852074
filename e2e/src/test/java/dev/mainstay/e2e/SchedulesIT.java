package dev.mainstay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.sdk.MainstayApiException;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunQuery;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.ScheduleInfo;
import dev.mainstay.sdk.ScheduleRequest;
import dev.mainstay.testing.ProcessSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedules against real processes: slots fire once each, across a kill -9 of the runtime. */
class SchedulesIT extends RealProcessesTest {

    List<RunInfo> ticks() {
        return client.runs(RunQuery.defaults().withWorkflow("tick").withLimit(1000)).runs();
    }

    /** The slot of a scheduled run, from its idempotency key schedule:<id>:<slot>. */
    static long slot(RunInfo run) {
        String key = run.idempotencyKey();
        return Long.parseLong(key.substring(key.lastIndexOf(':') + 1));
    }

    @Test
    void anIntervalSchedule_firesEverySlotOnce_acrossAKillOfTheRuntime() {
        Process runtime = processes.runtime(dataDir);
        processes.worker(ClockWorker.class.getName());
        await("registered").atMost(TIMEOUT).ignoreExceptions().until(() -> client.createSchedule(
                ScheduleRequest.every("tick", Duration.ofSeconds(1)).withId("ticker").withInput("t")) != null);
        await("two ticks").atMost(TIMEOUT).until(() -> ticks().size() >= 2);

        ProcessSet.kill(runtime);
        processes.runtime(dataDir);
        int before = ticks().size();
        await("ticking again").atMost(TIMEOUT).until(() -> ticks().size() >= before + 3);
        client.deleteSchedule("ticker");
        await("the last ones finished").atMost(TIMEOUT)
                .until(() -> ticks().stream().allMatch(run -> run.status() == RunStatus.COMPLETED));

        List<Long> slots = ticks().stream().map(SchedulesIT::slot).sorted().toList();
        assertThat(slots).doesNotHaveDuplicates();
        for (int i = 1; i < slots.size(); i++) {
            assertThat(slots.get(i) - slots.get(i - 1)).as("no slot skipped, none fired twice").isEqualTo(1_000L);
        }
        assertThat(ticks()).allSatisfy(run -> assertThat(run.input().asText()).isEqualTo("t"));
        int after = ticks().size();
        assertThat(client.schedules()).extracting(ScheduleInfo::id).doesNotContain("ticker");
        assertThat(after).as("deleted: no more runs").isEqualTo(ticks().size());
    }

    @Test
    void aDeclaredCron_becomesASchedule_andBadDefinitionsAreRefusedPrecisely() {
        processes.runtime(dataDir);
        processes.worker(ClockWorker.class.getName());
        ScheduleInfo nightly = await("declared").atMost(TIMEOUT).until(() -> client.schedules().stream()
                .filter(s -> s.id().equals("workflow:nightly")).findFirst().orElse(null), s -> s != null);
        assertThat(nightly.origin()).isEqualTo("annotation");
        assertThat(nightly.misfire()).isEqualTo("fire-once");
        assertThat(nightly.nextFireAt().atZone(ZoneId.of("Europe/Paris")).getHour()).isEqualTo(3);
        assertThat(nightly.nextFireAt()).isAfter(Instant.now());

        assertThatThrownBy(() -> client.createSchedule(ScheduleRequest.cron("tick", "0 25 * * *", null)))
                .isInstanceOfSatisfying(MainstayApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SCHEDULE);
                    assertThat(e.getMessage()).contains("0 25 * * *");
                });
        assertThatThrownBy(() -> client.createSchedule(ScheduleRequest.cron("no-such", "0 9 * * *", null)))
                .isInstanceOfSatisfying(MainstayApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.WORKFLOW_NOT_FOUND));
        assertThatThrownBy(() -> client.deleteSchedule("nope"))
                .isInstanceOfSatisfying(MainstayApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEDULE_NOT_FOUND));

        String created = cli("schedules", "create", "tick", "--cron", "0 9 * * MON-FRI", "--zone", "America/New_York",
                "--input", "\"cli\"", "--id", "standup", "--url", processes.url());
        assertThat(created).contains("schedule standup starts 'tick'");
        assertThat(cli("schedules", "list", "--url", processes.url())).contains("standup").contains("workflow:nightly");
        assertThat(cli("schedules", "delete", "standup", "--url", processes.url())).contains("deleted");
        assertThat(client.schedules()).extracting(ScheduleInfo::id).containsExactly("workflow:nightly");
    }
}
