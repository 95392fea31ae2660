package io.quintet.kora.session;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Mixed auth: known tokens see everything, everyone else is anonymous with the anonymous scopes. */
@QuarkusTest
@TestProfile(MixedAuthTest.Profile.class)
class MixedAuthTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kora.auth.mode",
                    "mixed",
                    "kora.auth.tokens",
                    "alice=s3cret",
                    "kora.auth.anonymous-scopes",
                    "{\"mixedpublic\":{}}",
                    "kora.http-idle-timeout",
                    "4s",
                    "kora.superseded-idle-timeout",
                    "1s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private KoraTestClient client() {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
    }

    private static ObjectNode handshake(KoraTestClient c, String token, long watermark) {
        ObjectNode h = c.handshake(watermark);
        h.put("authToken", token);
        return h;
    }

    @Test
    @DisplayName(
            "C55 mixed: an invalid token becomes an anonymous session; only anonymousScopes collections are visible")
    void c55Anonymous() {
        try (KoraTestClient alice = client()) {
            JsonNode response = alice.handshakeAndSync(handshake(alice, "s3cret", 0));
            assertFalse(response.has("acceptedScope"));
            alice.send(alice.batch(
                    alice.insert("mixedpublic", "p1", data("t", "pub")),
                    alice.insert("mixedprivate", "s1", data("t", "secret"))));
            alice.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
        }
        for (String token : List.of("forged", "")) {
            try (KoraTestClient anon = client()) {
                anon.send(handshake(anon, token, 0));
                JsonNode response = anon.next("handshake-response");
                assertTrue(response.get("accepted").asBoolean());
                assertEquals(
                        "{\"mixedpublic\":{}}", response.get("acceptedScope").toString());
                List<JsonNode> ops = anon.receiveUntilFinal();
                assertFalse(ops.isEmpty());
                assertTrue(
                        ops.stream()
                                .allMatch(op -> op.get("collection").asText().equals("mixedpublic")),
                        ops::toString);
                ObjectNode hidden = anon.insert("mixedprivate", "s2", data("t", "x"));
                anon.send(anon.batch(hidden));
                assertEquals("SCOPE_VIOLATION", anon.next("error").get("code").asText());
                anon.next("acknowledgment");
            }
        }
    }

    @Test
    @DisplayName("C53 an idle HTTP session expires and its relays stop queueing")
    void c53IdleHttpSessionExpires() throws Exception {
        String id = "http-idle-" + System.nanoTime();
        KoraTestClient builder = KoraTestClient.builder(id);
        RestAssured.given()
                .header("X-Kora-Client-Id", id)
                .contentType("application/json")
                .body(builder.handshake(0L).put("authToken", "s3cret").toString())
                .post("/")
                .then()
                .statusCode(202);
        JsonNode message;
        do {
            message = KoraTestClient.JSON.readTree(RestAssured.given()
                    .header("X-Kora-Client-Id", id)
                    .get("/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
        } while (!(message.path("type").asText().equals("operation-batch")
                && message.get("isFinal").asBoolean()));
        Thread.sleep(5500);
        try (KoraTestClient writer = client()) {
            writer.handshakeAndSync(handshake(writer, "s3cret", 0));
            writer.send(writer.batch(writer.insert("mixedpublic", "idle", data("t", "after expiry"))));
            writer.next("acknowledgment");
        }
        Thread.sleep(300);
        // a new, empty session: nothing was queued for the expired one
        RestAssured.given().header("X-Kora-Client-Id", id).get("/").then().statusCode(204);
    }

    @Test
    @DisplayName(
            "a superseded session idle beyond kora.superseded-idle-timeout is closed with 1000; the current one stays")
    void supersededSessionClosedWhenIdle() {
        String node = "mixed-superseded-" + System.nanoTime();
        try (KoraTestClient old = KoraTestClient.connect(KoraTestSupport.ws(base, "/"), node)) {
            old.handshakeAndSync(handshake(old, "s3cret", 0));
            try (KoraTestClient current = KoraTestClient.connect(KoraTestSupport.ws(base, "/"), node)) {
                current.handshakeAndSync(handshake(current, "s3cret", 0));
                KoraTestClient.Closed closed = old.awaitClose(10);
                assertEquals(1000, closed.code());
                assertEquals("session closed", closed.reason());
                current.send(current.batch());
                assertEquals(
                        0,
                        current.next("acknowledgment").get("lastSequenceNumber").asLong());
                assertFalse(current.isClosed());
            }
        }
    }

    @Test
    @DisplayName(
            "scope reset: a watermark client whose syncScope differs from its resolved scopes gets serverMaxDeliverySequence 0 and a full stream")
    void scopeReset() {
        try (KoraTestClient anon = client()) {
            anon.send(handshake(anon, "", 5));
            JsonNode response = anon.next("handshake-response");
            assertEquals(0, response.get("serverMaxDeliverySequence").asLong());
            JsonNode first = anon.next("operation-batch");
            assertEquals(0, first.get("baseDeliverySequence").asLong());
            anon.ack(first);
            if (!first.get("isFinal").asBoolean()) anon.receiveUntilFinal();
        }
    }
}
