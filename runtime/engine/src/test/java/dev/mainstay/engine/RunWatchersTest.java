package dev.mainstay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunWatchersTest {

    @Test
    void changed_wakesOnlyTheWatchersOfThatRun() throws InterruptedException {
        RunWatchers watchers = new RunWatchers();
        RunWatchers.Watcher a = watchers.add("run-a");
        RunWatchers.Watcher b = watchers.add("run-b");

        watchers.changed("run-a");
        watchers.changed("run-a");

        assertThat(a.await(0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(a.await(0, TimeUnit.MILLISECONDS)).as("a burst is one wake-up").isFalse();
        assertThat(b.await(0, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void removed_watcherIsNoLongerSignalled_closeAllWakesEveryone() throws InterruptedException {
        RunWatchers watchers = new RunWatchers();
        RunWatchers.Watcher gone = watchers.add("run-a");
        RunWatchers.Watcher stays = watchers.add("run-b");
        watchers.remove("run-a", gone);

        watchers.changed("run-a");
        assertThat(gone.await(0, TimeUnit.MILLISECONDS)).isFalse();

        watchers.closeAll();
        assertThat(watchers.closed()).isTrue();
        assertThat(stays.await(0, TimeUnit.MILLISECONDS)).isTrue();
    }

    @Test
    void liveEvents_reachEveryWatcherOfTheRunInOrder_andWakeThem() throws InterruptedException {
        RunWatchers watchers = new RunWatchers();
        RunWatchers.Watcher one = watchers.add("run-a");
        RunWatchers.Watcher two = watchers.add("run-a");
        RunWatchers.Watcher other = watchers.add("run-b");

        watchers.live("run-a", new LiveEvent.AttemptBegan(3, "step", "model", 1, 10));
        watchers.live("run-a", new LiveEvent.Output(3, "Hel"));
        watchers.live("run-a", new LiveEvent.Output(3, "lo"));

        assertThat(one.await(0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(one.takeLive()).containsExactly(new LiveEvent.AttemptBegan(3, "step", "model", 1, 10),
                new LiveEvent.Output(3, "Hel"), new LiveEvent.Output(3, "lo"));
        assertThat(one.takeLive()).isEmpty();
        assertThat(two.takeLive()).hasSize(3);
        assertThat(other.takeLive()).isEmpty();
    }

    @Test
    void aWatcherThatDoesNotKeepUp_losesTheSurplus_andIsToldHowMuch() {
        RunWatchers watchers = new RunWatchers();
        RunWatchers.Watcher slow = watchers.add("run-a");

        for (int i = 0; i < RunWatchers.LIVE_QUEUE_LIMIT + 5; i++) {
            watchers.live("run-a", new LiveEvent.Output(1, "t" + i));
        }

        List<LiveEvent> taken = slow.takeLive();
        assertThat(taken).hasSize(RunWatchers.LIVE_QUEUE_LIMIT);
        assertThat(taken.getFirst()).isEqualTo(new LiveEvent.Output(1, "t0"));
        assertThat(slow.takeDropped()).isEqualTo(5);
        assertThat(slow.takeDropped()).isZero();
    }

    @Test
    void listener_hearsTheFirstWatcherArriveAndTheLastLeave() {
        RunWatchers watchers = new RunWatchers();
        List<String> heard = new ArrayList<>();
        watchers.listen((runId, watched) -> heard.add(runId + "=" + watched));

        RunWatchers.Watcher first = watchers.add("run-a");
        RunWatchers.Watcher second = watchers.add("run-a");
        assertThat(watchers.watched("run-a")).isTrue();
        watchers.remove("run-a", first);
        watchers.remove("run-a", second);

        assertThat(heard).containsExactly("run-a=true", "run-a=false");
        assertThat(watchers.watched("run-a")).isFalse();
    }
}
