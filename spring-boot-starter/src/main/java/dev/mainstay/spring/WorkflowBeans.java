package dev.mainstay.spring;

import dev.mainstay.sdk.Function;
import dev.mainstay.sdk.Workflow;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The application's beans that a worker serves: singletons with a public {@code @Workflow} or
 * {@code @Function} method, found by their declared type, so that looking does not create a bean.
 *
 * <p>A bean behind an AOP proxy is registered as its target: the proxy's class overrides every
 * public method without the annotations, so the SDK would find nothing on it. Its advice
 * ({@code @Transactional}, say) then does not apply to the workflow methods, which a replaying body
 * should not have anyway: put such work inside a step, in a bean of its own.
 */
final class WorkflowBeans {
    private WorkflowBeans() {}

    /** The names of the beans with workflow or function methods, in definition order. */
    static List<String> names(ConfigurableListableBeanFactory beans) {
        List<String> names = new ArrayList<>();
        for (String name : beans.getBeanDefinitionNames()) {
            BeanDefinition definition = beans.getBeanDefinition(name);
            if (definition.isAbstract() || !definition.isSingleton() || ScopedProxyUtils.isScopedTarget(name)) {
                continue;
            }
            Class<?> type = beans.getType(name, false);
            if (type != null && servesComponents(ClassUtils.getUserClass(type))) {
                names.add(name);
            }
        }
        return names;
    }

    /** The beans themselves (their targets when proxied), created now if they were not yet. */
    static List<Object> instances(ConfigurableListableBeanFactory beans) {
        List<Object> instances = new ArrayList<>();
        for (String name : names(beans)) {
            Object bean = beans.getBean(name);
            Object target = AopProxyUtils.getSingletonTarget(bean);
            instances.add(target != null ? target : bean);
        }
        return instances;
    }

    static boolean servesComponents(Class<?> type) {
        for (Method method : type.getMethods()) {
            if (method.isAnnotationPresent(Workflow.class) || method.isAnnotationPresent(Function.class)) {
                return true;
            }
        }
        return false;
    }
}
