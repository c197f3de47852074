package dev.mainstay.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.protocol.v1.JournalPage;
import dev.mainstay.protocol.v1.WorkerMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchAssemblyTest {
    private final List<WorkerMessage> sent = new ArrayList<>();
    private final List<Dispatch> started = new ArrayList<>();
    private final DispatchAssembly assembly = new DispatchAssembly(sent::add, started::add);

    private static JournalEntry entry(int position) {
        return JournalEntry.newBuilder().setPosition(position).setKind("step").setName("s" + position).build();
    }

    private static Dispatch dispatch(boolean truncated, int... positions) {
        Dispatch.Builder b = Dispatch.newBuilder().setRunId("r").setEpoch(3).setJournalTruncated(truncated);
        for (int p : positions) {
            b.addJournal(entry(p));
        }
        return b.build();
    }

    private static JournalPage page(long epoch, boolean last, int... positions) {
        JournalPage.Builder b = JournalPage.newBuilder().setRunId("r").setEpoch(epoch).setLast(last);
        for (int p : positions) {
            b.addEntries(entry(p));
        }
        return b.build();
    }

    @Test
    void aWholeDispatch_startsAtOnce() {
        assembly.dispatched(dispatch(false, 1, 2));
        assertThat(started).hasSize(1);
        assertThat(sent).isEmpty();
    }

    @Test
    void aTruncatedDispatch_startsOnlyWithEveryPage_inOrder() {
        assembly.dispatched(dispatch(true, 1, 2));
        assertThat(started).isEmpty();
        assertThat(sent.getLast().getFetchJournal().getAfterPosition()).isEqualTo(2);

        assembly.page(page(3, false, 3, 5)); // position 4 may be empty: a parallel step in flight
        assertThat(sent.getLast().getFetchJournal().getAfterPosition()).isEqualTo(5);
        assembly.page(page(2, true, 9)); // a stale epoch's page is ignored
        assertThat(started).isEmpty();
        assembly.page(page(3, true, 6));

        assertThat(started).singleElement().satisfies(d -> {
            assertThat(d.getJournalTruncated()).isFalse();
            assertThat(d.getJournalList()).extracting(JournalEntry::getPosition).containsExactly(1, 2, 3, 5, 6);
        });
    }

    @Test
    void aRefusedPage_dropsTheDispatch() {
        assembly.dispatched(dispatch(true, 1));
        assembly.page(JournalPage.newBuilder().setRunId("r").setEpoch(3).setLast(true).setErrorCode("STALE_EPOCH").build());
        assembly.page(page(3, true, 2));
        assertThat(started).isEmpty();
    }
}
