package dev.mainstay.telemetry;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which field names hold a secret. A name matches a configured one when, both lowered and with
 * everything but letters and digits dropped, it is that name or ends with it: {@code token}
 * catches {@code accessToken}, {@code access_token} and {@code X-Refresh-Token}; {@code secret}
 * catches {@code client_secret} and {@code clientSecret}; {@code apiKey} catches {@code api_key}
 * and {@code x-api-key}. Ending with, not containing: {@code inputTokens} and {@code maxTokens}
 * (an agent's token counts) are not secrets and stay readable. Thread-safe.
 */
final class SecretNames {
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    void add(String name) {
        String normal = normalize(name);
        if (!normal.isEmpty()) {
            names.add(normal);
        }
    }

    boolean matches(String field) {
        String normal = normalize(field);
        if (normal.isEmpty()) {
            return false;
        }
        for (String name : names) {
            if (normal.endsWith(name)) {
                return true;
            }
        }
        return false;
    }

    static String normalize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
