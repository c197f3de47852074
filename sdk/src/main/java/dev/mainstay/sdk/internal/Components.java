package dev.mainstay.sdk.internal;

import dev.mainstay.sdk.Function;
import dev.mainstay.sdk.Workflow;
import dev.mainstay.sdk.WorkflowContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The workflows and functions a worker serves, found from annotations and checked once at build. */
public final class Components {

    /** One annotated method, ready to invoke. */
    public record Component(String name, boolean workflow, Object target, Method method, Type inputType,
                            dev.mainstay.sdk.RetryPolicy retry, long timeoutMs) {

        /** Calls the method; the user's exception comes out as itself, not wrapped. */
        public Object invoke(WorkflowContext ctx, Object input) throws Exception {
            Object[] args;
            if (workflow) {
                args = inputType == null ? new Object[] {ctx} : new Object[] {ctx, input};
            } else {
                args = inputType == null ? new Object[0] : new Object[] {input};
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception exception) {
                    throw exception;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }
    }

    private final Map<String, Component> byName = new LinkedHashMap<>();

    public void register(Object target) {
        int found = 0;
        for (Method method : target.getClass().getMethods()) {
            Workflow workflow = method.getAnnotation(Workflow.class);
            Function function = method.getAnnotation(Function.class);
            if (workflow != null && function != null) {
                throw new IllegalArgumentException(method + " is both @Workflow and @Function; choose one");
            }
            if (workflow != null) {
                add(new Component(name(workflow.name(), method), true, target, method, workflowInput(method),
                        RetryPolicies.of(method.getAnnotation(dev.mainstay.sdk.Retry.class)), workflow.runTimeoutMs()));
                found++;
            } else if (function != null) {
                add(new Component(name(function.name(), method), false, target, method, functionInput(method),
                        RetryPolicies.of(method.getAnnotation(dev.mainstay.sdk.Retry.class)), function.timeoutMs()));
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException(target.getClass().getName()
                    + " has no public method annotated @Workflow or @Function");
        }
    }

    private void add(Component component) {
        Component previous = byName.putIfAbsent(component.name(), component);
        if (previous != null) {
            throw new IllegalArgumentException("two components are named '" + component.name() + "': "
                    + previous.method() + " and " + component.method() + "; give one a name = \"...\"");
        }
        component.method().setAccessible(true);
    }

    private static String name(String declared, Method method) {
        return declared.isBlank() ? method.getName() : declared;
    }

    private static Type workflowInput(Method method) {
        Class<?>[] params = method.getParameterTypes();
        if (params.length == 0 || params.length > 2 || params[0] != WorkflowContext.class) {
            throw new IllegalArgumentException("@Workflow " + method + " must take (WorkflowContext ctx, I input)"
                    + " or (WorkflowContext ctx)");
        }
        return params.length == 2 ? method.getGenericParameterTypes()[1] : null;
    }

    private static Type functionInput(Method method) {
        if (method.getParameterCount() > 1) {
            throw new IllegalArgumentException("@Function " + method + " must take one input parameter or none");
        }
        if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == WorkflowContext.class) {
            throw new IllegalArgumentException("@Function " + method + " takes a WorkflowContext; make it a @Workflow");
        }
        return method.getParameterCount() == 1 ? method.getGenericParameterTypes()[0] : null;
    }

    public Optional<Component> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Iterable<Component> all() {
        return byName.values();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
