package io.quintet.protocol.hlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HybridClockTest {

    @Provide
    Arbitrary<HlcTimestamp> timestamps() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, HlcTimestamp.MAX_WALL_TIME),
                        Arbitraries.integers().between(0, HlcTimestamp.MAX_LOGICAL),
                        Arbitraries.strings().withChars("ab:-1").ofMinLength(0).ofMaxLength(6))
                .as(HlcTimestamp::new);
    }

    @Property
    void textFormRoundTrips(@ForAll("timestamps") HlcTimestamp t) {
        assertEquals(t, HlcTimestamp.parse(t.format()));
    }

    @Property
    void textOrderEqualsTimestampOrder(@ForAll("timestamps") HlcTimestamp a, @ForAll("timestamps") HlcTimestamp b) {
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(a.format().compareTo(b.format())));
    }

    @Test
    void formatPadsWallTimeAndCounter() {
        assertEquals("000001700000000:00007:node:a", new HlcTimestamp(1_700_000_000L, 7, "node:a").format());
    }

    @Test
    void malformedTextIsRefused() {
        for (String bad : new String[] {
            "", "1:2:3", "00000170000000x:00007:n", "000001700000000:0007:n", "000001700000000-00007-n"
        }) {
            assertThrows(IllegalArgumentException.class, () -> HlcTimestamp.parse(bad), bad);
        }
    }

    @Test
    void sendNeverGoesBackwardsWhenPhysicalTimeDoes() {
        AtomicLong physical = new AtomicLong(1_000);
        HybridClock clock = new HybridClock("n", physical::get, 60_000);
        HlcTimestamp first = clock.send();
        physical.set(500);
        HlcTimestamp second = clock.send();
        assertTrue(second.compareTo(first) > 0);
        assertEquals(1_000, second.wallTime());
        assertEquals(1, second.logical());
    }

    @Test
    void receiveOrdersAfterTheRemoteAndEverythingLocal() {
        AtomicLong physical = new AtomicLong(1_000);
        HybridClock clock = new HybridClock("local", physical::get, 60_000);
        HlcTimestamp local = clock.send();
        HlcTimestamp remote = new HlcTimestamp(5_000, 3, "remote");
        HlcTimestamp received = clock.receive(remote);
        assertTrue(received.compareTo(remote) > 0);
        assertTrue(received.compareTo(local) > 0);
        assertEquals(new HlcTimestamp(5_000, 4, "local"), received);
        assertTrue(clock.send().compareTo(received) > 0);
    }

    @Test
    void remoteTooFarAheadIsRefusedAndLeavesTheClockAlone() {
        AtomicLong physical = new AtomicLong(1_000);
        HybridClock clock = new HybridClock("local", physical::get, 60_000);
        HlcTimestamp before = clock.send();
        ClockDriftException e =
                assertThrows(ClockDriftException.class, () -> clock.receive(new HlcTimestamp(1_000 + 60_001, 0, "r")));
        assertEquals(60_001, e.driftMillis());
        assertEquals(before, clock.peek());
        clock.receive(new HlcTimestamp(1_000 + 60_000, 0, "r"));
    }

    @Test
    void logicalCounterOverflowCarriesIntoWallTime() {
        HybridClock clock = new HybridClock("n", () -> 10, 0);
        clock.receive(new HlcTimestamp(10, HlcTimestamp.MAX_LOGICAL, "r"));
        // 10:MAX from the remote, +1 overflows
        assertEquals(new HlcTimestamp(11, 0, "n"), clock.peek());
        assertEquals(new HlcTimestamp(11, 1, "n"), clock.send());
    }

    /** A chain of messages between clocks with skewed physical time stays causally ordered. */
    @Property
    void causalChainsAreOrdered(@ForAll("skews") long[] skews) {
        AtomicLong base = new AtomicLong(1_000_000);
        HybridClock[] clocks = new HybridClock[skews.length];
        for (int i = 0; i < skews.length; i++) {
            long skew = skews[i];
            clocks[i] = new HybridClock("n" + i, () -> base.get() + skew, 60_000);
        }
        HlcTimestamp previous = clocks[0].send();
        for (int hop = 0; hop < 50; hop++) {
            HybridClock next = clocks[hop % clocks.length];
            HlcTimestamp t = next.receive(previous);
            assertTrue(t.compareTo(previous) > 0);
            previous = next.send();
            base.addAndGet(hop % 3 == 0 ? 1 : 0);
        }
    }

    @Provide
    Arbitrary<long[]> skews() {
        return Arbitraries.longs()
                .between(-20_000, 20_000)
                .array(long[].class)
                .ofMinSize(2)
                .ofMaxSize(5);
    }
}
