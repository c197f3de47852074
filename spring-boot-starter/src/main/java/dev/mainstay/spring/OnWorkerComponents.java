package dev.mainstay.spring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when the application has something for a worker to serve: a bean with a {@code @Workflow}
 * or {@code @Function} method, or (with mainstay-agent present) an {@code Agent} bean. An
 * application that only starts runs gets a client and no worker, rather than a worker that the SDK
 * refuses to build with nothing registered.
 */
final class OnWorkerComponents extends SpringBootCondition {
    static final String AGENT = "dev.mainstay.agent.Agent";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        List<String> found = new ArrayList<>(WorkflowBeans.names(beans));
        if (ClassUtils.isPresent(AGENT, context.getClassLoader())) {
            found.addAll(Arrays.asList(beans.getBeanNamesForType(ClassUtils.resolveClassName(AGENT, context.getClassLoader()),
                    false, false)));
        }
        return found.isEmpty()
                ? ConditionOutcome.noMatch("no bean has a public @Workflow or @Function method, and there is no Agent bean")
                : ConditionOutcome.match("beans to serve: " + found);
    }
}
