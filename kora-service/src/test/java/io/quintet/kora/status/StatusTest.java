package io.quintet.kora.status;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatusTest {

    @TestHTTPResource("/")
    URL base;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    private JsonPath status() {
        return RestAssured.given()
                .get("/status")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    @DisplayName("C64 /kora/status carries the getStatus() fields with correct counts after a scripted session")
    void c64Status() {
        JsonPath before = status();
        for (String field : List.of(
                "running",
                "connectedClients",
                "port",
                "totalOperations",
                "uptime",
                "version",
                "schemaVersion",
                "connectedNodeIds",
                "peakConnections",
                "connectionsTotal",
                "operationsReceived",
                "operationsSent",
                "errorCount")) {
            assertTrue(before.getMap("").containsKey(field), field);
        }
        try (KoraTestClient a = KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
                KoraTestClient b = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            a.handshakeAndSync(0);
            b.handshakeAndSync(0);
            a.send(a.batch(a.insert("status", "s1", data("a", "1")), a.insert("status", "s2", data("a", "2"))));
            a.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
            b.ack(b.await(
                    m -> m.path("type").asText().equals("operation-batch")
                            && m.get("operations").size() > 0,
                    5));
            a.send(a.batch(
                    a.op("insert", "status", "s3", data("a", "3"), null, System.currentTimeMillis() + 3_600_000)));
            a.await(m -> m.path("type").asText().equals("error"), 5);
            a.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
            JsonPath after = status();
            assertTrue(after.getBoolean("running"));
            assertEquals(2, after.getInt("connectedClients"));
            assertTrue(after.getList("connectedNodeIds").containsAll(List.of(a.nodeId, b.nodeId)));
            assertEquals(before.getLong("totalOperations") + 2, after.getLong("totalOperations"));
            assertEquals(before.getLong("operationsReceived") + 3, after.getLong("operationsReceived"));
            assertTrue(after.getLong("operationsSent") >= before.getLong("operationsSent") + 2);
            assertEquals(before.getLong("connectionsTotal") + 2, after.getLong("connectionsTotal"));
            assertTrue(after.getInt("peakConnections") >= 2);
            assertEquals(before.getLong("errorCount") + 1, after.getLong("errorCount"));
            assertEquals(1, after.getInt("schemaVersion"));
            assertTrue(after.getLong("uptime") > 0);
        }
        RestAssured.given()
                .get(metrics)
                .then()
                .statusCode(200)
                .body(Matchers.containsString("kora_operations_received_total"))
                .body(Matchers.containsString("kora_connected_clients"))
                .body(Matchers.containsString("kora_batch_latency"))
                .body(Matchers.containsString("kora_rejections_total"));
    }

    @Test
    @DisplayName("health and metrics answer on the management interface only, not on the port clients use")
    void operationalEndpointsLiveOnTheManagementInterface() {
        RestAssured.given().get(ready).then().statusCode(200);
        RestAssured.given().get(metrics).then().statusCode(200);
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/openapi"}) {
            RestAssured.given().get(path).then().statusCode(404);
        }
    }
}
