package dev.mainstay.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a parameter of a {@link Tool} method, or a component of a record used in one, for the
 * model. A parameter is required unless its type is {@code Optional<...>} or {@code required} is
 * false (then it is {@code null} when the model leaves it out).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Param {
    /** The description the model sees. */
    String value() default "";

    /** The name the model sees; default the parameter's name (compile with {@code -parameters}). */
    String name() default "";

    boolean required() default true;
}
