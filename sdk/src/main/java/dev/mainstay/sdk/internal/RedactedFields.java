package dev.mainstay.sdk.internal;

import dev.mainstay.sdk.Redact;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** The JSON names of {@link Redact} fields reachable from some types (records, beans, collections, arrays). */
public final class RedactedFields {
    private RedactedFields() {}

    public static Set<String> of(Iterable<Type> roots) {
        Set<String> names = new TreeSet<>();
        Set<Class<?>> seen = new HashSet<>();
        for (Type root : roots) {
            visit(root, names, seen);
        }
        return names;
    }

    private static void visit(Type type, Set<String> names, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType p) {
            visit(p.getRawType(), names, seen);
            for (Type argument : p.getActualTypeArguments()) {
                visit(argument, names, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            visit(a.getGenericComponentType(), names, seen);
        } else if (type instanceof Class<?> c) {
            if (c.isArray()) {
                visit(c.getComponentType(), names, seen);
                return;
            }
            if (c.isPrimitive() || c.getName().startsWith("java.") || !seen.add(c)) {
                return;
            }
            if (c.isRecord()) {
                for (RecordComponent component : c.getRecordComponents()) {
                    if (component.isAnnotationPresent(Redact.class)) {
                        // @JsonProperty cannot target a record component: javac puts it on the field and accessor
                        names.add(jsonName(component.getName(), component.getAccessor().getAnnotation(
                                com.fasterxml.jackson.annotation.JsonProperty.class)));
                    }
                    visit(component.getGenericType(), names, seen);
                }
            } else {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        continue;
                    }
                    if (field.isAnnotationPresent(Redact.class)) {
                        names.add(jsonName(field.getName(), field.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class)));
                    }
                    visit(field.getGenericType(), names, seen);
                }
            }
        }
    }

    private static String jsonName(String name, com.fasterxml.jackson.annotation.JsonProperty property) {
        return property != null && !property.value().isEmpty() ? property.value() : name;
    }
}
