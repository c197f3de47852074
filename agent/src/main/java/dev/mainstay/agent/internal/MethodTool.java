package dev.mainstay.agent.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mainstay.agent.Param;
import dev.mainstay.agent.Tool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One {@link Tool} method bound to its object: name, schema, and how to call it with JSON arguments. */
public final class MethodTool {
    private final Object target;
    private final Method method;
    private final String name;
    private final String description;
    private final boolean requiresApproval;
    private final ObjectNode schema;
    private final List<String> parameterNames = new ArrayList<>();
    private final List<JavaType> parameterTypes = new ArrayList<>();

    private MethodTool(Object target, Method method, Tool tool) {
        this.target = target;
        this.method = method;
        this.name = tool.name().isBlank() ? method.getName() : tool.name();
        this.description = tool.description();
        this.requiresApproval = tool.requiresApproval();
        this.schema = ToolSchemas.ofParameters(method);
        for (Parameter parameter : method.getParameters()) {
            parameterNames.add(ToolSchemas.parameterName(method, parameter, parameter.getAnnotation(Param.class)));
            parameterTypes.add(AgentJson.MAPPER.getTypeFactory().constructType(parameter.getParameterizedType()));
        }
        method.setAccessible(true);
    }

    /** Every {@code @Tool} method of {@code target}; refuses an object without any. */
    public static List<MethodTool> of(Object target) {
        List<MethodTool> tools = new ArrayList<>();
        for (Method method : target.getClass().getMethods()) {
            Tool tool = method.getAnnotation(Tool.class);
            if (tool == null) {
                continue;
            }
            if (Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException("@Tool " + method + " is static; make it an instance method");
            }
            if (tool.description().isBlank()) {
                throw new IllegalArgumentException("@Tool " + method + " has no description; the model needs one");
            }
            tools.add(new MethodTool(target, method, tool));
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(target.getClass().getName()
                    + " has no public method annotated @Tool (dev.mainstay.agent.Tool)");
        }
        return tools;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public boolean requiresApproval() {
        return requiresApproval;
    }

    public ObjectNode schema() {
        return schema;
    }

    /** Calls the method with arguments already checked against the schema; its own exception comes out unwrapped. */
    public Object invoke(JsonNode arguments) throws Exception {
        Object[] args = new Object[parameterNames.size()];
        for (int i = 0; i < args.length; i++) {
            JsonNode value = arguments.get(parameterNames.get(i));
            JavaType type = parameterTypes.get(i);
            if (value == null || value.isNull()) {
                args[i] = type.getRawClass() == Optional.class ? Optional.empty() : defaultFor(type.getRawClass());
            } else {
                args[i] = AgentJson.MAPPER.convertValue(value, type);
            }
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Object defaultFor(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        return AgentJson.MAPPER.convertValue(0, type);
    }
}
