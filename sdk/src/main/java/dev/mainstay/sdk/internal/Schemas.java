package dev.mainstay.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Derives a JSON Schema (the subset the gateway checks: type, enum, properties, required, items)
 * from a Java type, so a start with a wrong input is refused before a run exists. Reference types
 * admit null; records list their primitive components as required. Types it cannot describe
 * (plain classes, Object) accept anything and are left to Jackson on the worker.
 */
public final class Schemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;

    private Schemas() {}

    public static ObjectNode of(Type type) {
        return of(type, 0);
    }

    private static ObjectNode of(Type type, int depth) {
        ObjectNode schema = F.objectNode();
        if (depth > MAX_DEPTH || type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return schema;
        }
        if (type instanceof GenericArrayType array) {
            return types(schema, "array", true).set("items", of(array.getGenericComponentType(), depth + 1));
        }
        Class<?> raw = raw(type);
        if (raw == null || raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return schema;
        }
        boolean nullable = !raw.isPrimitive();
        if (raw == String.class || raw == char.class || raw == Character.class || raw == UUID.class
                || Temporal.class.isAssignableFrom(raw) || raw == java.time.Duration.class) {
            return types(schema, "string", nullable);
        }
        if (raw.isEnum()) {
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            if (nullable) {
                values.addNull();
            }
            return schema;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return types(schema, "boolean", nullable);
        }
        if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class || raw == Integer.class
                || raw == Long.class || raw == Short.class || raw == Byte.class || raw == BigInteger.class) {
            return types(schema, "integer", nullable);
        }
        if (raw == double.class || raw == float.class || Number.class.isAssignableFrom(raw) || raw == BigDecimal.class) {
            return types(schema, "number", nullable);
        }
        if (raw == Optional.class) {
            return of(argument(type, 0), depth + 1);
        }
        if (raw.isArray()) {
            return types(schema, "array", true).set("items", of(raw.getComponentType(), depth + 1));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return types(schema, "array", true).set("items", of(argument(type, 0), depth + 1));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return types(schema, "object", true);
        }
        types(schema, "object", true);
        if (raw.isRecord()) {
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = F.arrayNode();
            for (RecordComponent component : raw.getRecordComponents()) {
                properties.set(component.getName(), of(component.getGenericType(), depth + 1));
                if (component.getType().isPrimitive()) {
                    required.add(component.getName());
                }
            }
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
        }
        return schema;
    }

    private static ObjectNode types(ObjectNode schema, String type, boolean nullable) {
        if (nullable) {
            schema.putArray("type").add(type).add("null");
        } else {
            schema.put("type", type);
        }
        return schema;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
