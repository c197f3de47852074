package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.protocol.v1.PendingAttempts;
import dev.mainstay.sdk.AttemptInfo;
import dev.mainstay.sdk.RetryPolicy;
import dev.mainstay.sdk.RunExport;
import dev.mainstay.sdk.RunInfo;
import dev.mainstay.sdk.StepInfo;
import dev.mainstay.sdk.WorkflowContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Not API: the one seam through which {@code mainstay-sdk-testing} runs workflow code without a
 * runtime, on the worker's own replay machinery ({@link ReplayContext} and what it is made of), so that
 * a test judges a journal exactly as production does. The layering test lets sdk-testing use this
 * class and nothing else of {@code sdk.internal}; its signatures hold only public SDK and JDK types.
 *
 * <ul>
 *   <li>{@link #replay}: a recorded run (an export) against the current code. Nothing runs: the run
 *       behaves as if its worker drained, so the first operation past the journal ends the replay
 *       before its body runs ({@link StopAtNewCode}).
 *   <li>{@link #live}: a context whose writes a {@link Script} answers in process (steps run here,
 *       events and children come from the script, waits take no time).
 * </ul>
 */
public final class OfflineRuns {
    private final Components components = new Components();

    /** @param objects objects with {@code @Workflow} / {@code @Function} methods, as a worker registers them */
    public OfflineRuns(Iterable<?> objects) {
        objects.forEach(components::register);
    }

    /**
     * How a replay ended: the body returned, or stopped at the end of the recorded journal
     * ({@code reachedNewCode}), or threw {@code failure} (a {@link dev.mainstay.sdk.NonDeterminismException}
     * when the journal does not fit the code).
     */
    public record Replayed(boolean reachedNewCode, Throwable failure) {}

    /** Replays {@code export} against the registered code; never runs a step body, never writes. */
    public Replayed replay(RunExport export) {
        RunInfo run = export.run();
        Components.Component component = components.get(run.workflow()).orElseThrow(() -> new IllegalArgumentException(
                "run " + run.id() + " is a run of '" + run.workflow() + "', which none of the objects given declares;"
                        + " pass the object with its @Workflow or @Function"));
        Map<Integer, PendingAttempts> pending = RecordedEntries.pending(export.journal(), export.failedAttempts());
        ReplayContext ctx = new ReplayContext(run.id(), component.name(), RecordedEntries.entries(export.journal()),
                new StopAtNewCode(), components, Integer.MAX_VALUE, RetryPolicies.none(), pending, 0);
        try {
            Object input = component.inputType() == null ? null
                    : Json.read(Json.write(run.input()), component.inputType());
            RunExecution.body(component, ctx, input);
            return new Replayed(false, null);
        } catch (Suspended endOfJournal) {
            return new Replayed(true, null);
        } catch (Throwable failed) {
            return new Replayed(false, failed);
        }
    }

    /** What plays the runtime for a {@link #live} run. Payloads are plain objects, written as JSON. */
    public interface Script {
        /** The next event {@code name} delivered to the run; empty: none came within {@code timeout}. */
        Optional<Object> event(String name, Duration timeout);

        /** The output of a child run of {@code workflow} started with {@code input} (it completes at once). */
        Object child(String workflow, JsonNode input);

        /** The run waited this long (a sleep, a retry backoff, an event's timeout); nothing actually waited. */
        void waited(Duration duration);

        /** A piece of a step's live output ({@code ctx.progress}). */
        void progress(int position, String text);

        /** True once the run is cancelled: its next operation throws {@link dev.mainstay.sdk.CancelledException}. */
        boolean cancelRequested();
    }

    /** A run played in process: its context, and what it journaled so far. */
    public static final class Live {
        private final ReplayContext context;
        private final ScriptedSink sink;

        private Live(ReplayContext context, ScriptedSink sink) {
            this.context = context;
            this.sink = sink;
        }

        public WorkflowContext context() {
            return context;
        }

        /** The journal by position: the recorded entries, then what the body journaled. */
        public List<StepInfo> journal() {
            return sink.journal();
        }

        public List<AttemptInfo> failedAttempts() {
            return sink.attempts();
        }

        /**
         * The body returned: as a worker does, waits for its parallel steps and its required children
         * (their outcomes journaled), then checks it asked for the whole recorded journal.
         */
        public void finish() {
            context.settleParallel();
            context.awaitRequiredChildren();
            if (context.nonDeterminism() != null) {
                throw context.nonDeterminism();
            }
            context.checkFullyReplayed();
        }
    }

    /**
     * A context whose operations replay {@code recorded} first (checked as a worker checks them), then
     * run in process: steps and this object's functions run here with the retry policy {@code retry}
     * (backoffs not waited), everything the runtime would answer comes from {@code script}.
     */
    public Live live(String runId, String workflowName, List<StepInfo> recorded, RetryPolicy retry, Script script) {
        ScriptedSink sink = new ScriptedSink(runId, RecordedEntries.entries(recorded), script);
        ReplayContext ctx = new ReplayContext(runId, workflowName, RecordedEntries.entries(recorded), sink, components,
                Integer.MAX_VALUE, new RetryPolicies(null, retry, null), Map.of(), Long.MAX_VALUE);
        return new Live(ctx, sink);
    }
}
