package dev.mainstay.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component or field as a secret: wherever the runtime shows a payload (trace
 * spans, the web UI) the value of a JSON field of this name is masked. The journal keeps the real
 * value (replay needs it). The worker declares the names when it registers, from the input and
 * output types of its workflows and functions (and the records they hold, at any depth).
 *
 * <pre>{@code
 * public record Card(String holder, @Redact String number, @Redact String cvc) {}
 * }</pre>
 *
 * <p>Masking is by field name, runtime-wide: a field {@code number} elsewhere is masked too. Mark
 * step output types that are not reachable from a workflow's signature with the runtime's
 * {@code --redact-fields} instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD})
public @interface Redact {}
