package io.quintet.protocol.lww;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable per-field last-write-wins map: every key is its own {@link LwwRegister}, so two
 * replicas that change different fields of one record both keep their change. A removed key stays
 * as a tombstone so that an older write arriving later cannot resurrect it.
 */
public final class LwwMap<V> {

    private static final LwwMap<?> EMPTY = new LwwMap<>(new TreeMap<>());

    private final TreeMap<String, LwwRegister<V>> fields;

    private LwwMap(TreeMap<String, LwwRegister<V>> fields) {
        this.fields = fields;
    }

    @SuppressWarnings("unchecked")
    public static <V> LwwMap<V> empty() {
        return (LwwMap<V>) EMPTY;
    }

    /** Every field of {@code values} written with the one stamp (a whole-record write). */
    public static <V> LwwMap<V> of(Map<String, V> values, LwwStamp stamp) {
        LwwMap<V> map = empty();
        for (Map.Entry<String, V> e : values.entrySet()) {
            map = map.put(e.getKey(), e.getValue(), stamp);
        }
        return map;
    }

    public LwwMap<V> put(String key, V value, LwwStamp stamp) {
        return apply(key, LwwRegister.of(value, stamp));
    }

    public LwwMap<V> remove(String key, LwwStamp stamp) {
        return apply(key, LwwRegister.tombstone(stamp));
    }

    /** The map after one incoming register for {@code key}; unchanged when the write is older. */
    public LwwMap<V> apply(String key, LwwRegister<V> incoming) {
        LwwRegister<V> current = fields.get(key);
        LwwRegister<V> merged = LwwRegister.merge(current, incoming);
        if (merged == current) {
            return this;
        }
        TreeMap<String, LwwRegister<V>> copy = new TreeMap<>(fields);
        copy.put(key, merged);
        return new LwwMap<>(copy);
    }

    /** Field-wise merge of two replicas. */
    public LwwMap<V> merge(LwwMap<V> other) {
        LwwMap<V> result = this;
        for (Map.Entry<String, LwwRegister<V>> e : other.fields.entrySet()) {
            result = result.apply(e.getKey(), e.getValue());
        }
        return result;
    }

    public Optional<V> get(String key) {
        LwwRegister<V> register = fields.get(key);
        return register == null ? Optional.empty() : Optional.ofNullable(register.value());
    }

    public Optional<LwwRegister<V>> register(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** The live fields (tombstones left out), in key order. */
    public Map<String, V> values() {
        Map<String, V> live = new LinkedHashMap<>();
        fields.forEach((k, r) -> {
            if (!r.isTombstone()) live.put(k, r.value());
        });
        return Collections.unmodifiableMap(live);
    }

    /** Every register, tombstones included, in key order. */
    public Map<String, LwwRegister<V>> registers() {
        return Collections.unmodifiableMap(fields);
    }

    /** The highest stamp of any field, if there is one: the record's overall version. */
    public Optional<LwwStamp> latestStamp() {
        return fields.values().stream().map(LwwRegister::stamp).reduce(LwwStamp::max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwwMap<?> other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "LwwMap" + fields;
    }
}
