package io.quintet.objectstore.osp;

import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.objectstore.admin.Admin;
import io.quintet.objectstore.monitoring.SyncMetrics;
import io.quintet.objectstore.wire.WireFormat;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Items 64 and 33 under a configuration with 1-s heartbeats and a 1 MiB dbMaxSize. */
@QuarkusTest
@TestProfile(LimitsTest.Limits.class)
class LimitsTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/health/ready", management = true)
    java.net.URL ready;

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("objectstore.config", "src/test/resources/configs/test-limits.json");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    SyncMetrics metrics;

    @Test
    @DisplayName(
            "C64 a client without heartbeats is disconnected (4003) after 2 × heartbeatMs + 10 s; the heartbeat failure metric increments")
    void c64HeartbeatTimeout() {
        double before = metrics.count("client_failures", "type", "heartbeat");
        try (RawClient quiet = RawClient.connect(base, WireFormat.JSON);
                RawClient talking = RawClient.connect(base, WireFormat.JSON)) {
            ObjectNode ok = quiet.loginOk("AUTO");
            assertEquals(1000, ok.path("heartbeatMs").asInt());
            talking.loginOk("AUTO");
            long start = System.nanoTime();
            // the talking client keeps to its heartbeat interval while the quiet one says nothing
            while (!quiet.isClosed() && System.nanoTime() - start < 60_000_000_000L) {
                talking.send(props().put("t", "PING").put("ts", "1"));
                sleep(1000);
            }
            assertEquals(4003, quiet.closeCode());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 10_000, "not before the timeout");
            assertTrue(metrics.count("client_failures", "type", "heartbeat") > before);
            talking.send(props().put("t", "PING").put("ts", "2"));
            talking.expect("PONG");
        }
    }

    @Test
    @DisplayName(
            "C33 dbMaxSize reached: TXs are rejected with DB_FULL, an Error log event is written, the server stays healthy and readable")
    void c33DatabaseFull() {
        String big = "x".repeat(60_000);
        ObjectNode rejected = null;
        try (RawClient a = RawClient.connect(base, WireFormat.JSON)) {
            a.loginOk("MANUAL");
            for (int i = 1; i <= 400 && rejected == null; i++) {
                ObjectNode ack = a.apply(put(NOTE, a.gid(i), props().put("title", big + i)));
                if (ack.path("status").asText().equals("REJECTED")) rejected = ack;
                else sleep(20);
            }
        }
        assertTrue(rejected != null, "writes are refused once the schema reaches dbMaxSize");
        assertEquals("DB_FULL", rejected.path("code").asText(), rejected.toString());
        given().get(ready).then().statusCode(200);
        String token = Admin.root();
        Admin.as(token).get("/api/v1/types/Note/objects?limit=1").then().statusCode(200);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<Map<String, Object>> events = Admin.as(token)
                    .queryParam("limit", 100)
                    .get("/api/v1/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("events");
            if (events.stream()
                    .anyMatch(e -> "Error".equals(e.get("type"))
                            && String.valueOf(e.get("message")).contains("database full"))) break;
            if (System.nanoTime() > deadline) throw new AssertionError("no database-full event in " + events);
            sleep(200);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
