package io.quintet.kora.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HandshakeTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private KoraTestClient client() {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
    }

    @Test
    @DisplayName("C8 watermark handshake on an empty server: response fields, one empty final batch")
    void c8EmptyServer() {
        KoraTestSupport.emptyLog(pool);
        try (KoraTestClient c = client()) {
            c.send(c.handshake(0L));
            JsonNode response = c.next("handshake-response");
            assertTrue(response.get("accepted").asBoolean());
            assertEquals("protobuf", response.get("selectedWireFormat").asText(), "the client lists protobuf");
            assertTrue(Math.abs(response.get("serverTime").asLong() - System.currentTimeMillis()) < 1000);
            assertEquals(0, response.get("serverMaxDeliverySequence").asLong());
            assertTrue(response.get("versionVector").isObject());
            assertEquals(1, response.get("schemaVersion").asInt());
            assertTrue(response.get("nodeId").isTextual());
            assertFalse(response.has("acceptedScope"), "no scopes without auth: no acceptedScope (C54)");
            JsonNode batch = c.next("operation-batch");
            assertEquals(0, batch.get("operations").size());
            assertTrue(batch.get("isFinal").asBoolean());
            assertEquals(0, batch.get("batchIndex").asInt());
            assertEquals(0, batch.get("baseDeliverySequence").asLong());
            assertEquals(0, batch.get("maxDeliverySequence").asLong());
            assertFalse(batch.has("totalBatches"));
        }
    }

    @Test
    @DisplayName("C10 handshake without supportedWireFormats selects json")
    void c10NoWireFormats() {
        try (KoraTestClient c = client()) {
            ObjectNode h = c.handshake(0L);
            h.remove("supportedWireFormats");
            c.send(h);
            assertEquals(
                    "json",
                    c.next("handshake-response").get("selectedWireFormat").asText());
        }
    }

    @Test
    @DisplayName("C11 schema version outside the range: SCHEMA_MISMATCH rejection with min/max, close 1000")
    void c11SchemaMismatch() {
        try (KoraTestClient c = client()) {
            ObjectNode h = c.handshake(0L);
            h.put("schemaVersion", 2);
            c.send(h);
            JsonNode response = c.next("handshake-response");
            assertFalse(response.get("accepted").asBoolean());
            assertEquals(
                    "SCHEMA_MISMATCH: client schema version 2 not in supported range [1, 1]",
                    response.get("rejectReason").asText());
            assertEquals(1, response.get("supportedSchemaMin").asInt());
            assertEquals(1, response.get("supportedSchemaMax").asInt());
            assertTrue(response.has("serverTime"));
            assertFalse(response.has("selectedWireFormat"));
            KoraTestClient.Closed closed = c.awaitClose(5);
            assertEquals(1000, closed.code());
            assertEquals("schema version mismatch", closed.reason());
        }
    }

    @Test
    @DisplayName("C13 second handshake: DUPLICATE_HANDSHAKE, session keeps working")
    void c13DuplicateHandshake() {
        try (KoraTestClient c = client()) {
            c.handshakeAndSync(0);
            c.send(c.handshake(0L));
            JsonNode error = c.await(m -> m.path("type").asText().equals("error"), 5);
            assertEquals("DUPLICATE_HANDSHAKE", error.get("code").asText());
            assertEquals("Handshake already completed", error.get("message").asText());
            assertFalse(error.get("retriable").asBoolean());
            c.send(c.batch());
            JsonNode ack = c.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
            assertEquals(0, ack.get("lastSequenceNumber").asLong());
            assertFalse(c.isClosed());
        }
    }

    @Test
    @DisplayName(
            "C16 C54 ?token= in the URL is accepted and ignored; no auth accepts an empty token without acceptedScope")
    void c16TokenQueryIgnored() {
        try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/?token=whatever"))) {
            ObjectNode h = c.handshake(0L);
            h.put("authToken", "");
            c.send(h);
            JsonNode response = c.next("handshake-response");
            assertTrue(response.get("accepted").asBoolean());
            assertFalse(response.has("acceptedScope"));
        }
    }

    @Test
    @DisplayName("/kora/kora-sync serves the same protocol")
    void koraSyncPath() {
        try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/kora-sync"))) {
            c.handshakeAndSync(0);
        }
    }
}
