package io.quintet.objectstore.session;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.wire.WireFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One live push rendered and encoded once for every client it reads the same for. When a TX
 * commits, every subscribed session of the replica pushes the same history range; a session
 * without a sync filter that sent none of the range's TXs sees exactly the same PUSH_DATA as every
 * other such session with its schema version and subprotocol. Those sessions share the rendered
 * TXs (per model and range) and the encoded frame (per subprotocol, kind and {@code from}), so the
 * fan-out costs one render and one encoding per subprotocol instead of one per client.
 *
 * <p>Only the pushes of the last few small ranges are kept: sharing happens within one fan-out.
 */
final class SharedPushes {

    private static final int KEPT = 64;
    /** Largest range (history payload bytes) shared: live pushes, not catch-up batches of up to 1 MiB. */
    static final long MAX_SHARED_BYTES = 16 * 1024;

    /** Identity of the model: versions are distinct objects, and comparing models deeply is costly. */
    private record RangeKey(Model model, long after, long to) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RangeKey k && k.model == model && k.after == after && k.to == to;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(model) * 31 + Long.hashCode(after) * 17 + Long.hashCode(to);
        }
    }

    record FrameKey(WireFormat format, String kind, long from) {}

    /** The TXs of one range as unfiltered clients see them, and their encoded pushes. */
    static final class Range {
        final ArrayNode txs;
        private final Map<FrameKey, Object> frames = new ConcurrentHashMap<>();

        Range(ArrayNode txs) {
            this.txs = txs;
        }

        /** The encoded frame (String for JSON, byte[] for CBOR) of this range's push. */
        Object frame(WireFormat format, String kind, long from, Function<FrameKey, Object> encode) {
            return frames.computeIfAbsent(new FrameKey(format, kind, from), encode);
        }
    }

    private final Map<RangeKey, Range> ranges = new ConcurrentHashMap<>();

    /** The shared rendering of the entries after {@code after} through {@code to} for {@code model}. */
    Range range(Model model, long after, long to, Supplier<ArrayNode> render) {
        RangeKey key = new RangeKey(model, after, to);
        Range known = ranges.get(key);
        if (known != null) return known;
        if (ranges.size() >= KEPT) ranges.clear();
        return ranges.computeIfAbsent(key, k -> new Range(render.get()));
    }
}
