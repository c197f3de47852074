package dev.mainstay.store;

/**
 * A hint from one node to the others that something changed in the store; the store stays the
 * truth, so a receiver reads what the hint names. {@link Kind#ALL} means "anything may have
 * changed" (a lost connection, a polling tick, an overflow): read everything of interest again.
 */
public record Signal(Kind kind, String subject) {
    public enum Kind {
        /** Runs of the component (subject) wait for a worker. */
        WORK('w'),
        /** The run (subject) changed: its watchers and waiters read it again. */
        CHANGED('c'),
        /** A cancel was requested for the run: subject "runId:epoch"; the holder's node tells its worker. */
        CANCEL('x'),
        /** The run was paused: subject "runId:epoch"; the holder's node tells its worker to give it back. */
        PAUSE('p'),
        /** The run (subject) was taken from its holder (its deadline passed): the holder's node frees the slot. */
        TAKEN('t'),
        /** A run of the component (subject) ended: runs its concurrency limit held back may go. */
        ENDED('e'),
        /** A timer is due at the epoch milliseconds of the subject: the leader's timers look again. */
        TIMER('s'),
        /** A node's live watchers of a run came or went: "runId:1" or "runId:0"; the holder's node relays live output. */
        WATCH('v'),
        /** Live output of a run for the watchers on other nodes: "runId:" and the encoded event. */
        LIVE('l'),
        ALL('*');

        final char code;

        Kind(char code) {
            this.code = code;
        }

        static Kind of(char code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    public static final Signal ALL = new Signal(Kind.ALL, "");

    public Signal {
        if (subject == null || subject.indexOf(',') >= 0) {
            throw new IllegalArgumentException("a signal's subject holds no comma: " + subject);
        }
    }

    String encode() {
        return kind.code + subject;
    }

    /** The signal a token encodes, or null for a token this version does not know. */
    static Signal decode(String token) {
        if (token.isEmpty()) {
            return null;
        }
        Kind kind = Kind.of(token.charAt(0));
        return kind == null ? null : kind == Kind.ALL ? ALL : new Signal(kind, token.substring(1));
    }
}
