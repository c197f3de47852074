package dev.mainstay.store;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A filter of a runs query by a search attribute: {@code customer=c-42}, {@code amount>=100}. The
 * value is compared by the attribute's kind, so one filter value may stand for several kinds:
 * {@code =} matches a string attribute of that text, a number attribute of that number, a boolean of
 * that truth, a time of that instant; the orderings match numbers and times only. Each candidate is
 * null when the value cannot be one of that kind.
 */
public record AttributeFilter(String name, Op op, String text, Double number, Boolean bool, Long timeMs) {
    /** At most this many attribute filters in one query (each is a subquery). */
    public static final int MAX_PER_QUERY = 8;
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,300}(\\.\\d{1,300})?([eE][+-]?\\d{1,4})?");

    public enum Op {
        EQ("="), GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * The filter {@code name op value}; refused with {@link InvalidAttributeException} for a bad name,
     * a value longer than a string attribute may be, or an ordering of a value that is neither a
     * number nor an ISO-8601 instant.
     */
    public static AttributeFilter of(String name, Op op, String value) {
        RunAttribute.checkName(name);
        if (value.length() > RunAttribute.MAX_STRING_CHARS) {
            throw new InvalidAttributeException("the value of the filter on attribute '" + name + "' is " + value.length()
                    + " characters long; at most " + RunAttribute.MAX_STRING_CHARS);
        }
        Double number = null;
        if (NUMBER.matcher(value).matches()) {
            double parsed = Double.parseDouble(value);
            number = Double.isFinite(parsed) ? parsed : null;
        }
        Long timeMs = null;
        if (value.length() >= 20 && value.indexOf('T') > 0) {
            try {
                timeMs = Instant.parse(value).toEpochMilli();
            } catch (RuntimeException notATime) {
                // not a time: the other kinds may still match
            }
        }
        Boolean bool = value.equals("true") ? Boolean.TRUE : value.equals("false") ? Boolean.FALSE : null;
        if (op != Op.EQ && number == null && timeMs == null) {
            throw new InvalidAttributeException("attribute filter " + name + op.symbol() + RunAttribute.clip(value) + ": "
                    + op.symbol() + " compares numbers and times, and '" + RunAttribute.clip(value)
                    + "' is neither; use a number such as 100 or an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
        return new AttributeFilter(name, op, op == Op.EQ ? value : null, number, op == Op.EQ ? bool : null, timeMs);
    }
}
