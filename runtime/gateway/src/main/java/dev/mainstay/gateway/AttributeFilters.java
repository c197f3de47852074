package dev.mainstay.gateway;

import dev.mainstay.protocol.ErrorCode;
import dev.mainstay.store.AttributeFilter;
import dev.mainstay.store.InvalidAttributeException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attribute filters of a runs query: {@code ?attr.customer=c-42&attr.amount>=100}. A query
 * string splits at its first {@code =}, so {@code attr.amount>=100} arrives as the key
 * {@code attr.amount>} with the value {@code 100}, and {@code attr.amount>100} as a key without a
 * value; both are read from the raw query string and joined back into {@code amount>=100} before
 * parsing (a fully encoded {@code attr.amount%3E%3D100} reads the same, also with an empty value,
 * {@code attr.amount%3E%3D100=}, as a browser's URLSearchParams writes it). Every refusal is an
 * {@link ApiException} with {@code INVALID_ARGUMENT} that names the filter.
 */
final class AttributeFilters {
    static final String PREFIX = "attr.";

    private AttributeFilters() {}

    /** The filters of a raw query string (null or empty: none). */
    static List<AttributeFilter> of(String rawQuery) {
        List<AttributeFilter> filters = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return filters;
        }
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String key = decode(eq < 0 ? part : part.substring(0, eq));
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            if (filters.size() == AttributeFilter.MAX_PER_QUERY) {
                throw new ApiException(ErrorCode.INVALID_ARGUMENT, "a runs query takes at most "
                        + AttributeFilter.MAX_PER_QUERY + " attribute filters (attr.*); drop some");
            }
            String written = key.substring(PREFIX.length());
            String value = eq < 0 ? null : decode(part.substring(eq + 1));
            // a whole filter encoded into the key arrives without a value, or with an empty one (URLSearchParams)
            boolean whole = value == null || (value.isEmpty() && hasOperatorBeforeEnd(written));
            filters.add(parse(whole ? written : written + "=" + value));
        }
        return filters;
    }

    /** One filter, {@code name op value}: {@code customer=c-42}, {@code amount>=100}, {@code due<2026-12-31T00:00:00Z}. */
    static AttributeFilter parse(String expression) {
        int end = 0;
        while (end < expression.length() && nameChar(expression.charAt(end))) {
            end++;
        }
        String name = expression.substring(0, end);
        String rest = expression.substring(end);
        if (name.isEmpty()) {
            throw refused(expression, "it needs an attribute name of A-Z a-z 0-9 _ . - first");
        }
        AttributeFilter.Op op = null;
        for (AttributeFilter.Op candidate : List.of(AttributeFilter.Op.GE, AttributeFilter.Op.LE, AttributeFilter.Op.GT,
                AttributeFilter.Op.LT, AttributeFilter.Op.EQ)) {
            if (rest.startsWith(candidate.symbol())) {
                op = candidate;
                break;
            }
        }
        if (op == null) {
            throw refused(expression, rest.isEmpty() ? "it has no operator and value"
                    : "'" + Text.clip(rest.substring(0, Math.min(2, rest.length()))) + "' is not an operator");
        }
        try {
            return AttributeFilter.of(name, op, rest.substring(op.symbol().length()));
        } catch (InvalidAttributeException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
    }

    private static boolean hasOperatorBeforeEnd(String written) {
        for (int i = 0; i < written.length() - 1; i++) {
            char c = written.charAt(i);
            if (c == '=' || c == '<' || c == '>') {
                return true;
            }
        }
        return false;
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static ApiException refused(String expression, String why) {
        return new ApiException(ErrorCode.INVALID_ARGUMENT, "attribute filter '" + Text.clip(expression) + "': " + why
                + "; write attr.NAME=VALUE, or attr.NAME followed by >, >=, < or <= and a number or an ISO-8601 instant");
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT, "the query parameter '" + Text.clip(raw)
                    + "' is not URL-encoded correctly: " + e.getMessage());
        }
    }
}
