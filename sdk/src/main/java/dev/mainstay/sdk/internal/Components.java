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

    /** How a component's body is entered: a reflected method, or a body registered in code. */
    @FunctionalInterface
    public interface Invoker {
        Object invoke(WorkflowContext ctx, Object input) throws Exception;
    }

    /**
     * One workflow or function, ready to invoke; {@code source} names it in error messages.
     * {@code method} is the annotated method, or null for a body registered in code.
     */
    public record Component(String name, boolean workflow, Invoker invoker, Type inputType,
                            dev.mainstay.sdk.RetryPolicy retry, long timeoutMs, String source, Method method) {

        /** Calls the body; the user's exception comes out as itself, not wrapped. */
        public Object invoke(WorkflowContext ctx, Object input) throws Exception {
            return invoker.invoke(ctx, input);
        }
    }

    private static Invoker reflective(Object target, Method method, boolean workflow, boolean hasInput) {
        method.setAccessible(true);
        return (ctx, input) -> {
            Object[] args;
            if (workflow) {
                args = hasInput ? new Object[] {ctx, input} : new Object[] {ctx};
            } else {
                args = hasInput ? new Object[] {input} : new Object[0];
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
        };
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
                Type input = workflowInput(method);
                add(new Component(name(workflow.name(), method), true, reflective(target, method, true, input != null),
                        input, RetryPolicies.of(method.getAnnotation(dev.mainstay.sdk.Retry.class)),
                        workflow.runTimeoutMs(), method.toString(), method));
                found++;
            } else if (function != null) {
                Type input = functionInput(method);
                add(new Component(name(function.name(), method), false, reflective(target, method, false, input != null),
                        input, RetryPolicies.of(method.getAnnotation(dev.mainstay.sdk.Retry.class)),
                        function.timeoutMs(), method.toString(), method));
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException(target.getClass().getName()
                    + " has no public method annotated @Workflow or @Function");
        }
    }

    /** A workflow whose body is given in code rather than found on an annotated method (agents use this). */
    public void registerWorkflow(String name, Type inputType, Invoker body, String source) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a workflow registered in code needs a name");
        }
        add(new Component(name, true, body, inputType, null, 0, source, null));
    }

    private void add(Component component) {
        Component previous = byName.putIfAbsent(component.name(), component);
        if (previous != null) {
            throw new IllegalArgumentException("two components are named '" + component.name() + "': "
                    + previous.source() + " and " + component.source() + "; give one a name = \"...\"");
        }
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
