package dev.mainstay.sdk.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a list of runtime addresses: {@code host:port}, comma-separated, IPv6 hosts in brackets
 * ({@code [::1]:7677}). Every node of one runtime serves any worker or client, so the list is the
 * set to fail over between.
 */
public final class RuntimeTargets {
    private RuntimeTargets() {}

    /**
     * The addresses in {@code value}, trimmed, in their order. {@code source} names where the value
     * came from (a builder method, an environment variable) in the message of a bad one.
     */
    public static List<String> parse(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(source + " was '" + value + "'; use host:port, e.g. 127.0.0.1:7677,"
                    + " or several comma-separated");
        }
        List<String> addresses = new ArrayList<>();
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String problem = problemOf(entry);
            if (problem != null) {
                throw new IllegalArgumentException(source + " '" + value + "': entry " + (i + 1) + " '" + entry + "' "
                        + problem);
            }
            addresses.add(entry);
        }
        return List.copyOf(addresses);
    }

    /** Why {@code entry} is not {@code host:port}, or null when it is. */
    private static String problemOf(String entry) {
        if (entry.isEmpty()) {
            return "is empty; use host:port";
        }
        String host;
        String port;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':') {
                return "is not [ipv6]:port, e.g. [::1]:7677";
            }
            host = entry.substring(1, close);
            port = entry.substring(close + 2);
        } else {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                return "has no port; use host:port, e.g. 127.0.0.1:7677";
            }
            if (colon != entry.lastIndexOf(':')) {
                return "has more than one ':'; put an IPv6 host in brackets, e.g. [::1]:7677";
            }
            host = entry.substring(0, colon);
            port = entry.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            return "has no valid host; use host:port, e.g. 127.0.0.1:7677";
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
            return "has port '" + port + "'; use a number from 1 to 65535";
        }
        return null;
    }
}
