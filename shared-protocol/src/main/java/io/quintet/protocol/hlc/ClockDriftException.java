package io.quintet.protocol.hlc;

/** A remote timestamp lies further ahead of local physical time than the clock allows. */
public final class ClockDriftException extends RuntimeException {

    private final HlcTimestamp remote;
    private final long driftMillis;

    public ClockDriftException(HlcTimestamp remote, long driftMillis, long maxDriftMillis) {
        super("remote clock " + remote + " is " + driftMillis + " ms ahead (limit " + maxDriftMillis + " ms)");
        this.remote = remote;
        this.driftMillis = driftMillis;
    }

    public HlcTimestamp remote() {
        return remote;
    }

    public long driftMillis() {
        return driftMillis;
    }
}
