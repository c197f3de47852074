package dev.mainstay.sdk;

import dev.mainstay.sdk.internal.MaskedValues;

/**
 * Values this worker process must never send to the runtime inside a failure: a step's or a
 * workflow's exception message and stack trace have each of them replaced by {@code ***} before
 * they are journaled. For credentials that a library may repeat in its exceptions (an HTTP client
 * quoting a provider's error body that echoes the API key, a driver naming its connection string).
 * The agent module masks the API key of every model it builds from a {@code ModelConfig}; the worker
 * masks its own token.
 *
 * <pre>{@code
 * Secrets.mask(System.getenv("PAYMENTS_API_KEY"));
 * }</pre>
 *
 * Masking covers failures only: what a step returns is the workflow's own data (see {@link Redact}).
 */
public final class Secrets {
    private Secrets() {}

    /**
     * Masks {@code value} from now on, in every failure this process sends. Null, blank and values
     * shorter than {@value MaskedValues#MIN_LENGTH} characters are ignored: masking a short value
     * would garble unrelated text and protects nothing worth the name.
     */
    public static void mask(String value) {
        MaskedValues.add(value);
    }
}
