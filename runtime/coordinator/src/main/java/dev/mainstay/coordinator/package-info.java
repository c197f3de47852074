/**
 * The coordinator: one {@link dev.mainstay.coordinator.WorkerSession} per connected worker stream,
 * and the {@link dev.mainstay.coordinator.Dispatcher} that pushes ready runs to a worker that
 * registered their component and has free capacity. Nothing here polls: a run is dispatched when it
 * becomes ready, when a worker registers, or when a worker frees a slot.
 */
package dev.mainstay.coordinator;
