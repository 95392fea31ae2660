package io.quintet.gateway.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final TokenThrottle throttle = new TokenThrottle(3, TimeUnit.SECONDS.toNanos(60), 2, now::get);

    private void wrong(String client) {
        TokenThrottle.Admission a = throttle.admit(client);
        assertTrue(a.admitted());
        throttle.settle(a, true);
    }

    @Test
    void wrongTokensUpToTheLimitThenRefusedUntilTheWindowHasPassed() {
        for (int i = 0; i < 3; i++) wrong("10.0.0.1");
        TokenThrottle.Admission refused = throttle.admit("10.0.0.1");
        assertFalse(refused.admitted());
        assertEquals(60, refused.retryAfterSeconds());
        now.addAndGet(TimeUnit.SECONDS.toNanos(59) + 1);
        assertEquals(1, throttle.admit("10.0.0.1").retryAfterSeconds(), "rounded up, never 0");
        assertTrue(throttle.admit("10.0.0.2").admitted(), "another client is not affected");
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTrue(throttle.admit("10.0.0.1").admitted());
    }

    @Test
    void attemptsThatWereNotWrongTokensAreGivenBack() {
        for (int i = 0; i < 10; i++) {
            TokenThrottle.Admission a = throttle.admit("10.0.0.1");
            assertTrue(a.admitted());
            throttle.settle(a, false);
        }
        assertEquals(0, throttle.trackedClients());
    }

    @Test
    void parallelAttemptsCannotOvertakeTheCount() {
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            if (throttle.admit("10.0.0.1").admitted()) admitted++; // none settled yet
        }
        assertEquals(3, admitted);
    }

    @Test
    void boundedClientsBeyondTheCapShareOneCounter() {
        wrong("10.0.0.1");
        wrong("10.0.0.2");
        for (int i = 0; i < 3; i++) wrong("10.0.1." + i);
        assertEquals(3, throttle.trackedClients());
        assertFalse(throttle.admit("10.0.2.1").admitted(), "the shared counter is used up");
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertTrue(throttle.admit("10.0.2.1").admitted(), "expired windows make room again");
        assertTrue(throttle.trackedClients() <= 3);
    }

    @Test
    void ipv6ClientsAreCountedPerSlash64() {
        assertEquals(
                TokenThrottle.normalised("2001:db8:1:2:aaaa::1"), TokenThrottle.normalised("2001:db8:1:2:bbbb::7"));
        assertFalse(TokenThrottle.normalised("2001:db8:1:2::1").equals(TokenThrottle.normalised("2001:db8:1:3::1")));
        assertEquals("192.0.2.1", TokenThrottle.normalised("192.0.2.1"));
    }
}
