package dev.mainstay.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;

/** Tool specifications in LangChain4j's form, built from our schemas. */
public final class Specifications {
    private Specifications() {}

    public static ToolSpecification of(String name, String description, JsonNode schema) {
        return ToolSpecification.builder().name(name).description(description)
                .parameters(LangChainSchemas.object(schema)).build();
    }
}
