package dev.mainstay.store;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Run ids: RFC 9562 version 7 UUIDs. Time-ordered, so ids sort by creation, pages need no
 * separate timestamp index, and new rows land at the end of the primary-key B-tree.
 */
public final class UuidV7 {
    private static final SecureRandom RANDOM = new SecureRandom();

    private UuidV7() {}

    public static String next() {
        long millis = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
