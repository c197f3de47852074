package dev.mainstay.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run's end did to its relatives, in the same transaction: parents woken by a child's
 * outcome, required children cancelled at once (they held no worker), running required
 * children asked to cancel (their workers must be told), and runs the store itself failed (a
 * journal past its bound).
 */
public record LineageEffects(List<RunRecord> woken, List<RunRecord> cancelled, List<RunRecord> cancelRequested,
                             List<RunRecord> failed) {
    static LineageEffects collecting() {
        return new LineageEffects(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    public boolean isEmpty() {
        return woken.isEmpty() && cancelled.isEmpty() && cancelRequested.isEmpty() && failed.isEmpty();
    }
}
