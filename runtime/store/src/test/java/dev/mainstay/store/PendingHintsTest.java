package dev.mainstay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What a node's sender takes from what was published between two NOTIFYs. */
class PendingHintsTest {
    private final PendingHints hints = new PendingHints(100);

    private static String watch(String runId, boolean watched) {
        return new Signal(Signal.Kind.WATCH, runId + (watched ? ":1" : ":0")).encode();
    }

    @Test
    void aWatchThatEndsAndComesBackBeforeTheSend_reachesTheOthersAsWatched() {
        hints.add(watch("r1", true));
        hints.add(watch("r1", false));
        hints.add(watch("r1", true));

        assertThat(hints.drain()).containsExactly(watch("r1", false), watch("r1", true));
        assertThat(hints.drain()).isEmpty();
    }

    @Test
    void equalHints_areToldOnce() {
        String work = new Signal(Signal.Kind.WORK, "orders").encode();
        String changed = new Signal(Signal.Kind.CHANGED, "r1").encode();
        hints.add(work);
        hints.add(changed);
        hints.add(work);

        assertThat(hints.drain()).containsExactly(changed, work);
    }

    @Test
    void pastItsBound_aDrainTellsEverything_andTheBoundHoldsAgainAfter() {
        for (int i = 0; i < 150; i++) {
            hints.add(new Signal(Signal.Kind.CHANGED, "r" + i).encode());
        }

        List<String> first = hints.drain();
        assertThat(first).hasSize(101).endsWith(Signal.ALL.encode());
        hints.add(new Signal(Signal.Kind.CHANGED, "after").encode());
        assertThat(hints.drain()).containsExactly(new Signal(Signal.Kind.CHANGED, "after").encode());
    }

    @Test
    void aSenderWaitingForHints_wakesAtThePublish() throws Exception {
        CountDownLatch parking = new CountDownLatch(1);
        CompletableFuture<List<String>> sent = CompletableFuture.supplyAsync(() -> {
            parking.countDown();
            List<String> batch;
            while ((batch = hints.drain()).isEmpty()) {
                hints.await();
            }
            return batch;
        });
        assertThat(parking.await(5, TimeUnit.SECONDS)).isTrue();

        hints.add(watch("r2", true));

        assertThat(sent.get(5, TimeUnit.SECONDS)).containsExactly(watch("r2", true));
    }

    @Test
    void close_wakesAParkedSender() {
        Thread sender = Thread.ofPlatform().start(hints::await);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> sender.getState() == Thread.State.WAITING);

        hints.close();

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !sender.isAlive());
    }
}
