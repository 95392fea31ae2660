package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.http.idle-timeout} on the main listeners, kept by the gateway's own sweep rather than a
 * handler per connection: a kept-alive connection left idle is closed, whether its requests were
 * forwarded directly or answered by Vert.x.
 */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
@TestProfile(IdleTimeoutTest.ShortIdleTimeout.class)
class IdleTimeoutTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "1s");
        }
    }

    private static final String HOST = "Host: localhost\r\n";

    @Test
    void anIdleConnectionAfterAForwardedRequestIsClosed() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("primary", exchange.answer().body());
            // RawExchange reads with a 10 s timeout: the close has to come well before
            assertEquals(-1, exchange.in.read(), "the gateway closed the idle connection");
        }
    }

    @Test
    void anIdleTlsConnectionAfterAGatewayPageIsClosed() throws Exception {
        try (RawExchange exchange = RawExchange.tls(Gateway.httpsPort())) {
            exchange.send("GET /nothing/here HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals(404, exchange.answer().status());
            assertEquals(-1, exchange.in.read(), "the gateway closed the idle connection");
        }
    }
}
