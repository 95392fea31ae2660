package io.quintet.objectstore.tx;

import io.quintet.protocol.hlc.HlcTimestamp;
import io.quintet.protocol.hlc.HybridClock;
import jakarta.inject.Singleton;

/**
 * {@code serverClockNow()} of 3.5 rule 4 on shared-protocol's {@link HybridClock}, in OSP's 64-bit
 * layout: upper 48 bits physical milliseconds, lower 16 bits the logical counter.
 */
@Singleton
public class ServerClock {

    private final HybridClock clock = HybridClock.system("objectstore", 60_000);

    public long now() {
        return encode(clock.send());
    }

    public static long encode(HlcTimestamp t) {
        return (t.wallTime() << 16) | Math.min(t.logical(), 0xFFFF);
    }

    /** {@code clockToMillis} of 3.5. */
    public static long toMillis(long clock) {
        return clock >>> 16;
    }
}
