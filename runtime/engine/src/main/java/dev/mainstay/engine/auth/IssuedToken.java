package dev.mainstay.engine.auth;

import dev.mainstay.store.TokenRecord;

/** A token just made: its secret (shown this once, never stored) and its record. */
public record IssuedToken(String secret, TokenRecord record) {
    @Override
    public String toString() {
        return "IssuedToken[id=" + record.id() + ", secret=***]";
    }
}
