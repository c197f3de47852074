package dev.mainstay.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Whether a workflow is paused ({@link MainstayClient#pauseWorkflow}): while it is, no run of it is
 * dispatched; {@code pausedAt} and {@code pausedBy} (a token id, null with auth off) say since when
 * and by whom.
 *
 * <pre>{@code
 * client.pauseWorkflow("orders");      // new dispatches stop; runs already running go on
 * client.resumeWorkflow("orders");     // its waiting runs are dispatched again
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowPause(String workflow, boolean paused, Instant pausedAt, String pausedBy) {}
