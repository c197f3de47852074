package dev.mainstay.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.protocol.v1.Component;
import dev.mainstay.protocol.v1.ComponentKind;
import dev.mainstay.protocol.v1.Schedule;
import org.junit.jupiter.api.Test;

class RegistrationConflictsTest {
    static final Component BASE = Component.newBuilder().setName("orders").setKind(ComponentKind.WORKFLOW)
            .setInputSchema("{\"type\":\"object\"}").setRunTimeoutMs(60_000).setMaxConcurrency(2).setConcurrencyKey("customer")
            .setSchedule(Schedule.newBuilder().setCron("0 3 * * *")).build();

    @Test
    void differences_areEmptyForTheSameDefinition() {
        assertThat(RegistrationConflicts.differences(BASE, BASE.toBuilder().build())).isEmpty();
        assertThat(RegistrationConflicts.differences(BASE, BASE.toBuilder()
                .setSchedule(BASE.getSchedule().toBuilder().setTimeZone("UTC").setMisfire("SKIP")).build()))
                .as("defaults spelled out").isEmpty();
    }

    @Test
    void differences_nameEachChangedField() {
        Component changed = BASE.toBuilder().setKind(ComponentKind.FUNCTION).setInputSchema("").setRunTimeoutMs(0)
                .setMaxConcurrency(0).setConcurrencyKey("").clearSchedule().build();
        assertThat(RegistrationConflicts.differences(changed, BASE)).containsExactly(
                "kind FUNCTION here, WORKFLOW there",
                "input schema (none) here, '{\"type\":\"object\"}' there",
                "run_timeout_ms 0 here, 60000 there",
                "max_concurrency 0 here, 2 there",
                "concurrency_key (none) here, 'customer' there",
                "schedule none here, (cron '0 3 * * *' in UTC, misfire SKIP) there");
        assertThat(RegistrationConflicts.differences(BASE.toBuilder()
                .setUpgrade(dev.mainstay.protocol.v1.Upgrade.UPGRADE_LATEST).build(), BASE))
                .containsExactly("upgrade LATEST here, PINNED there");
        assertThat(RegistrationConflicts.differences(BASE.toBuilder()
                .setSchedule(Schedule.newBuilder().setEveryMs(5_000)).build(), BASE))
                .containsExactly("schedule (every 5000 ms in UTC, misfire SKIP) here, (cron '0 3 * * *' in UTC, misfire SKIP) there");
    }

    @Test
    void differences_nameARateLimitOrKeyChanged_butNotAnotherSpellingOfOneLimit() {
        Component paced = BASE.toBuilder().setRateLimit("60/1m").setRateKey("customer").build();
        assertThat(RegistrationConflicts.differences(paced.toBuilder().setRateLimit("60/60s").build(), paced)).isEmpty();
        assertThat(RegistrationConflicts.differences(paced.toBuilder().setRateLimit("10/1m").setRateKey("").build(), paced))
                .containsExactly("rate_limit '10/1m' here, '60/1m' there", "rate_key (none) here, 'customer' there");
        assertThat(RegistrationConflicts.differences(BASE.toBuilder().setQueue("mail").build(), BASE))
                .containsExactly("queue 'mail' here, (none) there");
        assertThat(RegistrationConflicts.differences(BASE, paced))
                .containsExactly("rate_limit (none) here, '60/1m' there", "rate_key (none) here, 'customer' there");
    }
}
