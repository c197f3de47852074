package dev.mainstay.engine;

import dev.mainstay.engine.ScheduleDefinition.Misfire;
import dev.mainstay.store.IdempotencyKeyReusedException;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.ScheduleRecord;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due schedules, from the timers thread. Each slot starts one run whose idempotency key names
 * the schedule and the slot, so firing a slot again (a crash between the start and moving the
 * schedule on) returns the run it already started instead of starting another.
 */
final class Schedules {
    private static final Logger log = LoggerFactory.getLogger(Schedules.class);
    static final long MISFIRE_AFTER_MS = 60_000;
    private static final int MAX_CATCH_UP = 1_000;
    private static final int MAX_SLOTS_PER_PASS = 100_000;
    private static final int BATCH = 100;

    /** Starts a run of a workflow with an idempotency key. */
    interface Starter {
        void start(String workflow, byte[] input, String idempotencyKey);
    }

    private final JournalStore store;
    private final Starter starter;

    Schedules(JournalStore store, Starter starter) {
        this.store = store;
        this.starter = starter;
    }

    static String slotKey(String scheduleId, long slotMs) {
        return "schedule:" + scheduleId + ":" + slotMs;
    }

    /** Fires what is due; true when more may be due than one pass took. */
    boolean fireDue(long nowMs) {
        List<ScheduleRecord> due = store.dueSchedules(nowMs, BATCH);
        for (ScheduleRecord schedule : due) {
            fire(schedule, nowMs);
        }
        return due.size() == BATCH;
    }

    private void fire(ScheduleRecord schedule, long nowMs) {
        Slots slots = Slots.of(schedule.cron(), schedule.intervalMs(), schedule.timeZone(), schedule.createdAtMs());
        List<Long> timely = new ArrayList<>();
        List<Long> missed = new ArrayList<>();
        long slot = schedule.nextFireAtMs();
        int seen = 0;
        while (slot <= nowMs && seen++ < MAX_SLOTS_PER_PASS) {
            (nowMs - slot > MISFIRE_AFTER_MS ? missed : timely).add(slot);
            slot = slots.after(slot);
        }
        long next = slot <= nowMs ? slots.after(nowMs) : slot;
        List<Long> toFire = switch (Misfire.valueOf(schedule.misfire())) {
            case SKIP -> timely;
            case FIRE_ONCE -> timely.isEmpty() && !missed.isEmpty() ? List.of(missed.getLast()) : timely;
            case CATCH_UP -> {
                List<Long> all = new ArrayList<>(missed);
                all.addAll(timely);
                yield all.subList(Math.max(0, all.size() - MAX_CATCH_UP), all.size());
            }
        };
        if (!missed.isEmpty()) {
            log.info("event=schedule_misfire scheduleId={} missed={} policy={} fired={}", schedule.id(), missed.size(),
                    schedule.misfire(), toFire.size());
        }
        for (long fired : toFire) {
            try {
                starter.start(schedule.workflow(), schedule.input(), slotKey(schedule.id(), fired));
            } catch (WorkflowNotFoundException | IdempotencyKeyReusedException e) {
                log.warn("event=schedule_slot_skipped scheduleId={} slot={} reason={}", schedule.id(), fired, e.getMessage());
            }
        }
        Engine.join(store.advanceSchedule(schedule.id(), schedule.nextFireAtMs(), next,
                toFire.isEmpty() ? null : toFire.getLast()));
    }
}
