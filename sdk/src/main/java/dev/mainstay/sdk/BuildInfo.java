package dev.mainstay.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One build of a workflow's workers, as {@code GET /v1/workflows/{name}/builds} lists it: when a
 * worker of it first registered; whether new runs go to it ({@code current}) and whether it is the
 * newest; its runs that ran on it last and have not ended ({@code liveRuns}) or have; its connected
 * workers; and whether its workers may be stopped ({@code safeToShutDown}: not current, and no live
 * run needs it).
 *
 * <pre>{@code
 * client.builds("orders").stream().filter(BuildInfo::safeToShutDown).forEach(b -> stop(b.buildId()));
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildInfo(String buildId, Instant firstSeen, boolean current, boolean newest, long liveRuns,
                        long endedRuns, int workers, boolean safeToShutDown) {}
