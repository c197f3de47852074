package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StepScopeTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void aTightLoop_sendsOneHeartbeatPerTenthOfTheTimeout() {
        StepScope scope = new StepScope(2, 100, null, now::get);

        assertThat(scope.heartbeatDue()).as("too soon after the start to be worth sending").isFalse();
        now.addAndGet(10);
        assertThat(scope.heartbeatDue()).isTrue();
        for (int i = 0; i < 1_000; i++) {
            assertThat(scope.heartbeatDue()).isFalse();
        }
        now.addAndGet(9);
        assertThat(scope.heartbeatDue()).isFalse();
        now.addAndGet(1);
        assertThat(scope.heartbeatDue()).isTrue();
    }

    @Test
    void aStepWithoutTimeout_sendsNone() {
        StepScope scope = new StepScope(2, 0, null, now::get);
        now.addAndGet(60_000);
        assertThat(scope.heartbeatDue()).isFalse();
    }
}
