package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.quintet.protocol.testing.PostgresTestResource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Map;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(MaxConnectionsTest.Profile.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "kora"))
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
    @DisplayName("C15 maxConnections = 1: the second connection gets MAX_CONNECTIONS and close 4029; the first keeps syncing")
    void c15MaxConnections() {
        try (KoraTestClient first = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            first.handshakeAndSync(0);
            try (KoraTestClient second = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
                JsonNode error = second.next("error");
                assertEquals("MAX_CONNECTIONS", error.get("code").asText());
                assertEquals("Server has reached maximum connections (1)", error.get("message").asText());
                assertTrue(error.get("retriable").asBoolean());
                KoraTestClient.Closed closed = second.awaitClose(5);
                assertEquals(4029, closed.code());
                assertEquals("max connections reached", closed.reason());
            }
            first.send(first.batch(first.insert("c15", "r", data("still", "here"))));
            assertEquals(1, first.next("acknowledgment").get("lastSequenceNumber").asLong());
            assertFalse(first.isClosed());
            // the refused connection does not count: once closed, a new client is served again
        }
        try (KoraTestClient later = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            later.handshakeAndSync(0);
        }
    }
}
