package dev.mainstay.agent;

import java.util.Map;

/**
 * Where a model is: provider, model name, base URL and API key. {@link #fromEnvironment()} reads
 * {@code MAINSTAY_MODEL_PROVIDER} (default {@code openai}), {@code MAINSTAY_MODEL},
 * {@code MAINSTAY_MODEL_BASE_URL} and {@code MAINSTAY_MODEL_API_KEY}; {@link #from(Map)} reads
 * {@code provider}, {@code model}, {@code base-url} and {@code api-key-env} (the name of the
 * environment variable holding the key, so keys stay out of configuration files).
 */
public record ModelConfig(String provider, String model, String baseUrl, String apiKey) {

    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    public ModelConfig {
        if (provider == null || provider.isBlank()) {
            provider = "openai";
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model name; set MAINSTAY_MODEL (or 'model'), e.g. gpt-4o-mini");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = DEFAULT_BASE_URL;
        }
    }

    /** True when the environment names a model endpoint or key: then {@link #fromEnvironment()} is meant to be used. */
    public static boolean presentInEnvironment() {
        return notBlank(System.getenv("MAINSTAY_MODEL_BASE_URL")) || notBlank(System.getenv("MAINSTAY_MODEL_API_KEY"));
    }

    public static ModelConfig fromEnvironment() {
        return new ModelConfig(System.getenv("MAINSTAY_MODEL_PROVIDER"), orDefault(System.getenv("MAINSTAY_MODEL"), "gpt-4o-mini"),
                System.getenv("MAINSTAY_MODEL_BASE_URL"), System.getenv("MAINSTAY_MODEL_API_KEY"));
    }

    public static ModelConfig from(Map<String, String> config) {
        String keyVariable = orDefault(config.get("api-key-env"), "MAINSTAY_MODEL_API_KEY");
        return new ModelConfig(config.get("provider"), config.get("model"), config.get("base-url"), System.getenv(keyVariable));
    }

    /** The key is never printed. */
    @Override
    public String toString() {
        return "ModelConfig[provider=" + provider + ", model=" + model + ", baseUrl=" + baseUrl
                + ", apiKey=" + (notBlank(apiKey) ? "****" : "(none)") + "]";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static String orDefault(String value, String fallback) {
        return notBlank(value) ? value : fallback;
    }
}
