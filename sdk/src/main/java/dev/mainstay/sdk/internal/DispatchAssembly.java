package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.Dispatch;
import dev.mainstay.protocol.v1.FetchJournal;
import dev.mainstay.protocol.v1.JournalPage;
import dev.mainstay.protocol.v1.WorkerMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts together a dispatch whose journal came in pages. A long journal does not fit one message
 * (the runtime bounds what it sends at once), so a dispatch carries its first page with
 * {@code journal_truncated}, and the worker asks for the rest, one page at a time, before the run
 * starts: replay needs the whole journal. A page refused (the run was taken away meanwhile) drops
 * the dispatch; the runtime dispatches the run again where it now belongs.
 */
final class DispatchAssembly {
    private static final Logger log = LoggerFactory.getLogger(DispatchAssembly.class);

    private final Map<String, Dispatch.Builder> assembling = new ConcurrentHashMap<>();
    private final Consumer<WorkerMessage> send;
    private final Consumer<Dispatch> complete;

    DispatchAssembly(Consumer<WorkerMessage> send, Consumer<Dispatch> complete) {
        this.send = send;
        this.complete = complete;
    }

    void dispatched(Dispatch dispatch) {
        if (!dispatch.getJournalTruncated()) {
            complete.accept(dispatch);
            return;
        }
        Dispatch.Builder builder = dispatch.toBuilder();
        assembling.put(dispatch.getRunId(), builder);
        fetchAfter(builder);
    }

    void page(JournalPage page) {
        Dispatch.Builder builder = assembling.get(page.getRunId());
        if (builder == null || builder.getEpoch() != page.getEpoch()) {
            return; // a page of a dispatch given up since
        }
        if (!page.getErrorCode().isEmpty()) {
            assembling.remove(page.getRunId(), builder);
            log.info("event=journal_fetch_refused runId={} code={} message={}", page.getRunId(), page.getErrorCode(),
                    page.getErrorMessage());
            return;
        }
        builder.addAllJournal(page.getEntriesList());
        if (page.getLast() || page.getEntriesCount() == 0) {
            assembling.remove(page.getRunId(), builder);
            complete.accept(builder.setJournalTruncated(false).build());
        } else {
            fetchAfter(builder);
        }
    }

    /** The connection dropped: the runtime dispatches these runs again. */
    void clear() {
        assembling.clear();
    }

    private void fetchAfter(Dispatch.Builder builder) {
        int after = builder.getJournalCount() == 0 ? 0 : builder.getJournal(builder.getJournalCount() - 1).getPosition();
        send.accept(WorkerMessage.newBuilder().setFetchJournal(FetchJournal.newBuilder().setRunId(builder.getRunId())
                .setEpoch(builder.getEpoch()).setAfterPosition(after)).build());
    }
}
