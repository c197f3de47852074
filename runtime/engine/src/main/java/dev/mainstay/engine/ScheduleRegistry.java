package dev.mainstay.engine;

import dev.mainstay.store.ComponentKind;
import dev.mainstay.store.JournalStore;
import dev.mainstay.store.ScheduleRecord;
import dev.mainstay.store.UuidV7;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules' book: schedules created, replaced and deleted through the API, and those workers
 * declare with {@code @Workflow(cron = ...)} (origin {@value #ANNOTATION}) kept in step with each
 * registration. Firing them is {@link Schedules}' job, on the leading node's timers.
 */
public final class ScheduleRegistry {
    static final String ANNOTATION = "annotation";
    private static final Logger log = LoggerFactory.getLogger(ScheduleRegistry.class);

    private final JournalStore store;
    private final RuntimeClock clock;
    /** Tells the timers (here and on the other nodes) of a slot to fire. */
    private final LongConsumer scheduled;

    ScheduleRegistry(JournalStore store, RuntimeClock clock, LongConsumer scheduled) {
        this.store = store;
        this.clock = clock;
        this.scheduled = scheduled;
    }

    /**
     * Creates a schedule, or replaces the one with its id; its first slot is the first after now (for
     * an interval, in the phase of the schedule's first creation).
     * Returns it as stored, and whether it is new.
     */
    public ScheduleRecord put(ScheduleDefinition definition, String origin) {
        if (definition.workflow() == null || store.component(definition.workflow())
                .filter(c -> c.kind() == ComponentKind.WORKFLOW).isEmpty()) {
            throw new WorkflowNotFoundException(String.valueOf(definition.workflow()), ComponentKind.WORKFLOW);
        }
        String id = definition.id() == null || definition.id().isBlank()
                ? Namespaces.qualify(Namespaces.of(definition.workflow()), "sch-" + UuidV7.next()) : definition.id();
        long now = clock.millis();
        // a replaced schedule keeps its creation time, the anchor of its interval slots: its phase stays
        long createdAt = store.schedule(id).map(ScheduleRecord::createdAtMs).orElse(now);
        Slots slots = Slots.of(definition.cron(), definition.intervalMs(), definition.timeZone(), createdAt);
        ScheduleRecord record = new ScheduleRecord(id, definition.workflow(), blankToNull(definition.cron()),
                definition.intervalMs(), definition.timeZone() == null || definition.timeZone().isBlank() ? "UTC"
                : definition.timeZone(), definition.input(), definition.misfire().name(), origin, slots.after(now), null,
                createdAt);
        Engine.join(store.putSchedule(record));
        scheduled.accept(record.nextFireAtMs());
        log.info("event=schedule_put scheduleId={} workflow={} nextFireAt={}", id, record.workflow(), record.nextFireAtMs());
        return store.schedule(id).orElseThrow();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public List<ScheduleRecord> all() {
        return store.schedules();
    }

    public ScheduleRecord get(String id) {
        return store.schedule(id).orElseThrow(() -> new ScheduleNotFoundException(id));
    }

    public void delete(String id) {
        if (!Engine.join(store.deleteSchedule(id))) {
            throw new ScheduleNotFoundException(id);
        }
    }

    /**
     * A worker registered its workflows: those with {@code @Workflow(cron = ...)} get (or keep) the
     * schedule {@code workflow:<name>}; a workflow that no longer declares one loses it. A schedule
     * whose definition did not change keeps its next slot.
     */
    public void declare(Collection<String> workflows, Map<String, ScheduleDefinition> declared) {
        for (String workflow : workflows) {
            String id = Namespaces.qualify(Namespaces.of(workflow), "workflow:" + Namespaces.local(workflow));
            Optional<ScheduleRecord> existing = store.schedule(id).filter(s -> s.origin().equals(ANNOTATION));
            ScheduleDefinition definition = declared.get(workflow);
            if (definition == null) {
                existing.ifPresent(s -> Engine.join(store.deleteSchedule(id)));
            } else if (existing.isEmpty() || !sameDefinition(existing.get(), definition)) {
                put(new ScheduleDefinition(id, workflow, definition.cron(), definition.intervalMs(),
                        definition.timeZone(), definition.input(), definition.misfire()), ANNOTATION);
            }
        }
    }

    private static boolean sameDefinition(ScheduleRecord s, ScheduleDefinition d) {
        return java.util.Objects.equals(s.cron(), blankToNull(d.cron())) && java.util.Objects.equals(s.intervalMs(), d.intervalMs())
                && s.timeZone().equals(d.timeZone() == null || d.timeZone().isBlank() ? "UTC" : d.timeZone())
                && s.misfire().equals(d.misfire().name());
    }
}
