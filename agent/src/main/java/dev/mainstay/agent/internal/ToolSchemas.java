package dev.mainstay.agent.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mainstay.agent.Param;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives JSON schemas (the subset models and {@link ArgumentValidator} understand: type, enum,
 * properties, required, items, additionalProperties, description) from Java types. Everything a
 * tool can take is decided here, at registration, so a type without a schema is refused when the
 * agent is built, not when the model first calls the tool.
 */
public final class ToolSchemas {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ToolSchemas() {}

    /** The object schema of a tool method's parameters. */
    public static ObjectNode ofParameters(Method method) {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Parameter parameter : method.getParameters()) {
            Param param = parameter.getAnnotation(Param.class);
            String name = parameterName(method, parameter, param);
            ObjectNode property = of(parameter.getParameterizedType(), new HashSet<>(), method + " parameter " + name);
            describe(property, param);
            properties.set(name, property);
            if (isRequired(parameter.getType(), param)) {
                required.add(name);
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    public static String parameterName(Method method, Parameter parameter, Param param) {
        if (param != null && !param.name().isBlank()) {
            return param.name();
        }
        if (!parameter.isNamePresent()) {
            throw new IllegalArgumentException("the parameters of @Tool " + method + " have no names; compile with"
                    + " -parameters or name each one with @Param(name = \"...\")");
        }
        return parameter.getName();
    }

    /** The schema of one Java type; {@code where} names the spot in error messages. */
    public static ObjectNode of(Type type, Set<Type> visiting, String where) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == Optional.class) {
                return of(args[0], visiting, where);
            }
            if (Collection.class.isAssignableFrom(raw)) {
                ObjectNode array = NODES.objectNode().put("type", "array");
                array.set("items", of(args[0], visiting, where));
                return array;
            }
            if (Map.class.isAssignableFrom(raw) && args[0] == String.class) {
                ObjectNode map = NODES.objectNode().put("type", "object");
                map.set("additionalProperties", of(args[1], visiting, where));
                return map;
            }
            throw unsupported(type, where);
        }
        if (type instanceof GenericArrayType g) {
            ObjectNode array = NODES.objectNode().put("type", "array");
            array.set("items", of(g.getGenericComponentType(), visiting, where));
            return array;
        }
        if (!(type instanceof Class<?> c)) {
            throw unsupported(type, where);
        }
        if (c == String.class || c == char.class || c == Character.class) {
            return NODES.objectNode().put("type", "string");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class
                || c == Short.class || c == byte.class || c == Byte.class || c == BigInteger.class) {
            return NODES.objectNode().put("type", "integer");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class) {
            return NODES.objectNode().put("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return NODES.objectNode().put("type", "boolean");
        }
        if (c.isEnum()) {
            ObjectNode schema = NODES.objectNode().put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return schema;
        }
        if (c.isArray()) {
            ObjectNode array = NODES.objectNode().put("type", "array");
            array.set("items", of(c.getComponentType(), visiting, where));
            return array;
        }
        if (c.isRecord()) {
            return ofRecord(c, visiting, where);
        }
        throw unsupported(type, where);
    }

    private static ObjectNode ofRecord(Class<?> record, Set<Type> visiting, String where) {
        if (!visiting.add(record)) {
            throw new IllegalArgumentException(where + ": record " + record.getSimpleName()
                    + " contains itself; a tool schema cannot be recursive");
        }
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent component : record.getRecordComponents()) {
            Param param = component.getAnnotation(Param.class);
            String name = param != null && !param.name().isBlank() ? param.name() : component.getName();
            ObjectNode property = of(component.getGenericType(), visiting, where + "." + name);
            describe(property, param);
            properties.set(name, property);
            if (isRequired(component.getType(), param)) {
                required.add(name);
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        visiting.remove(record);
        return schema;
    }

    private static boolean isRequired(Class<?> type, Param param) {
        return type != Optional.class && (param == null || param.required());
    }

    private static void describe(ObjectNode property, Param param) {
        if (param != null && !param.value().isBlank()) {
            property.put("description", param.value());
        }
    }

    private static IllegalArgumentException unsupported(Type type, String where) {
        return new IllegalArgumentException(where + " has type " + type.getTypeName()
                + ", which has no tool schema; use strings, numbers, booleans, enums, lists, arrays,"
                + " Map<String, ...>, Optional or records of these");
    }
}
