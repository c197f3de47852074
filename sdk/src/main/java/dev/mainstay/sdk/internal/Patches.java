package dev.mainstay.sdk.internal;

import dev.mainstay.protocol.v1.JournalEntry;
import dev.mainstay.sdk.RetryPolicy;
import java.util.HashMap;
import java.util.Map;

/**
 * Patches: a workflow body changed while runs of the old code are still in flight, each change
 * guarded by {@code ctx.patched("change-id")}. The journal decides which branch a run takes, and
 * the decision is the same on every replay:
 *
 * <ul>
 *   <li>a run that reaches the patch point with the new code (the position is past its recorded
 *       history) journals a marker there, an entry of kind {@code patch} named after the change,
 *       and takes the new branch;
 *   <li>a replay that finds that marker at the position consumes it and takes the new branch again;
 *   <li>a replay that finds anything else there (the old code's operation, the failed attempts of
 *       one, a gap a parallel step left, the cancel point) passed this point before the change: it
 *       takes the old branch, and the position is left to the old branch's operation.
 * </ul>
 *
 * The first call for a change id decides for the rest of the dispatch (a patch in a loop does not
 * flip halfway), and since the body replays from the top, for the rest of the run.
 * {@code ctx.deprecatePatch(id)} is the second stage, once no run can take the old branch any more:
 * it consumes the marker where a run recorded one, and journals nothing. (As Temporal's
 * {@code getVersion}/{@code patched} and DBOS's patches.)
 */
final class Patches {
    private final JournalCursor cursor;
    private final StepRunner steps;
    private final Map<String, Boolean> decided = new HashMap<>();

    Patches(JournalCursor cursor, StepRunner steps) {
        this.cursor = cursor;
        this.steps = steps;
    }

    boolean patched(String changeId) {
        cursor.checkOperation(ReplayContext.PATCH, changeId);
        Boolean known = decided.get(changeId);
        if (known != null) {
            return known;
        }
        boolean patched = !cursor.otherOperationAtNext(ReplayContext.PATCH, changeId);
        if (patched) {
            mark(changeId);
        }
        decided.put(changeId, patched);
        return patched;
    }

    void deprecate(String changeId) {
        cursor.checkOperation(ReplayContext.PATCH, changeId);
        JournalEntry next = cursor.next();
        if (next != null && next.getKind().equals(ReplayContext.PATCH) && next.getName().equals(changeId)) {
            mark(changeId); // replays the recorded marker: nothing is written
        }
    }

    /** The marker: journaled when new (a sequential operation: acked before the body goes on), consumed when recorded. */
    private void mark(String changeId) {
        steps.run(ReplayContext.PATCH, changeId, Boolean.class, null, RetryPolicy.none(), 0, () -> Boolean.TRUE);
    }
}
