package dev.mainstay.coordinator;

import dev.mainstay.engine.Namespaces;
import dev.mainstay.protocol.v1.Component;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Named queues ({@code @Workflow(queue = "emails", maxConcurrency = 5)}): workflows that share one
 * concurrency limit. The store counts the runs of every workflow of the queue at a claim; this class
 * keeps the registrations coherent (every workflow of a queue declares the same limit and key, here
 * and on the other connected workers) and says which workflows a run's end frees a place for.
 */
final class Queues {
    static final int MAX_NAME = 128;

    private Queues() {}

    /** Why {@code c}, registered with {@code all}, cannot be in its queue; null when it can (or has none). */
    static String problem(Component c, Collection<Component> all) {
        if (c.getQueue().isEmpty()) {
            return null;
        }
        String name = Namespaces.local(c.getName());
        String queue = Namespaces.local(c.getQueue());
        if (queue.isBlank() || queue.length() > MAX_NAME) {
            return "the queue of '" + name + "' is " + (queue.isBlank() ? "blank" : queue.length() + " characters long")
                    + "; name it with 1 to " + MAX_NAME + " characters";
        }
        if (c.getMaxConcurrency() < 1) {
            return "'" + name + "' is in queue '" + queue + "' without max_concurrency; give the queue's limit (at least 1)";
        }
        for (Component other : all) {
            String differs = differs(c, other);
            if (differs != null) {
                return differs + "; declare one limit for the queue";
            }
        }
        return null;
    }

    /** How {@code other}, another workflow of {@code c}'s queue, declares the queue otherwise; null when it agrees. */
    static String differs(Component c, Component other) {
        if (c.getQueue().isEmpty() || !c.getQueue().equals(other.getQueue()) || c.getName().equals(other.getName())) {
            return null;
        }
        if (c.getMaxConcurrency() == other.getMaxConcurrency() && c.getConcurrencyKey().equals(other.getConcurrencyKey())) {
            return null;
        }
        return "queue '" + Namespaces.local(c.getQueue()) + "' runs " + c.getMaxConcurrency() + " at once per key "
                + RegistrationConflicts.quoted(c.getConcurrencyKey()) + " for '" + Namespaces.local(c.getName()) + "', but "
                + other.getMaxConcurrency() + " per key " + RegistrationConflicts.quoted(other.getConcurrencyKey()) + " for '"
                + Namespaces.local(other.getName()) + "'";
    }

    /** The workflows that share {@code component}'s queue in {@code definitions} (each session's), itself included. */
    static Set<String> mates(String component, Collection<Map<String, Component>> definitions) {
        Set<String> mates = new TreeSet<>();
        mates.add(component);
        String queue = null;
        for (Map<String, Component> defined : definitions) {
            Component c = defined.get(component);
            if (c != null && !c.getQueue().isEmpty()) {
                queue = c.getQueue();
                break;
            }
        }
        if (queue == null) {
            return mates;
        }
        for (Map<String, Component> defined : definitions) {
            for (Component c : defined.values()) {
                if (queue.equals(c.getQueue())) {
                    mates.add(c.getName());
                }
            }
        }
        return mates;
    }
}
