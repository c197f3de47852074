package dev.mainstay.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON input against the schema a worker registered for the component: the subset of JSON
 * Schema the SDK emits (type, enum, properties, required, items). Unknown properties are allowed,
 * so adding a field to a record does not break older clients.
 */
final class InputValidator {
    private static final int MAX_PROBLEMS = 5;

    private InputValidator() {}

    /**
     * The schema an answer to a journaled question must fit: a string (TEXT), a boolean (APPROVAL),
     * one option (SELECT) or an array of options (MULTISELECT).
     */
    static JsonNode answerSchema(JsonNode question) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        var schema = f.objectNode();
        switch (question.path("kind").asText()) {
            case "APPROVAL" -> schema.put("type", "boolean");
            case "SELECT" -> schema.set("enum", question.path("options"));
            case "MULTISELECT" -> schema.put("type", "array").set("items", f.objectNode().set("enum", question.path("options")));
            default -> schema.put("type", "string");
        }
        return schema;
    }

    /** Problems found, as "at $.path: expected ..., got ..." lines; empty when the input fits. */
    static List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (problems.size() >= MAX_PROBLEMS || schema == null || !schema.isObject()) {
            return;
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null) {
            for (JsonNode option : allowed) {
                if (option.equals(value)) {
                    return;
                }
            }
            problems.add("at " + path + ": expected one of " + allowed + ", got " + describe(value));
            return;
        }
        JsonNode type = schema.get("type");
        if (type != null && !matchesType(type, value)) {
            problems.add("at " + path + ": expected " + (type.isArray() ? join(type) : type.asText()) + ", got " + describe(value));
            return;
        }
        if (value.isObject()) {
            JsonNode required = schema.get("required");
            if (required != null) {
                for (JsonNode name : required) {
                    if (!value.has(name.asText()) || value.get(name.asText()).isNull()) {
                        problems.add("at " + path + ": missing required property '" + name.asText() + "'");
                    }
                }
            }
            JsonNode properties = schema.get("properties");
            if (properties != null) {
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    check(properties.get(field.getKey()), field.getValue(), path + "." + field.getKey(), problems);
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean matchesType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (matchesType(option, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String join(JsonNode types) {
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.asText()));
        return String.join(" or ", names);
    }

    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        String text = value.toString();
        String kind = value.isTextual() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "boolean"
                : value.isArray() ? "array" : "object";
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
