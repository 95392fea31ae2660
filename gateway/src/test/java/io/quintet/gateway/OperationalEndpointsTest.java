package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics, OpenAPI and status pages are for operators: on the public listeners the gateway's
 * own {@code /q/*}, every service's {@code /<service>/q/*} and {@code /kora/status} answer a JSON 404,
 * however the path is spelled; the management port serves the gateway's health and metrics.
 */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class OperationalEndpointsTest {

    static final List<String> REFUSED = List.of(
            "/q/metrics",
            "/q/health",
            "/q/health/ready",
            "/q/health/live",
            "/q/openapi",
            "/kosync/q/metrics",
            "/kosync/q/openapi",
            "/kosync/q/health/ready",
            "/kosync/q",
            "/linkora/q/metrics",
            "/kora/status",
            "/kora/q/metrics",
            // the same paths spelled so that a prefix test on the raw path would miss them
            "/kosync/%71/metrics",
            "/kosync//q/metrics",
            "/kosync/./q/metrics",
            "/kosync/echo/../q/metrics",
            "/kosync/q;x=1/metrics",
            "/kosync/q%2Fmetrics",
            "/kosync/%2571/metrics",
            "/kora/st%61tus",
            "/kora/status/",
            "/kora/status;v=1",
            "/kora/status?x=1");

    @Test
    void publicListenersRefuseOperationalPathsWithJson404() throws Exception {
        for (String path : REFUSED) {
            for (java.net.URI uri : new java.net.URI[] {Gateway.http(path), Gateway.https(path)}) {
                HttpResponse<String> response = HttpProxyTest.send(HttpProxyTest.get(uri));
                assertEquals(404, response.statusCode(), uri + " → " + response.body());
                HttpProxyTest.assertError(response, 404);
            }
        }
    }

    @Test
    void protocolPathsThatOnlyLookSimilarAreStillForwarded() throws Exception {
        for (String path :
                List.of("/kosync/echo/q", "/kosync/qq/metrics", "/kosync/status", "/kosync/echo?path=/q/metrics")) {
            HttpResponse<String> response = HttpProxyTest.send(HttpProxyTest.get(Gateway.http(path)));
            assertEquals(200, response.statusCode(), path + " → " + response.body());
        }
    }

    @Test
    void managementPortServesTheGatewaysHealthAndMetrics() throws Exception {
        HttpResponse<String> live = HttpProxyTest.send(HttpProxyTest.get(Gateway.management("/q/health/live")));
        assertEquals(200, live.statusCode(), live.body());
        HttpResponse<String> metrics = HttpProxyTest.send(HttpProxyTest.get(Gateway.management("/q/metrics")));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("quintet_gateway_requests"), "the gateway's own meters");
    }
}
