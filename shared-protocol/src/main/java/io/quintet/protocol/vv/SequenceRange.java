package io.quintet.protocol.vv;

/** Sequence numbers of one node in {@code (afterExclusive, upToInclusive]}. */
public record SequenceRange(long afterExclusive, long upToInclusive) {

    public SequenceRange {
        if (upToInclusive < afterExclusive) {
            throw new IllegalArgumentException("empty range (" + afterExclusive + ", " + upToInclusive + "]");
        }
    }

    public boolean contains(long sequence) {
        return sequence > afterExclusive && sequence <= upToInclusive;
    }

    public long size() {
        return upToInclusive - afterExclusive;
    }
}
