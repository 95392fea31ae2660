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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Static token auth and a custom schema range. */
@QuarkusTest
@TestProfile(TokenAuthTest.Profile.class)
class TokenAuthTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kora.auth.mode",
                    "token",
                    "kora.auth.tokens",
                    "alice=s3cret,bare-token",
                    "kora.schema-version",
                    "2",
                    "kora.schema-min",
                    "1",
                    "kora.schema-max",
                    "3");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private KoraTestClient client(String path) {
        return KoraTestClient.connect(KoraTestSupport.ws(base, path));
    }

    private static ObjectNode withToken(KoraTestClient c, String token) {
        ObjectNode h = c.handshake(0L);
        if (token != null) h.put("authToken", token);
        return h;
    }

    @Test
    @DisplayName(
            "C14 bad or missing token → AUTH_FAILED and close 1000 \"authentication failed\"; auth wins over schema")
    void c14AuthFailed() {
        for (String token : new String[] {null, "", "wrong", "s3cret-but-longer"}) {
            try (KoraTestClient c = client("/")) {
                c.send(withToken(c, token));
                JsonNode error = c.next("error");
                assertEquals("AUTH_FAILED", error.get("code").asText());
                assertEquals("Authentication failed", error.get("message").asText());
                assertFalse(error.get("retriable").asBoolean());
                KoraTestClient.Closed closed = c.awaitClose(5);
                assertEquals(1000, closed.code());
                assertEquals("authentication failed", closed.reason());
            }
        }
        try (KoraTestClient c = client("/")) {
            ObjectNode h = withToken(c, "nope");
            h.put("schemaVersion", 9);
            c.send(h);
            assertEquals("AUTH_FAILED", c.next("error").get("code").asText());
        }
    }

    @Test
    @DisplayName(
            "C16 the URL token is ignored: a valid ?token= with a bad handshake token fails, the handshake token decides")
    void c16HandshakeTokenDecides() {
        try (KoraTestClient c = client("/?token=s3cret")) {
            c.send(withToken(c, "bad"));
            assertEquals("AUTH_FAILED", c.next("error").get("code").asText());
        }
        try (KoraTestClient c = client("/?token=bad")) {
            c.send(withToken(c, "s3cret"));
            assertTrue(c.next("handshake-response").get("accepted").asBoolean());
        }
    }

    @Test
    @DisplayName("C12 custom schema range 1..3: versions 1 to 3 accepted, 4 rejected; both token forms accepted")
    void c12SchemaRange() {
        for (int version = 1; version <= 3; version++) {
            try (KoraTestClient c = client("/")) {
                ObjectNode h = withToken(c, version == 2 ? "bare-token" : "s3cret");
                h.put("schemaVersion", version);
                c.send(h);
                JsonNode response = c.next("handshake-response");
                assertTrue(response.get("accepted").asBoolean(), response::toString);
                assertEquals(2, response.get("schemaVersion").asInt());
            }
        }
        try (KoraTestClient c = client("/")) {
            ObjectNode h = withToken(c, "s3cret");
            h.put("schemaVersion", 4);
            c.send(h);
            JsonNode response = c.next("handshake-response");
            assertFalse(response.get("accepted").asBoolean());
            assertEquals(
                    "SCHEMA_MISMATCH: client schema version 4 not in supported range [1, 3]",
                    response.get("rejectReason").asText());
        }
    }

    @Test
    @DisplayName("C17 with auth configured, an operation batch before the handshake → AUTH_FAILED and nothing stored")
    void c17BeforeHandshakeWithAuth() {
        try (KoraTestClient c = client("/")) {
            ObjectNode op = c.insert("todos", "sneaky", data("x", "1"));
            c.send(c.batch(op));
            assertEquals("AUTH_FAILED", c.next("error").get("code").asText());
            assertEquals(
                    0,
                    pool.preparedQuery("SELECT 1 FROM kora.operations WHERE id = $1")
                            .execute(Tuple.of(op.get("id").asText()))
                            .await()
                            .indefinitely()
                            .size());
        }
    }
}
