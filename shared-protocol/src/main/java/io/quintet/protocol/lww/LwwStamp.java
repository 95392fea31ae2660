package io.quintet.protocol.lww;

import java.util.Comparator;
import java.util.Objects;

/**
 * The version of a last-write-wins value: a timestamp (any unit, as long as every writer of the
 * value uses the same one) and a tie-breaker, typically the writer's node or device id.
 * Ordered by timestamp, then by tie-breaker (plain string order), so that every replica picks
 * the same winner for writes made at the same instant.
 */
public record LwwStamp(long timestamp, String tieBreaker) implements Comparable<LwwStamp> {

    private static final Comparator<LwwStamp> ORDER =
            Comparator.comparingLong(LwwStamp::timestamp).thenComparing(LwwStamp::tieBreaker);

    public LwwStamp {
        tieBreaker = tieBreaker == null ? "" : tieBreaker;
    }

    public static LwwStamp of(long timestamp, String tieBreaker) {
        return new LwwStamp(timestamp, tieBreaker);
    }

    @Override
    public int compareTo(LwwStamp other) {
        return ORDER.compare(this, Objects.requireNonNull(other, "other"));
    }

    public boolean isAfter(LwwStamp other) {
        return compareTo(other) > 0;
    }

    /** The later of the two; {@code a} when they are equal. */
    public static LwwStamp max(LwwStamp a, LwwStamp b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
