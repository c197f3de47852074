package dev.mainstay.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a bulk cancel did: {@code matched} live runs selected, {@code cancelled} of them cancelled (none
 * on a dry run; fewer when some finished meanwhile); {@code more} when the call stopped at its limit
 * and another would select more.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkCancelResult(int matched, int cancelled, boolean dryRun, boolean more) {}
