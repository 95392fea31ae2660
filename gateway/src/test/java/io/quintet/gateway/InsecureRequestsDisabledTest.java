package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code quarkus.http.insecure-requests=disabled}: the plain port is not opened at all, as on Quarkus' own listeners. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
@TestProfile(InsecureRequestsDisabledTest.Disabled.class)
class InsecureRequestsDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a fixed free port, so the test can knock on it
            return Map.of(
                    "quarkus.http.insecure-requests",
                    "disabled",
                    "quarkus.http.test-port",
                    Integer.toString(freePort()));
        }
    }

    @Test
    void thePlainPortIsClosedAndHttpsServes() throws Exception {
        int plainPort = LinkoraListenersDisabledTest.port("quarkus.http.test-port");
        assertEquals(-1, Gateway.httpPort());
        assertThrows(
                ConnectException.class, () -> RawHttp.send(plainPort, "GET /kosync/echo HTTP/1.1\r\nHost: localhost"));
        assertEquals(
                200,
                HttpProxyTest.send(HttpProxyTest.get(Gateway.https("/kosync/echo")))
                        .statusCode());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
