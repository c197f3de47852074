package dev.mainstay.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Our JSON schema trees, as LangChain4j's schema objects (what its providers send to the model). */
final class LangChainSchemas {
    private LangChainSchemas() {}

    static JsonObjectSchema object(JsonNode schema) {
        return (JsonObjectSchema) element(schema);
    }

    static JsonSchemaElement element(JsonNode schema) {
        String description = schema.has("description") ? schema.get("description").asText() : null;
        return switch (schema.path("type").asText()) {
            case "string" -> schema.has("enum")
                    ? JsonEnumSchema.builder().enumValues(texts(schema.get("enum"))).description(description).build()
                    : JsonStringSchema.builder().description(description).build();
            case "integer" -> JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" -> JsonBooleanSchema.builder().description(description).build();
            case "array" -> JsonArraySchema.builder().items(element(schema.get("items"))).description(description).build();
            default -> {
                Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
                schema.path("properties").fields().forEachRemaining(f -> properties.put(f.getKey(), element(f.getValue())));
                JsonObjectSchema.Builder builder = JsonObjectSchema.builder().description(description)
                        .addProperties(properties).required(texts(schema.path("required")));
                if (schema.path("additionalProperties").isBoolean()) {
                    builder.additionalProperties(schema.get("additionalProperties").asBoolean());
                }
                yield builder.build();
            }
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
