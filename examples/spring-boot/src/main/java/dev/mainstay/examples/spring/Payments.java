package dev.mainstay.examples.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Stands in for a payment provider: charges are keyed by idempotency key, as a real provider's
 * are, so a step that runs again after a crash does not charge twice.
 */
@Component
public class Payments {
    private final Map<String, String> charges = new ConcurrentHashMap<>();

    /** Charges once per {@code idempotencyKey}; a repeated call returns the first charge's id. */
    public String charge(String idempotencyKey, long amountCents) {
        return charges.computeIfAbsent(idempotencyKey, key -> "ch-" + (charges.size() + 1) + "-" + amountCents);
    }

    public int charges() {
        return charges.size();
    }
}
