package io.quintet.protocol.lww;

import java.util.Comparator;
import java.util.Objects;

/**
 * A last-write-wins register: one value (or a tombstone, {@code value == null}) and the stamp of
 * the write that produced it.
 *
 * <p>{@link #merge} keeps the write with the higher stamp. Two different writes with an equal
 * stamp should not happen (the tie-breaker names the writer), but replicas must still agree if
 * they do, so the tie is settled by the values themselves: a tombstone wins, then the smaller
 * value in {@link #valueOrder()}. This makes merge idempotent, commutative and associative.
 */
public record LwwRegister<T>(T value, LwwStamp stamp) {

    public LwwRegister {
        Objects.requireNonNull(stamp, "stamp");
    }

    public static <T> LwwRegister<T> of(T value, LwwStamp stamp) {
        return new LwwRegister<>(value, stamp);
    }

    public static <T> LwwRegister<T> tombstone(LwwStamp stamp) {
        return new LwwRegister<>(null, stamp);
    }

    public boolean isTombstone() {
        return value == null;
    }

    /** Would a write with this stamp replace the register? (strictly later only) */
    public boolean acceptsWriteAt(LwwStamp incoming) {
        return incoming.isAfter(stamp);
    }

    /** The register after seeing {@code other} as well. */
    public LwwRegister<T> merge(LwwRegister<T> other) {
        if (other == null) {
            return this;
        }
        int byStamp = stamp.compareTo(other.stamp);
        if (byStamp != 0) {
            return byStamp > 0 ? this : other;
        }
        return valueOrder().compare(this.value, other.value) <= 0 ? this : other;
    }

    /** Merge that tolerates a missing side. */
    public static <T> LwwRegister<T> merge(LwwRegister<T> a, LwwRegister<T> b) {
        return a == null ? b : a.merge(b);
    }

    /**
     * Deterministic order used only to settle equal stamps: tombstones first, then natural order
     * for comparable values of one class, then the string form.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> Comparator<T> valueOrder() {
        return (a, b) -> {
            if (a == b) return 0;
            if (a == null) return -1;
            if (b == null) return 1;
            if (a instanceof Comparable && a.getClass() == b.getClass()) {
                return ((Comparable) a).compareTo(b);
            }
            int byText = String.valueOf(a).compareTo(String.valueOf(b));
            return byText != 0
                    ? byText
                    : a.getClass().getName().compareTo(b.getClass().getName());
        };
    }
}
