package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code quintet.gateway.operational-endpoints.public=true}: an operator put them on the public listeners. */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
@TestProfile(OperationalEndpointsPublicTest.Public.class)
class OperationalEndpointsPublicTest {

    public static class Public implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quintet.gateway.operational-endpoints.public", "true");
        }
    }

    @Test
    void operationalPathsAnswerOnThePublicListeners() throws Exception {
        HttpResponse<String> live = HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/q/health/live")));
        assertEquals(200, live.statusCode(), live.body());
        HttpResponse<String> metrics = HttpProxyTest.send(HttpProxyTest.get(Gateway.https("/q/metrics")));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("quintet_gateway_requests"));
        HttpResponse<String> upstreamHealth =
                HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/kosync/q/health/ready")));
        assertEquals(200, upstreamHealth.statusCode(), upstreamHealth.body());
        assertEquals("{\"status\":\"UP\"}", upstreamHealth.body());
        // the management port keeps serving them as well
        assertEquals(
                200,
                HttpProxyTest.send(HttpProxyTest.get(Gateway.management("/q/health/live")))
                        .statusCode());
    }
}
