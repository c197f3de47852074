package dev.mainstay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.RunStatus;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Without {@code timeSkipping} a runtime never skips: a sleep of a minute is still a minute. */
@MainstayTest
class TimeSkippingOffIT {

    public static class Reminder {
        @Workflow(name = "remind")
        public String remind(WorkflowContext ctx, String who) {
            ctx.sleep(Duration.ofMinutes(1));
            return "reminded " + who;
        }
    }

    @MainstayWorkflows
    static final Reminder reminder = new Reminder();

    @Test
    void sleep_withoutTimeSkipping_waitsInRealTime(TestRuntime runtime) {
        RunInfo run = runtime.start("remind", "ada");
        RunInfo sleeping = runtime.awaitRun(run.id(), r -> r.status() == RunStatus.SUSPENDED, "suspended in its sleep");

        // idle throughout, so a skipping clock would have woken it within milliseconds
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> runtime.client().run(run.id()).status() == RunStatus.SUSPENDED);

        assertThat(Duration.between(sleeping.createdAt(), sleeping.wakeAt())).isBetween(Duration.ofMinutes(1),
                Duration.ofMinutes(1).plusSeconds(10));
        assertThat(runtime.client().run(run.id()).wakeAt()).isEqualTo(sleeping.wakeAt());
    }
}
