package io.quintet.kora.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** kora.md 8.3 decision: resends of what stays unacknowledged back off after a stall, never stop. */
class ResendBackoffTest {

    private static final ResendBackoff.Policy POLICY = new ResendBackoff.Policy(2_000, 60_000, 60_000);

    @Test
    @DisplayName("every tick for the first 60 s without an acknowledgment, then 2 s doubling up to 60 s, never stopped")
    void backsOffAfterTheStall() {
        ResendBackoff resends = new ResendBackoff();
        long t = 1_000_000;
        resends.sent(t);
        for (long at = t; at < t + 60_000; at += 2_000) {
            assertEquals(2_000, resends.interval(at, POLICY));
            resends.resent(at, POLICY);
        }
        long at = t + 60_000;
        long[] expected = {2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
        for (long interval : expected) {
            assertEquals(interval, resends.interval(at, POLICY), "at +" + (at - t));
            resends.resent(at, POLICY);
            at += interval;
        }
        // sending more does not reset the stall: only an acknowledgment that makes progress does
        resends.sent(at);
        assertEquals(60_000, resends.interval(at, POLICY));
    }

    @Test
    @DisplayName("an acknowledgment that makes progress starts over; with nothing outstanding the interval is the tick")
    void progressStartsOver() {
        ResendBackoff resends = new ResendBackoff();
        long t = 5_000_000;
        resends.sent(t);
        for (int i = 0; i < 4; i++) resends.resent(t + 70_000, POLICY);
        assertEquals(32_000, resends.interval(t + 70_000, POLICY));
        resends.progressed(t + 80_000, true);
        assertEquals(2_000, resends.interval(t + 80_000, POLICY));
        assertEquals(2_000, resends.interval(t + 139_999, POLICY));
        assertEquals(
                2_000,
                resends.interval(t + 140_000, POLICY),
                "a new stall of 60 s begins at the first backed-off resend");
        resends.resent(t + 140_000, POLICY);
        assertEquals(4_000, resends.interval(t + 142_000, POLICY));
        resends.progressed(t + 150_000, false);
        assertEquals(2_000, resends.interval(t + 500_000, POLICY), "nothing outstanding");
    }
}
