package dev.mainstay.agent;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.Locale;

/**
 * Builds a LangChain4j {@code ChatModel} from a {@link ModelConfig}. Built in: {@code openai}, for
 * OpenAI and every OpenAI-compatible server (vLLM, Ollama's {@code /v1}, LM Studio, OpenRouter, ...).
 * For another provider, build its LangChain4j model and pass it to {@code Agent.builder().model(...)}.
 *
 * <pre>{@code
 * ChatModel model = Models.fromEnvironment();   // MAINSTAY_MODEL, MAINSTAY_MODEL_BASE_URL, MAINSTAY_MODEL_API_KEY
 * }</pre>
 */
public final class Models {
    private Models() {}

    public static ChatModel fromEnvironment() {
        return from(ModelConfig.fromEnvironment());
    }

    public static ChatModel from(ModelConfig config) {
        return switch (config.provider().toLowerCase(Locale.ROOT)) {
            case "openai", "openai-compatible" -> OpenAiChatModel.builder()
                    .baseUrl(config.baseUrl())
                    // local OpenAI-compatible servers often take no key; the client still wants one
                    .apiKey(config.apiKey() == null || config.apiKey().isBlank() ? "none" : config.apiKey())
                    .modelName(config.model())
                    .build();
            default -> throw new IllegalArgumentException("model provider '" + config.provider()
                    + "' is not built in (built in: openai, openai-compatible); build its LangChain4j ChatModel"
                    + " and pass it to Agent.builder().model(...)");
        };
    }
}
