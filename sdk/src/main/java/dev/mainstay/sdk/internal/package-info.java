/**
 * Not API. The worker's machinery: component discovery ({@link dev.mainstay.sdk.internal.Components}),
 * replay ({@link dev.mainstay.sdk.internal.ReplayContext}, the WorkflowContext facade over the journal
 * cursor, the step runner, parallel steps, child runs and durable waits), one run on a virtual thread
 * ({@link dev.mainstay.sdk.internal.RunExecution}) and the stream to the runtime
 * ({@link dev.mainstay.sdk.internal.RuntimeStream}). {@link dev.mainstay.sdk.internal.OfflineRuns} is the
 * one class of it that {@code mainstay-sdk-testing} may use: replay of exported runs and in-process runs
 * on this same machinery.
 */
package dev.mainstay.sdk.internal;
