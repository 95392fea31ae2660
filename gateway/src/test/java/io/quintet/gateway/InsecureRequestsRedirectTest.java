package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code quarkus.http.insecure-requests=redirect}: every plain request gets a 301 to HTTPS, on both listener pairs. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
@TestProfile(InsecureRequestsRedirectTest.Redirect.class)
class InsecureRequestsRedirectTest {

    public static class Redirect implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.insecure-requests", "redirect", "quintet.gateway.linkora.listeners-enabled", "true");
        }
    }

    @Test
    void plainRequestsAreRedirectedToTheSamePathAndQueryOnHttps() throws Exception {
        RawHttp.Response answer = RawHttp.send(
                Gateway.httpPort(),
                "POST /kosync/users/auth?x=1&y=%C3%A9 HTTP/1.1\r\nHost: gateway.test:8080\r\nContent-Length: 0");
        assertEquals(301, answer.status());
        assertEquals(
                "https://gateway.test:" + Gateway.httpsPort() + "/kosync/users/auth?x=1&y=%C3%A9",
                answer.header("Location"));

        RawHttp.Response landing = RawHttp.send(Gateway.httpPort(), "GET / HTTP/1.1\r\nHost: [fd00::1]");
        assertEquals(301, landing.status());
        assertEquals("https://[fd00::1]:" + Gateway.httpsPort() + "/", landing.header("Location"));
    }

    @Test
    void withoutAUsableHostThereIsNoRedirect() throws Exception {
        assertEquals(
                404,
                RawHttp.send(Gateway.httpPort(), "GET /kosync/echo HTTP/1.0").status(),
                "no Host: as Quarkus answers");
        RawHttp.Response odd = RawHttp.send(Gateway.httpPort(), "GET /kosync/echo HTTP/1.1\r\nHost: evil.test/x");
        assertFalse(odd.status() == 301, "a Host that is not a plain host name is never echoed into a Location");
        assertNull(odd.header("Location"));
    }

    @Test
    void linkorasOwnPlainListenerRedirectsToItsOwnHttpsPort() throws Exception {
        RawHttp.Response answer = RawHttp.send(
                LinkoraListenersTest.httpPort(),
                "GET /GET_UPDATES?eventTimestamp=0 HTTP/1.1\r\nHost: 192.168.1.5:45454");
        assertEquals(301, answer.status());
        assertEquals(
                "https://192.168.1.5:" + LinkoraListenersTest.httpsPort() + "/GET_UPDATES?eventTimestamp=0",
                answer.header("Location"));
    }

    @Test
    void httpsStillServesAndTheLandingPageOffersNoPlainUrl() throws Exception {
        assertEquals(
                200,
                HttpProxyTest.send(HttpProxyTest.get(Gateway.https("/kosync/echo")))
                        .statusCode());
        String landing =
                HttpProxyTest.send(HttpProxyTest.get(Gateway.https("/"))).body();
        assertFalse(landing.contains("Without TLS on the LAN"), landing);
    }
}
