package dev.mainstay.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Run ids: RFC 9562 version 7 UUIDs. Time-ordered, so ids sort by creation, pages need no
 * separate timestamp index, and new rows land at the end of the primary-key B-tree.
 */
public final class UuidV7 {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static int sequence;

    private UuidV7() {}

    /** Strictly increasing within this process: a 12-bit counter fills rand_a within a millisecond. */
    public static String next() {
        long millis;
        int counter;
        synchronized (UuidV7.class) {
            millis = Math.max(System.currentTimeMillis(), lastMillis);
            if (millis == lastMillis) {
                sequence++;
                if (sequence >= 1 << 12) {
                    millis++;
                    sequence = 0;
                }
            } else {
                sequence = 0;
            }
            lastMillis = millis;
            counter = sequence;
        }
        long msb = (millis << 16) | (0x7L << 12) | counter;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
