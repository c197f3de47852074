package dev.mainstay.gateway;

/** Client text quoted back in an error message: cut, so a 20,000-character value is not echoed whole. */
final class Text {
    private static final int QUOTED = 64;

    private Text() {}

    static String clip(String value) {
        if (value == null || value.length() <= QUOTED) {
            return value;
        }
        return value.substring(0, QUOTED) + "…";
    }
}
