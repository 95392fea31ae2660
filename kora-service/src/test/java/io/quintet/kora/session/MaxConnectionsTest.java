package io.quintet.kora.session;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MaxConnectionsTest.Profile.class)
class MaxConnectionsTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kora.max-connections", "1");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    @DisplayName(
            "C15 maxConnections = 1: the second connection gets MAX_CONNECTIONS and close 4029; the first keeps syncing")
    void c15MaxConnections() {
        try (KoraTestClient first = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            first.handshakeAndSync(0);
            try (KoraTestClient second = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
                JsonNode error = second.next("error");
                assertEquals("MAX_CONNECTIONS", error.get("code").asText());
                assertEquals(
                        "Server has reached maximum connections (1)",
                        error.get("message").asText());
                assertTrue(error.get("retriable").asBoolean());
                KoraTestClient.Closed closed = second.awaitClose(5);
                assertEquals(4029, closed.code());
                assertEquals("max connections reached", closed.reason());
            }
            first.send(first.batch(first.insert("c15", "r", data("still", "here"))));
            assertEquals(
                    1, first.next("acknowledgment").get("lastSequenceNumber").asLong());
            assertFalse(first.isClosed());
            // the refused connection does not count: once closed, a new client is served again
        }
        try (KoraTestClient later = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            later.handshakeAndSync(0);
        }
    }

    @Test
    @DisplayName("issue 18 (7): unauthenticated HTTP polling sessions (no handshake) do not use up maxConnections")
    void preHandshakeHttpNotCounted() {
        for (int i = 0; i < 100; i++) {
            RestAssured.given()
                    .header("X-Kora-Client-Id", "squatter-" + i + "-" + System.nanoTime())
                    .contentType("application/json")
                    .body(
                            "{\"type\":\"acknowledgment\",\"messageId\":\"a\",\"acknowledgedMessageId\":\"x\",\"lastSequenceNumber\":0}")
                    .post("/")
                    .then()
                    .statusCode(202);
        }
        try (KoraTestClient client = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            client.handshakeAndSync(0);
            // and a second handshaken session, over HTTP, is the one beyond the limit
            String id = "http-over-" + System.nanoTime();
            KoraTestClient http = KoraTestClient.builder(id);
            RestAssured.given()
                    .header("X-Kora-Client-Id", id)
                    .contentType("application/json")
                    .body(http.handshake(0L).toString())
                    .post("/")
                    .then()
                    .statusCode(202);
            String refused = RestAssured.given()
                    .header("X-Kora-Client-Id", id)
                    .get("/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertTrue(refused.contains("MAX_CONNECTIONS"), refused);
            // refused and drained: the next request with that client id starts a fresh session
            RestAssured.given().header("X-Kora-Client-Id", id).get("/").then().statusCode(204);
        }
    }
}
