package io.quintet.protocol.vv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable version vector: for each node, the highest sequence number seen from it
 * (a maximum, not necessarily a contiguous prefix). Missing nodes count as 0.
 */
public final class VersionVector {

    private static final VersionVector EMPTY = new VersionVector(new TreeMap<>());

    private final TreeMap<String, Long> entries;

    private VersionVector(TreeMap<String, Long> entries) {
        this.entries = entries;
    }

    public static VersionVector empty() {
        return EMPTY;
    }

    /** A vector from a node → sequence map; entries of 0 or below are dropped. */
    public static VersionVector of(Map<String, Long> entries) {
        TreeMap<String, Long> copy = new TreeMap<>();
        entries.forEach((node, seq) -> {
            Objects.requireNonNull(node, "node id");
            if (seq != null && seq > 0) copy.put(node, seq);
        });
        return copy.isEmpty() ? EMPTY : new VersionVector(copy);
    }

    public long get(String node) {
        return entries.getOrDefault(node, 0L);
    }

    /** This vector having also seen {@code sequence} from {@code node} (per-node max). */
    public VersionVector with(String node, long sequence) {
        if (sequence <= get(node)) {
            return this;
        }
        TreeMap<String, Long> copy = new TreeMap<>(entries);
        copy.put(node, sequence);
        return new VersionVector(copy);
    }

    /** Per-node maximum. */
    public VersionVector merge(VersionVector other) {
        TreeMap<String, Long> copy = new TreeMap<>(entries);
        other.entries.forEach((node, seq) -> copy.merge(node, seq, Math::max));
        return new VersionVector(copy);
    }

    /** True when this vector has seen everything {@code other} has. */
    public boolean dominates(VersionVector other) {
        for (Map.Entry<String, Long> e : other.entries.entrySet()) {
            if (get(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    public Causality compare(VersionVector other) {
        boolean thisAhead = false;
        boolean otherAhead = false;
        TreeSet<String> nodes = new TreeSet<>(entries.keySet());
        nodes.addAll(other.entries.keySet());
        for (String node : nodes) {
            long mine = get(node);
            long theirs = other.get(node);
            if (mine > theirs) thisAhead = true;
            if (theirs > mine) otherAhead = true;
        }
        if (thisAhead && otherAhead) return Causality.CONCURRENT;
        if (thisAhead) return Causality.AFTER;
        if (otherAhead) return Causality.BEFORE;
        return Causality.EQUAL;
    }

    /**
     * What {@code peer} lacks that this vector has: for each node where this vector is ahead,
     * the sequence range {@code (peer's, mine]}.
     */
    public Map<String, SequenceRange> missingFrom(VersionVector peer) {
        Map<String, SequenceRange> missing = new LinkedHashMap<>();
        entries.forEach((node, mine) -> {
            long theirs = peer.get(node);
            if (mine > theirs) missing.put(node, new SequenceRange(theirs, mine));
        });
        return Collections.unmodifiableMap(missing);
    }

    public Map<String, Long> asMap() {
        return Collections.unmodifiableMap(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
