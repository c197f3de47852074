package dev.mainstay.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.engine.Engine;
import dev.mainstay.engine.LiveEvent;
import dev.mainstay.engine.RunWatchers;
import dev.mainstay.store.JournalEntry;
import dev.mainstay.store.RunRecord;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/runs/{id}/events}: a run's progress as server-sent events. First what already
 * happened, then each change as it commits, until the run is final:
 *
 * Every payload, error text and live output is redacted and cut to the preview size, as in the
 * UI's other reads ({@link Views.Render#safe}).
 *
 * <ul>
 *   <li>{@code step-started}: an attempt of a step or call began (live: sent only to watchers
 *       connected at that moment; the position, kind, name, attempt and start time);</li>
 *   <li>{@code step-output}: a piece of a running step's live output, such as a model's tokens when
 *       the agent's model streams (live, not journaled: {@code position} and {@code text});</li>
 *   <li>{@code dropped}: this client fell behind and missed {@code count} live events;</li>
 *   <li>{@code model-call}, {@code tool-call}: an agent's model or tool call finished (a journal entry
 *       named {@code model ...} or {@code tool ...}: request summary, reply, tokens, cost, latency;
 *       or arguments and result);</li>
 *   <li>{@code step}: any other journal entry (steps, calls, waits' questions and answers, sleeps);</li>
 *   <li>{@code status}: the run's status changed (with what it waits for);</li>
 *   <li>{@code end}: the run is final; the stream closes;</li>
 *   <li>{@code closed}: the caller's token was revoked or expired ({@code {"code":"UNAUTHENTICATED",
 *       "message"}}); the stream closes, and opening it again is a 401.</li>
 * </ul>
 *
 * Each entry's id is its position, so a reader can tell what it has seen. The stream is driven by
 * the engine's commit signals and the workers' live events ({@link dev.mainstay.engine.RunWatchers});
 * a comment every 15 s keeps proxies from closing an idle stream and re-reads the run, which catches
 * changes no signal reports (a timer waking the run). Live events are sent before the journal is
 * read: a worker reports a step's progress before it journals the step, so a step's
 * {@code step-output} always comes before its entry.
 *
 * <p>Served incrementally: each wake-up reads only the journal after the lowest position not yet
 * sent ({@link SentPositions}), a page of {@value #PAGE} entries at a time, never the whole journal
 * again on every commit. Streams are capped per run and in all ({@link WatcherSlots}).
 */
final class RunEventStream {
    static final int PAGE = 500;

    private final Engine engine;
    private final ObjectMapper mapper;
    private final JournalReads journal;
    private final WatcherSlots slots;
    private final Views.Render render;

    /** Every event shown as {@code render} says: the streams feed browsers and terminals, so redacted and cut. */
    RunEventStream(Engine engine, ObjectMapper mapper, JournalReads journal, Views.Render render, WatcherSlots slots) {
        this.render = render;
        this.engine = engine;
        this.mapper = mapper;
        this.journal = journal;
        this.slots = slots;
    }

    /**
     * Streams until the run is final or the client goes away (a failed write). Written by hand
     * rather than with Javalin's SSE handler, which answers an empty 200 to a client that does not
     * send {@code Accept: text/event-stream} (curl does not).
     */
    void stream(Context ctx, String runId, CallerLimits.Slot held) throws Exception {
        engine.run(runId); // a 404 before anything is written
        try {
            slots.acquire(runId);
        } catch (ApiException full) {
            ctx.header("Retry-After", String.valueOf(WatcherSlots.RETRY_AFTER_SECONDS));
            throw full;
        }
        try {
            follow(ctx, runId, held);
        } finally {
            slots.release(runId);
        }
    }

    private void follow(Context ctx, String runId, CallerLimits.Slot held) throws Exception {
        ctx.status(200);
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        Client client = new Client(ctx.res().getOutputStream());
        RunWatchers.Watcher watcher = engine.watchers().add(runId);
        held.ended().thenRun(watcher::wake);
        try {
            SentPositions sent = new SentPositions(); // positions, since parallel steps commit in any order
            String lastStatus = null;
            client.sendComment("run " + runId);
            while (!client.terminated() && !engine.watchers().closed()) {
                if (held.ended().isDone()) {
                    client.sendEvent("closed", mapper.writeValueAsString(Map.of("code", dev.mainstay.protocol.ErrorCode.UNAUTHENTICATED.name(),
                            "message", held.endedMessage("event stream"))));
                    return;
                }
                long dropped = watcher.takeDropped();
                if (dropped > 0) {
                    client.sendEvent("dropped", mapper.writeValueAsString(Map.of("count", dropped)));
                }
                sendNewEntries(client, runId, sent, watcher);
                RunRecord run = engine.run(runId);
                if (run.status().isFinal()) {
                    // entries (and the end) may have committed since the read above: read once more
                    // after the end, so no entry goes unsent before "end"
                    sendNewEntries(client, runId, sent, watcher);
                }
                String status = Views.Run.status(run) + "/" + run.waitingFor();
                if (!Objects.equals(status, lastStatus)) {
                    lastStatus = status;
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("status", Views.Run.status(run)); // PAUSED for a paused run no worker holds
                    view.put("waitingFor", run.waitingFor());
                    view.put("epoch", run.epoch());
                    client.sendEvent("status", mapper.writeValueAsString(view));
                }
                if (run.status().isFinal()) {
                    client.sendEvent("end", mapper.writeValueAsString(Views.Run.of(run, render)));
                    return;
                }
                if (!watcher.await(15, TimeUnit.SECONDS)) {
                    client.sendComment("keep-alive");
                }
            }
        } finally {
            engine.watchers().remove(runId, watcher);
        }
    }

    /**
     * The entries after the lowest unsent position, a page at a time, each sent once. Before a page
     * goes out, the live events queued by then go first: a worker reports a step's live output
     * before its entry, so everything live of an entry read here is already queued, and would be
     * skipped as belonging to a sent position on the next pass.
     */
    private void sendNewEntries(Client client, String runId, SentPositions sent, RunWatchers.Watcher watcher)
            throws IOException {
        int after = sent.floor();
        List<JournalEntry> page;
        do {
            page = journal.after(runId, after, PAGE);
            sendLive(client, watcher, sent);
            for (JournalEntry entry : page) {
                if (sent.add(entry.position())) {
                    client.sendEvent(type(entry), mapper.writeValueAsString(Views.Entry.of(entry, render)),
                            String.valueOf(entry.position()));
                }
                after = entry.position();
            }
        } while (page.size() == PAGE && !client.terminated());
    }

    /** The live events queued for positions not sent yet (a sent entry's late output is stale). */
    private void sendLive(Client client, RunWatchers.Watcher watcher, SentPositions sent) throws IOException {
        for (LiveEvent event : watcher.takeLive()) {
            if (!sent.contains(event.position())) {
                sendLive(client, event);
            }
        }
    }

    private void sendLive(Client client, LiveEvent event) throws IOException {
        switch (event) {
            case LiveEvent.AttemptBegan began -> {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("position", began.position());
                view.put("kind", began.kind());
                view.put("name", render.text().apply(began.name()));
                view.put("attempt", began.attempt());
                view.put("startedAt", Instant.ofEpochMilli(began.startedAtMs()).toString());
                client.sendEvent("step-started", mapper.writeValueAsString(view));
            }
            case LiveEvent.Output output -> client.sendEvent("step-output",
                    mapper.writeValueAsString(Map.of("position", output.position(), "text", render.text().apply(output.text()))));
        }
    }

    /** Writes events; remembers a failed write, which means the client went away. */
    private static final class Client {
        private final OutputStream out;
        private boolean terminated;

        Client(OutputStream out) {
            this.out = out;
        }

        boolean terminated() {
            return terminated;
        }

        void sendEvent(String event, String data) {
            write("event: " + event + "\ndata: " + data + "\n\n");
        }

        void sendEvent(String event, String data, String id) {
            write("id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n");
        }

        void sendComment(String comment) {
            write(": " + comment + "\n\n");
        }

        private void write(String text) {
            if (terminated) {
                return;
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                terminated = true;
            }
        }
    }

    private static String type(JournalEntry entry) {
        if (entry.kind().equals("step") && entry.name().startsWith("model ")) {
            return "model-call";
        }
        if (entry.kind().equals("step") && entry.name().startsWith("tool ")) {
            return "tool-call";
        }
        return "step";
    }
}
