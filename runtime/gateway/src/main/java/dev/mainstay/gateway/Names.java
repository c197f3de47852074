package dev.mainstay.gateway;

import dev.mainstay.protocol.ErrorCode;

/**
 * The ids and names a client gives (workflow names and run ids in paths, event names, schedule
 * ids, idempotency keys): 1 to {@value #MAX_LENGTH} characters, no control characters, and not in
 * a namespace the runtime writes itself. Checked before anything is stored: a 20,000-character
 * schedule id used to be stored, then fail every read of the schedules with a 500.
 *
 * <p>Reserved: event names {@code child:*} (the runtime delivers a child's outcome to its parent
 * under {@code child:<child id>}; a client could forge it) and idempotency keys {@code child:*}
 * and {@code schedule:*} (the keys of children and of scheduled slots, {@code schedule:<id>:<slot>};
 * a client could take a slot in advance).
 */
final class Names {
    static final int MAX_LENGTH = 256;

    private Names() {}

    /** {@code value} when it is a valid name; {@code what} reads in the message ("event name"). */
    static String check(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(what + " is empty; give 1 to " + MAX_LENGTH + " characters");
        }
        if (value.length() > MAX_LENGTH) {
            throw invalid(what + " has " + value.length() + " characters ('" + Text.clip(value) + "'); the most is "
                    + MAX_LENGTH);
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw invalid(String.format("%s holds a control character (U+%04X) at index %d; use printable characters",
                        what, (int) value.charAt(i), i));
            }
        }
        if (value.isBlank()) {
            throw invalid(what + " is blank; give 1 to " + MAX_LENGTH + " characters");
        }
        return value;
    }

    /** An event name a client may deliver: valid, and not {@code child:*}. */
    static String eventName(String value) {
        check("event name", value);
        if (value.startsWith("child:")) {
            throw invalid("event name '" + Text.clip(value) + "' is reserved: the runtime delivers a child run's outcome"
                    + " under child:<child id>; choose a name that does not start with 'child:'");
        }
        return value;
    }

    /** An {@code Idempotency-Key} header a client may send: null (none), or valid and not reserved. */
    static String idempotencyKey(String value) {
        if (value == null) {
            return null;
        }
        check("Idempotency-Key", value);
        for (String prefix : new String[] {"child:", "schedule:"}) {
            if (value.startsWith(prefix)) {
                throw invalid("Idempotency-Key '" + Text.clip(value) + "' is reserved: the runtime keys "
                        + (prefix.equals("child:") ? "child runs" : "scheduled runs (schedule:<id>:<slot>)")
                        + " with '" + prefix + "'; choose a key that does not start with it");
            }
        }
        return value;
    }

    private static final java.util.regex.Pattern BAD_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    /** A path whose percent-escapes are malformed ({@code /v1/runs/%}) is refused before routing decodes it. */
    static void checkEscapes(String rawPath) {
        if (BAD_ESCAPE.matcher(rawPath).find()) {
            throw invalid("the path '" + Text.clip(rawPath) + "' holds a '%' not followed by two hex digits;"
                    + " percent-encode it as %25");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
