/**
 * The gateway: the versioned HTTP/JSON API under {@code /v1} ({@link dev.mainstay.gateway.HttpGateway}),
 * with its limits (payload size), input checks against each component's schema
 * ({@link dev.mainstay.gateway.InputValidator}) and one JSON error body per {@link dev.mainstay.protocol.ErrorCode}.
 */
package dev.mainstay.gateway;
