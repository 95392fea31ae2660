package io.quintet.protocol.hlc;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni et al.): readings never go backwards, stay close to physical
 * time, and order causally related events even across nodes whose clocks disagree.
 *
 * <p>{@link #send()} stamps a local event; {@link #receive} folds in a remote stamp and refuses
 * one that is more than {@code maxDriftMillis} ahead of local physical time, so one client with a
 * clock in the future cannot drag every replica's clock along. Thread-safe.
 */
public final class HybridClock {

    private final String nodeId;
    private final LongSupplier physicalMillis;
    private final long maxDriftMillis;
    private long lastWall;
    private int lastLogical;

    public HybridClock(String nodeId, LongSupplier physicalMillis, long maxDriftMillis) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.physicalMillis = Objects.requireNonNull(physicalMillis, "physicalMillis");
        if (maxDriftMillis < 0) {
            throw new IllegalArgumentException("maxDriftMillis must not be negative");
        }
        this.maxDriftMillis = maxDriftMillis;
    }

    /** A clock on the system time with the given drift bound. */
    public static HybridClock system(String nodeId, long maxDriftMillis) {
        return new HybridClock(nodeId, System::currentTimeMillis, maxDriftMillis);
    }

    public String nodeId() {
        return nodeId;
    }

    public long maxDriftMillis() {
        return maxDriftMillis;
    }

    /** Stamps a local or send event. */
    public synchronized HlcTimestamp send() {
        long physical = physicalMillis.getAsLong();
        if (physical > lastWall) {
            return advance(physical, 0);
        }
        return advance(lastWall, lastLogical + 1);
    }

    /**
     * Folds a remote stamp into the clock and returns the stamp of the receive event, which is
     * after both the remote stamp and everything this clock issued before.
     *
     * @throws ClockDriftException when {@code remote} is too far ahead of physical time; the clock is unchanged
     */
    public synchronized HlcTimestamp receive(HlcTimestamp remote) {
        long physical = physicalMillis.getAsLong();
        long drift = remote.wallTime() - physical;
        if (drift > maxDriftMillis) {
            throw new ClockDriftException(remote, drift, maxDriftMillis);
        }
        long wall = Math.max(Math.max(lastWall, remote.wallTime()), physical);
        int logical;
        if (wall == lastWall && wall == remote.wallTime()) {
            logical = Math.max(lastLogical, remote.logical()) + 1;
        } else if (wall == lastWall) {
            logical = lastLogical + 1;
        } else if (wall == remote.wallTime()) {
            logical = remote.logical() + 1;
        } else {
            logical = 0;
        }
        return advance(wall, logical);
    }

    /** True when {@code remote} would be refused by {@link #receive}. */
    public boolean isTooFarAhead(HlcTimestamp remote) {
        return remote.wallTime() - physicalMillis.getAsLong() > maxDriftMillis;
    }

    /** The last stamp issued, without advancing (wall 0 before the first event). */
    public synchronized HlcTimestamp peek() {
        return new HlcTimestamp(lastWall, lastLogical, nodeId);
    }

    private HlcTimestamp advance(long wall, int logical) {
        if (logical > HlcTimestamp.MAX_LOGICAL) {
            // the counter overflows into the next millisecond rather than wrapping
            wall += 1;
            logical = 0;
        }
        lastWall = wall;
        lastLogical = logical;
        return new HlcTimestamp(wall, logical, nodeId);
    }
}
