package io.quintet.kora.operation;

import io.quintet.protocol.hlc.HlcTimestamp;

/**
 * An operation's HLC timestamp as it came off the wire. Numbers are kept as JavaScript numbers
 * (doubles) so that a fractional, negative or oversized value can be refused per operation
 * ({@code INVALID_TIMESTAMP}) instead of failing the whole frame.
 */
public record OperationTimestamp(double wallTime, double logical, String nodeId) {

    /** The ingest check of kora.md 1.3: well-formed, and at most {@code toleranceMillis} ahead of now. */
    public boolean isAcceptable(long nowMillis, long toleranceMillis) {
        return isWellFormed() && wallTime <= nowMillis + toleranceMillis;
    }

    public boolean isWellFormed() {
        return nodeId != null
                && wallTime >= 0
                && wallTime <= HlcTimestamp.MAX_WALL_TIME
                && wallTime == Math.rint(wallTime)
                && logical >= 0
                && logical <= HlcTimestamp.MAX_LOGICAL
                && logical == Math.rint(logical);
    }

    /** The clock reading; only for well-formed timestamps. */
    public HlcTimestamp toHlc() {
        return new HlcTimestamp((long) wallTime, (int) logical, nodeId);
    }

    public static OperationTimestamp of(HlcTimestamp hlc) {
        return new OperationTimestamp(hlc.wallTime(), hlc.logical(), hlc.nodeId());
    }
}
