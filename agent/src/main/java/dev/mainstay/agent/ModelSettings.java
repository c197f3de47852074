package dev.mainstay.agent;

import java.util.List;

/**
 * Settings sent with every model call of an agent; a null field leaves the model's own default.
 *
 * <pre>{@code
 * ModelSettings.defaults().withTemperature(0.2).withMaxOutputTokens(800)
 * }</pre>
 */
public record ModelSettings(String modelName, Double temperature, Double topP, Integer maxOutputTokens,
                            List<String> stopSequences) {

    public ModelSettings {
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature was " + temperature + "; use 0 to 2");
        }
        if (topP != null && (topP <= 0 || topP > 1)) {
            throw new IllegalArgumentException("topP was " + topP + "; use a value in (0, 1]");
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("maxOutputTokens was " + maxOutputTokens + "; use at least 1");
        }
        stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    }

    public static ModelSettings defaults() {
        return new ModelSettings(null, null, null, null, List.of());
    }

    public ModelSettings withModelName(String name) {
        return new ModelSettings(name, temperature, topP, maxOutputTokens, stopSequences);
    }

    public ModelSettings withTemperature(double t) {
        return new ModelSettings(modelName, t, topP, maxOutputTokens, stopSequences);
    }

    public ModelSettings withTopP(double p) {
        return new ModelSettings(modelName, temperature, p, maxOutputTokens, stopSequences);
    }

    public ModelSettings withMaxOutputTokens(int n) {
        return new ModelSettings(modelName, temperature, topP, n, stopSequences);
    }

    public ModelSettings withStopSequences(List<String> stop) {
        return new ModelSettings(modelName, temperature, topP, maxOutputTokens, stop);
    }
}
