package dev.mainstay.gateway;

import java.util.HashSet;
import java.util.Set;

/**
 * The journal positions an event stream has sent, kept small: a floor below which every position
 * was sent, and the few sent above it. Parallel steps commit in any order (position 7 may land
 * before 6), so the stream reads from the floor on, not from the highest position sent; the floor
 * rises as the gaps fill, so each read covers only the tail of the journal, not all of it.
 */
final class SentPositions {
    private int floor; // every position in 1..floor was sent
    private final Set<Integer> above = new HashSet<>();

    /** The position to read after: every entry at or below it was sent. */
    int floor() {
        return floor;
    }

    boolean contains(int position) {
        return position <= floor || above.contains(position);
    }

    /** Records {@code position} as sent; false when it already was. */
    boolean add(int position) {
        if (contains(position)) {
            return false;
        }
        above.add(position);
        while (above.remove(floor + 1)) {
            floor++;
        }
        return true;
    }

    /** Positions sent above the floor (a gap below them is still open). */
    int pending() {
        return above.size();
    }
}
