package io.quintet.kora.codec;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The encoded form of recently encoded objects, by identity: a live push hands the same
 * {@link io.quintet.kora.operation.Operation} instances (the repository's in-memory tail) to every
 * session, so each operation is encoded once per wire format instead of once per client. A slot
 * holds one object; a collision just encodes again.
 */
final class EncodeCache<K, V> {

    private record Entry<K, V>(K key, V value) {}

    private final AtomicReferenceArray<Entry<K, V>> slots;
    private final int mask;

    EncodeCache(int sizePowerOfTwo) {
        this.slots = new AtomicReferenceArray<>(sizePowerOfTwo);
        this.mask = sizePowerOfTwo - 1;
    }

    V get(K key, Function<K, V> encode) {
        int h = System.identityHashCode(key);
        int i = (h ^ (h >>> 16)) & mask;
        Entry<K, V> e = slots.get(i);
        if (e != null && e.key() == key) return e.value();
        V value = encode.apply(key);
        slots.set(i, new Entry<>(key, value));
        return value;
    }
}
