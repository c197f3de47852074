package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a node's sender keeps between two NOTIFYs: one token per hint, the latest last. */
class NotifySignalsCoalesceTest {

    private static String watch(String runId, boolean watched) {
        return new Signal(Signal.Kind.WATCH, runId + (watched ? ":1" : ":0")).encode();
    }

    @Test
    void aWatchThatEndsAndComesBackBeforeTheSend_reachesTheOthersAsWatched() {
        Set<String> pending = new LinkedHashSet<>();

        NotifySignals.coalesce(pending, watch("r1", true));
        NotifySignals.coalesce(pending, watch("r1", false));
        NotifySignals.coalesce(pending, watch("r1", true));

        assertThat(List.copyOf(pending)).containsExactly(watch("r1", false), watch("r1", true));
    }

    @Test
    void equalHints_areToldOnce_andOnlyTheFirstWakesTheSender() {
        Set<String> pending = new LinkedHashSet<>();
        String work = new Signal(Signal.Kind.WORK, "orders").encode();
        String changed = new Signal(Signal.Kind.CHANGED, "r1").encode();

        assertThat(NotifySignals.coalesce(pending, work)).isTrue();
        assertThat(NotifySignals.coalesce(pending, changed)).isFalse();
        assertThat(NotifySignals.coalesce(pending, work)).isFalse();

        assertThat(List.copyOf(pending)).containsExactly(changed, work);
    }
}
