package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.engine.ScheduleDefinition.Misfire;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.ScheduleRecord;
import dev.mainstay.store.SqliteJournalStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slots and misfire policies, on a real SQLite store; the starter records the slots it was asked to start. */
class SchedulesTest {
    static final long MINUTE = 60_000;
    static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;
    JournalStore store;
    final List<String> started = new ArrayList<>();
    Schedules schedules;

    @BeforeEach
    void open() {
        store = SqliteJournalStore.open(dir);
        schedules = new Schedules(store, (workflow, input, key) -> started.add(key));
    }

    @AfterEach
    void close() {
        store.close();
    }

    void everyMinute(Misfire misfire) {
        every(MINUTE, misfire);
    }

    void every(long intervalMs, Misfire misfire) {
        store.putSchedule(new ScheduleRecord("s", "report", null, intervalMs, "UTC", null, misfire.name(), "api",
                T0 + intervalMs, null, T0)).join();
    }

    @Test
    void aTimelySlot_startsOneRun_keyedBySlot_andTheScheduleMovesOn() {
        everyMinute(Misfire.SKIP);
        schedules.fireDue(T0 + MINUTE + 5);
        schedules.fireDue(T0 + MINUTE + 6);
        assertThat(started).containsExactly(Schedules.slotKey("s", T0 + MINUTE));
        assertThat(store.schedule("s").orElseThrow().nextFireAtMs()).isEqualTo(T0 + 2 * MINUTE);
        assertThat(store.schedule("s").orElseThrow().lastFiredAtMs()).isEqualTo(T0 + MINUTE);
    }

    @ParameterizedTest
    @CsvSource({"SKIP, 1", "FIRE_ONCE, 1", "CATCH_UP, 10"})
    void slotsMissedWhileDown_followTheMisfirePolicy(Misfire misfire, int runs) {
        everyMinute(misfire);
        long now = T0 + 10 * MINUTE + 30_000; // down for ten minutes: 9 slots missed, the 10th is 30 s late
        schedules.fireDue(now);
        assertThat(started).hasSize(runs).last().isEqualTo(Schedules.slotKey("s", T0 + 10 * MINUTE));
        assertThat(store.schedule("s").orElseThrow().nextFireAtMs()).isEqualTo(T0 + 11 * MINUTE);
    }

    @Test
    void fireOnce_firesTheLatestMissedSlot_whenNoneIsTimely() {
        every(5 * MINUTE, Misfire.FIRE_ONCE);
        schedules.fireDue(T0 + 12 * MINUTE); // slots at 5 and 10 minutes, both more than a minute late
        assertThat(started).containsExactly(Schedules.slotKey("s", T0 + 10 * MINUTE));
        assertThat(store.schedule("s").orElseThrow().nextFireAtMs()).isEqualTo(T0 + 15 * MINUTE);
    }

    @Test
    void skip_firesNothing_whenEverySlotIsLate() {
        every(5 * MINUTE, Misfire.SKIP);
        schedules.fireDue(T0 + 12 * MINUTE);
        assertThat(started).isEmpty();
        assertThat(store.schedule("s").orElseThrow().nextFireAtMs()).isEqualTo(T0 + 15 * MINUTE);
    }

    @Test
    void cron_isReadInItsTimeZone() {
        Slots nineInParis = Slots.of("0 9 * * *", null, "Europe/Paris", T0);
        assertThat(Instant.ofEpochMilli(nineInParis.after(T0))).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
        Slots weekdays = Slots.of("30 7 * * MON-FRI", null, "UTC", T0);
        long saturday = Instant.parse("2026-12-05T00:00:00Z").toEpochMilli();
        assertThat(Instant.ofEpochMilli(weekdays.after(saturday))).isEqualTo(Instant.parse("2026-12-07T07:30:00Z"));
    }

    @Test
    void badDefinitions_areRefusedWithTheReason() {
        assertThatThrownBy(() -> Slots.of("61 * * * *", null, "UTC", T0)).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("61");
        assertThatThrownBy(() -> Slots.of("0 9 * * *", null, "Mars/Olympus", T0)).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> Slots.of("0 9 * * *", MINUTE, "UTC", T0)).isInstanceOf(InvalidScheduleException.class);
        assertThatThrownBy(() -> Slots.of(null, null, "UTC", T0)).isInstanceOf(InvalidScheduleException.class);
        assertThatThrownBy(() -> Slots.of(null, 10L, "UTC", T0)).isInstanceOf(InvalidScheduleException.class)
                .hasMessageContaining("at least");
    }

    @Test
    void replacingAnIntervalSchedule_keepsItsPhase() {
        store.registerComponents(List.of(new dev.mainstay.store.ComponentRecord("report",
                dev.mainstay.store.ComponentKind.WORKFLOW, "{}", null))).join();
        try (Engine engine = new Engine(store)) {
            ScheduleDefinition every10s = new ScheduleDefinition("p", "report", null, 10_000L, "UTC", null, Misfire.SKIP);
            ScheduleRecord first = engine.scheduleRegistry().put(every10s, "api");
            long created = System.currentTimeMillis();
            org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > created + 5);

            ScheduleRecord replaced = engine.scheduleRegistry().put(new ScheduleDefinition("p", "report", null, 10_000L, "UTC",
                    "{\"v\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Misfire.SKIP), "api");
            assertThat(replaced.nextFireAtMs()).as("the same slots as before the replace").isEqualTo(first.nextFireAtMs());
            assertThat(replaced.createdAtMs()).isEqualTo(first.createdAtMs());
        }
    }
}
