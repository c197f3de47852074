package dev.mainstay.sdk;

/** The body of a step: may do I/O and throw; runs at most once per successful journal entry. */
@FunctionalInterface
public interface Step<T> {
    T run() throws Exception;
}
