package dev.mainstay.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a model's tool arguments against the tool's schema (see {@link ToolSchemas}) and says
 * precisely what does not fit, with a JSON path, so the model can correct itself.
 */
public final class ArgumentValidator {
    private ArgumentValidator() {}

    public static List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        String type = schema.path("type").asText("");
        if (value == null || value.isNull()) {
            problems.add(path + ": expected " + type + ", got null");
            return;
        }
        switch (type) {
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": expected a string, got " + describe(value));
                } else if (schema.has("enum") && !contains(schema.get("enum"), value.asText())) {
                    problems.add(path + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber() && !(value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0)) {
                    problems.add(path + ": expected an integer, got " + describe(value));
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": expected a number, got " + describe(value));
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": expected true or false, got " + describe(value));
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + ": expected an array, got " + describe(value));
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
                }
            }
            case "object" -> checkObject(schema, value, path, problems);
            default -> { }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + ": expected an object, got " + describe(value));
            return;
        }
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            JsonNode field = value.get(required.asText());
            if (field == null || field.isNull()) {
                problems.add(path + "." + required.asText() + ": is required but missing");
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String where = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                if (!field.getValue().isNull()) {
                    check(properties.get(field.getKey()), field.getValue(), where, problems);
                }
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), where, problems);
            } else if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
                problems.add(where + ": is not a parameter; expected " + fieldNames(properties));
            }
        }
    }

    private static List<String> fieldNames(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shown;
    }
}
