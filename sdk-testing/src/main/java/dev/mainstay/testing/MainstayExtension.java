package dev.mainstay.testing;

import dev.mainstay.sdk.MainstayClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Behind {@link MainstayTest}: one {@link TestRuntime} per test class, started when the class first
 * needs it (its first test, or a constructor parameter under either test instance lifecycle) and
 * closed after the class. Resolves {@link MainstayClient} and {@link TestRuntime} parameters.
 */
final class MainstayExtension implements ParameterResolver, AfterAllCallback, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MainstayExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == MainstayClient.class || type == TestRuntime.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestRuntime runtime = runtime(context);
        return parameter.getParameter().getType() == MainstayClient.class ? runtime.client() : runtime;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestRuntime runtime = classStore(context).remove(context.getRequiredTestClass(), TestRuntime.class);
        if (runtime != null) {
            runtime.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        TestRuntime runtime = classStore(context).get(context.getRequiredTestClass(), TestRuntime.class);
        if (runtime != null) {
            System.out.println("----- mainstay runtime log of " + context.getDisplayName() + " -----");
            System.out.println(runtime.logs());
        }
    }

    private static TestRuntime runtime(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        return classStore(context).getOrComputeIfAbsent(testClass, c -> start(testClass), TestRuntime.class);
    }

    /** The store of the test class's own context, whatever level {@code context} is at. */
    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext at = context;
        while (at.getTestMethod().isPresent() && at.getParent().isPresent()) {
            at = at.getParent().get();
        }
        return at.getStore(NAMESPACE);
    }

    private static TestRuntime start(Class<?> testClass) {
        MainstayTest settings = AnnotationSupport.findAnnotation(testClass, MainstayTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(testClass.getName() + " is not annotated @MainstayTest"));
        List<String> flags = new ArrayList<>(List.of(settings.runtimeArgs()));
        if (settings.timeSkipping()) {
            flags.add("--test-clock");
        }
        return TestRuntime.start(testClass.getSimpleName(), workflows(testClass), flags);
    }

    /** The objects of the class's static {@link MainstayWorkflows} fields. */
    static List<Object> workflows(Class<?> testClass) {
        List<Object> objects = new ArrayList<>();
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, MainstayWorkflows.class)) {
            if (!Modifier.isStatic(field.getModifiers())) {
                throw new ExtensionConfigurationException("@MainstayWorkflows field " + field.getName() + " of "
                        + testClass.getName() + " must be static: the worker serves every test of the class");
            }
            Object value;
            try {
                field.setAccessible(true);
                value = field.get(null);
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("cannot read @MainstayWorkflows field " + field.getName(), e);
            }
            if (value == null) {
                throw new ExtensionConfigurationException("@MainstayWorkflows field " + field.getName() + " of "
                        + testClass.getName() + " is null; give it the objects the worker registers");
            }
            if (value instanceof Iterable<?> many) {
                many.forEach(objects::add);
            } else if (value instanceof Object[] many) {
                objects.addAll(Arrays.asList(many));
            } else {
                objects.add(value);
            }
        }
        return objects;
    }
}
