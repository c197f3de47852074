package dev.mainstay.sdk;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A webhook as the runtime lists it, never its secret: a delivery to {@code url} signed by
 * {@code provider}'s scheme (github, stripe, slack, generic) starts a run of {@code workflow}; or, with
 * {@code correlate}, is the event {@code event} to the run of {@code workflow} the body names there.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookInfo(String name, String namespace, String workflow, String provider, String url,
                          Instant createdAt, String createdBy, String correlate, String event) {}
