package dev.mainstay.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test of a suite that a subclass re-runs on PostgreSQL ({@link RealProcessesTest#onPostgres})
 * whose behaviour depends on the store across processes: claims and epochs after a kill, crash
 * recovery, leases and fencing, timers across a restart, SQL of each store's own dialect. The other tests
 * of the suite exercise the gateway, engine or SDK, whatever the store: they run on SQLite only
 * (the store contract suite, {@code PostgresJournalStoreTest}, covers each store's SQL). Each
 * {@code *OnPostgresIT} says why each of its tests is there.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface AlsoOnPostgres {

    /** Skips, in a suite on PostgreSQL, the tests not marked {@link AlsoOnPostgres}. */
    final class Selection implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            boolean onPostgres = context.getTestInstance().map(t -> t instanceof RealProcessesTest r && r.onPostgres())
                    .orElse(false);
            if (!onPostgres || context.getTestMethod().isEmpty()
                    || context.getRequiredTestMethod().isAnnotationPresent(AlsoOnPostgres.class)) {
                return ConditionEvaluationResult.enabled("runs on every store");
            }
            return ConditionEvaluationResult.disabled("store-independent: runs on SQLite only");
        }
    }
}
