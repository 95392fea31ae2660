package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code quarkus.http.insecure-requests} unset means enabled: the plain listener serves as HTTPS does. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class InsecureRequestsTest {

    @Test
    void enabledPlainRequestsAreProxied() throws Exception {
        RawHttp.Response answer =
                RawHttp.send(Gateway.httpPort(), "GET /kosync/echo?a=1 HTTP/1.1\r\nHost: gateway.test:8080");
        assertEquals(200, answer.status());
        JsonObject echo = HttpProxyTest.json(HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/kosync/echo?a=1"))));
        assertEquals("/kosync/echo?a=1", echo.getString("uri"));
        assertEquals("http", echo.getJsonObject("headers").getString("x-forwarded-proto"));
        String landing =
                HttpProxyTest.send(HttpProxyTest.get(Gateway.https("/"))).body();
        assertTrue(landing.contains("Without TLS on the LAN"), "the landing page offers the plain URL");
    }
}
