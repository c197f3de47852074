package dev.mainstay.agent;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.Locale;

/**
 * Builds a LangChain4j {@code ChatModel} from a {@link ModelConfig}. Built in: {@code openai}, for
 * OpenAI and every OpenAI-compatible server (vLLM, Ollama's {@code /v1}, LM Studio, OpenRouter, ...).
 * For another provider, build its LangChain4j model and pass it to {@code Agent.builder().model(...)}.
 *
 * <pre>{@code
 * ChatModel model = Models.fromEnvironment();   // MAINSTAY_MODEL, MAINSTAY_MODEL_BASE_URL, MAINSTAY_MODEL_API_KEY
 * StreamingChatModel streaming = Models.streamingFromEnvironment();   // the same, streaming its tokens
 * }</pre>
 */
public final class Models {
    private Models() {}

    public static ChatModel fromEnvironment() {
        return from(ModelConfig.fromEnvironment());
    }

    public static ChatModel from(ModelConfig config) {
        requireBuiltIn(config);
        // maxRetries(0): a model call is a durable step, retried (and journaled, with the key masked) by
        // its retry policy; the client's own retries would be invisible, multiply the attempts, and
        // log each provider error, which may repeat the key, in the worker's log
        return OpenAiChatModel.builder().baseUrl(config.baseUrl()).apiKey(apiKey(config)).modelName(config.model())
                .maxRetries(0).build();
    }

    public static StreamingChatModel streamingFromEnvironment() {
        return streaming(ModelConfig.fromEnvironment());
    }

    /** The model of {@code config}, streaming its tokens: for {@code Agent.builder().streamingModel(...)}. */
    public static StreamingChatModel streaming(ModelConfig config) {
        requireBuiltIn(config);
        return OpenAiStreamingChatModel.builder().baseUrl(config.baseUrl()).apiKey(apiKey(config))
                .modelName(config.model()).build();
    }

    private static void requireBuiltIn(ModelConfig config) {
        String provider = config.provider().toLowerCase(Locale.ROOT);
        if (!provider.equals("openai") && !provider.equals("openai-compatible")) {
            throw new IllegalArgumentException("model provider '" + config.provider()
                    + "' is not built in (built in: openai, openai-compatible); build its LangChain4j ChatModel"
                    + " and pass it to Agent.builder().model(...)");
        }
    }

    /**
     * Local OpenAI-compatible servers often take no key; the client still wants one. A real key is
     * masked in every failure the worker sends: a provider's error body may repeat it, and the
     * client quotes that body in its exception.
     */
    private static String apiKey(ModelConfig config) {
        if (config.apiKey() == null || config.apiKey().isBlank()) {
            return "none";
        }
        dev.mainstay.sdk.Secrets.mask(config.apiKey());
        return config.apiKey();
    }
}
