package dev.mainstay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A search attribute of a run ({@code ctx.setAttribute("customer", "c-42")}), typed. {@code text} is
 * the value of a string, or the exact text of any other kind (a number as written, {@code true},
 * an ISO-8601 instant); {@code number} orders the kinds that order: a number, a boolean (0 or 1), a
 * time (epoch milliseconds). A workflow sets one with a journal entry of kind {@value #ENTRY_KIND}
 * named after the attribute, whose output is {@code {"kind":"string","value":"c-42"}} (see
 * protocol/PROTOCOL.md); the store writes the attribute in the same write as that entry.
 */
public record RunAttribute(String name, Kind kind, String text, Double number) {
    /** The journal entry kind that sets an attribute. */
    public static final String ENTRY_KIND = "attribute";
    public static final int MAX_PER_RUN = 32;
    public static final int MAX_NAME_CHARS = 64;
    public static final int MAX_STRING_CHARS = 256;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_NAME_CHARS + "}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Kind {
        STRING, NUMBER, BOOLEAN, TIME;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public RunAttribute {
        checkName(name);
        if (kind == Kind.STRING && text.length() > MAX_STRING_CHARS) {
            throw new InvalidAttributeException("attribute '" + name + "' is " + text.length()
                    + " characters long; a string attribute holds at most " + MAX_STRING_CHARS);
        }
        if ((kind == Kind.STRING) != (number == null)) {
            throw new IllegalArgumentException("a " + kind + " attribute " + (number == null ? "needs a number" : "takes no number"));
        }
    }

    /** Refuses a name outside 1..64 characters of {@code [A-Za-z0-9_.-]}. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidAttributeException("attribute name '" + clip(name) + "' is not 1 to " + MAX_NAME_CHARS
                    + " characters of A-Z a-z 0-9 _ . -");
        }
    }

    /** The value as JSON shows it: a string, a number (long or double), a boolean, or a time as an ISO-8601 string. */
    public Object value() {
        return switch (kind) {
            case STRING, TIME -> text;
            case BOOLEAN -> number != 0;
            case NUMBER -> {
                try {
                    yield Long.parseLong(text);
                } catch (NumberFormatException notWhole) {
                    yield number;
                }
            }
        };
    }

    /** The attribute a journal entry of kind {@value #ENTRY_KIND} sets. */
    public static RunAttribute fromEntry(JournalEntry entry) {
        String name = entry.name();
        JsonNode json;
        try {
            json = entry.output() == null ? null : JSON.readTree(entry.output());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !json.path("kind").isTextual() || !json.has("value")) {
            throw new InvalidAttributeException("the attribute entry at position " + entry.position() + " ('" + clip(name)
                    + "') needs the output {\"kind\": \"string|number|boolean|time\", \"value\": ...}");
        }
        String kind = json.get("kind").asText();
        JsonNode value = json.get("value");
        switch (kind) {
            case "string" -> {
                if (value.isTextual()) {
                    return new RunAttribute(name, Kind.STRING, value.asText(), null);
                }
            }
            case "number" -> {
                if (value.isNumber() && Double.isFinite(value.asDouble())) {
                    return new RunAttribute(name, Kind.NUMBER, value.numberValue().toString(), value.asDouble());
                }
            }
            case "boolean" -> {
                if (value.isBoolean()) {
                    return new RunAttribute(name, Kind.BOOLEAN, value.asText(), value.asBoolean() ? 1.0 : 0.0);
                }
            }
            case "time" -> {
                if (value.isTextual()) {
                    try {
                        Instant at = Instant.parse(value.asText());
                        return new RunAttribute(name, Kind.TIME, at.toString(), (double) at.toEpochMilli());
                    } catch (DateTimeParseException | ArithmeticException e) {
                        // refused below
                    }
                }
            }
            default -> throw new InvalidAttributeException("attribute '" + clip(name) + "' has kind '" + clip(kind)
                    + "'; use string, number, boolean or time");
        }
        throw new InvalidAttributeException("attribute '" + clip(name) + "' of kind " + kind + " has the value "
                + clip(value.toString()) + ", which is not a " + kind
                + (kind.equals("time") ? " (an ISO-8601 instant such as 2026-01-31T12:00:00Z)" : ""));
    }

    static String clip(String text) {
        return text == null ? "null" : text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
