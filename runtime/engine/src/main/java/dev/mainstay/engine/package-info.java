/**
 * The engine owns a run's life: {@link dev.mainstay.engine.Engine#start start} (idempotent),
 * hand-off of ready runs to dispatch ({@link dev.mainstay.engine.ReadyRuns}), journal appends and
 * outcomes under fencing, recovery of live runs after a restart, and waking clients that wait for
 * an outcome. The state machine is drawn in {@code docs/architecture.md}.
 */
package dev.mainstay.engine;
