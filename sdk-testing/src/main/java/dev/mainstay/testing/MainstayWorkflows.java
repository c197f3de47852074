package dev.mainstay.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static field of a {@link MainstayTest} class whose value the test's worker registers: an
 * object with {@code @Workflow} / {@code @Function} methods, or an array or {@code Iterable} of them.
 * Several fields may be marked; their objects are registered together, as {@code Worker.builder().register(...)}
 * would. Static, since the worker serves every test of the class.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MainstayWorkflows {}
