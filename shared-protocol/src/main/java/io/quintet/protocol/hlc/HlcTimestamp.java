package io.quintet.protocol.hlc;

import java.util.Comparator;
import java.util.Objects;

/**
 * A hybrid logical clock reading: physical milliseconds, a logical counter for events within the
 * same millisecond, and the node that produced it.
 *
 * <p>Total order: wall time, then logical counter, then node id (plain string order). The text
 * form {@code <wallTime padded to 15 digits>:<logical padded to 5>:<nodeId>} sorts in the same
 * order as the comparator; the node id may itself contain colons.
 */
public record HlcTimestamp(long wallTime, int logical, String nodeId) implements Comparable<HlcTimestamp> {

    /** Largest logical counter; one more carries into the wall time. */
    public static final int MAX_LOGICAL = 99_999;
    /** Wall times are kept below 10^15 so that the padded text form stays 15 digits. */
    public static final long MAX_WALL_TIME = 999_999_999_999_999L;

    private static final Comparator<HlcTimestamp> ORDER = Comparator.comparingLong(HlcTimestamp::wallTime)
            .thenComparingInt(HlcTimestamp::logical)
            .thenComparing(HlcTimestamp::nodeId);

    public HlcTimestamp {
        Objects.requireNonNull(nodeId, "nodeId");
        if (wallTime < 0 || wallTime > MAX_WALL_TIME) {
            throw new IllegalArgumentException("wallTime out of range: " + wallTime);
        }
        if (logical < 0 || logical > MAX_LOGICAL) {
            throw new IllegalArgumentException("logical out of range: " + logical);
        }
    }

    @Override
    public int compareTo(HlcTimestamp other) {
        return ORDER.compare(this, other);
    }

    /** The lexicographically sortable text form. */
    public String format() {
        return String.format("%015d:%05d:%s", wallTime, logical, nodeId);
    }

    @Override
    public String toString() {
        return format();
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException when the text is not a well-formed timestamp
     */
    public static HlcTimestamp parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("HLC timestamp is null");
        }
        int first = text.indexOf(':');
        int second = first < 0 ? -1 : text.indexOf(':', first + 1);
        if (first != 15 || second != 21) {
            throw new IllegalArgumentException("malformed HLC timestamp: " + text);
        }
        long wall = parseDigits(text, 0, first);
        long logical = parseDigits(text, first + 1, second);
        return new HlcTimestamp(wall, (int) logical, text.substring(second + 1));
    }

    private static long parseDigits(String text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("malformed HLC timestamp: " + text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
