package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class RunWatchersTest {

    @Test
    void changed_coalescesABurstIntoOneWakeUpAndOnlyForThatRun() {
        RunWatchers watchers = new RunWatchers();
        Semaphore a = watchers.add("run-a");
        Semaphore b = watchers.add("run-b");

        watchers.changed("run-a");
        watchers.changed("run-a");
        watchers.changed("run-a");

        assertThat(a.availablePermits()).isEqualTo(1);
        assertThat(b.availablePermits()).isZero();
    }

    @Test
    void removed_watcherIsNoLongerSignalled_closeAllWakesEveryone() {
        RunWatchers watchers = new RunWatchers();
        Semaphore gone = watchers.add("run-a");
        Semaphore stays = watchers.add("run-b");
        watchers.remove("run-a", gone);

        watchers.changed("run-a");
        assertThat(gone.availablePermits()).isZero();

        watchers.closeAll();
        assertThat(watchers.closed()).isTrue();
        assertThat(stays.availablePermits()).isEqualTo(1);
    }
}
