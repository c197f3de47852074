package dev.mainstay.telemetry;

import java.util.Set;

/**
 * Telemetry settings. {@code previewBytes}: the most of a payload shown on a span or in the UI;
 * {@code redactFields}: JSON field names whose values are masked wherever a payload is shown
 * (matched case-insensitively; workers add the fields they mark {@code @Redact}).
 */
public record TelemetryConfig(int previewBytes, Set<String> redactFields) {
    public TelemetryConfig {
        if (previewBytes < 16 || previewBytes > 1024 * 1024) {
            throw new IllegalArgumentException("--payload-preview-bytes was " + previewBytes + "; use 16..1048576");
        }
        redactFields = Set.copyOf(redactFields);
    }

    /**
     * Masked by default, matched as {@link SecretNames} says (case and separators ignored, a name
     * that ends with one counts: {@code accessToken}, {@code client_secret}, {@code x-api-key}).
     */
    public static final String DEFAULT_REDACT_FIELDS =
            "password,passwd,secret,token,apiKey,authorization,credentials,privateKey,secretKey,cookie";

    public static TelemetryConfig defaults() {
        return new TelemetryConfig(4096, Set.of(DEFAULT_REDACT_FIELDS.split(",")));
    }

    public TelemetryConfig withPreviewBytes(int bytes) {
        return new TelemetryConfig(bytes, redactFields);
    }

    public TelemetryConfig withRedactFields(Set<String> fields) {
        return new TelemetryConfig(previewBytes, fields);
    }
}
