package dev.mainstay.server;

/**
 * How callers are checked: {@code --auth token} (the default: every {@code /v1} call and worker
 * stream needs a live token) or {@code --auth none} (local development only: every caller is an
 * admin, so {@link ServerConfig} refuses it on an address other than loopback); and whether
 * {@code /metrics} is open to anyone who reaches the port ({@code --metrics-public}).
 */
public record AuthConfig(boolean required, boolean metricsPublic) {
    public static AuthConfig defaults() {
        return new AuthConfig(true, false);
    }

    /** {@code token} or {@code none}, as {@code --auth} takes it. */
    public static AuthConfig parse(String mode, boolean metricsPublic) {
        return switch (mode == null ? "" : mode.strip()) {
            case "token" -> new AuthConfig(true, metricsPublic);
            case "none" -> new AuthConfig(false, metricsPublic);
            default -> throw new IllegalArgumentException("--auth was '" + mode + "'; use token (the default) or none"
                    + " (local development, loopback addresses only)");
        };
    }

    @Override
    public String toString() {
        return (required ? "token" : "none") + (metricsPublic ? " (metrics public)" : "");
    }
}
