package dev.mainstay.sdk;

/**
 * A token just made: its secret, given this once (the runtime keeps only a hash of it), and what the
 * runtime lists of it.
 */
public record NewToken(String token, TokenInfo info) {
    @Override
    public String toString() {
        return "NewToken[id=" + info.id() + ", token=***]";
    }
}
