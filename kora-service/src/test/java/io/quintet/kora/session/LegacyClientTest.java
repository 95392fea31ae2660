package io.quintet.kora.session;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Clients without a delivery watermark: the version-vector delta and tracked relays (kora.md 7.2, 7.3). */
@QuarkusTest
class LegacyClientTest {

    @TestHTTPResource("/")
    URL base;

    private KoraTestClient client(String node) {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"), node);
    }

    /** A writer that stores {@code count} ops and returns the server's vector without the writer's node. */
    private ObjectNode writeAndVectorWithout(KoraTestClient writer, int count) {
        writer.handshakeAndSync(0);
        for (int from = 0; from < count; from += 100) {
            List<JsonNode> ops = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 100); i++) {
                ops.add(writer.insert("legacy", "r-" + i, data("i", String.valueOf(i))));
            }
            writer.send(writer.batch(ops.toArray(JsonNode[]::new)));
            writer.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
        }
        try (KoraTestClient probe = client("probe-" + System.nanoTime())) {
            ObjectNode vector = (ObjectNode) probe.handshakeAndSync(0).get("versionVector");
            vector.remove(writer.nodeId);
            return vector;
        }
    }

    private ObjectNode legacyHandshake(KoraTestClient c, ObjectNode vector) {
        ObjectNode h = c.handshake(null);
        h.set("versionVector", vector.deepCopy());
        return h;
    }

    @Test
    @DisplayName(
            "C9 C38 legacy handshake: no serverMaxDeliverySequence, delta batches with totalBatches and cursor; a cursor resumes, an unknown one restarts")
    void c9c38LegacyDelta() throws Exception {
        try (KoraTestClient writer = client("legacy-writer-" + System.nanoTime())) {
            ObjectNode vector = writeAndVectorWithout(writer, 150);
            String cursor;
            try (KoraTestClient legacy = client("legacy-" + System.nanoTime())) {
                legacy.send(legacyHandshake(legacy, vector));
                JsonNode response = legacy.next("handshake-response");
                assertTrue(response.get("accepted").asBoolean());
                assertFalse(response.has("serverMaxDeliverySequence"));
                JsonNode first = legacy.next("operation-batch");
                JsonNode second = legacy.next("operation-batch");
                assertEquals(100, first.get("operations").size());
                assertEquals(50, second.get("operations").size());
                assertEquals(0, first.get("batchIndex").asInt());
                assertEquals(1, second.get("batchIndex").asInt());
                assertEquals(2, first.get("totalBatches").asInt());
                assertFalse(first.get("isFinal").asBoolean());
                assertTrue(second.get("isFinal").asBoolean());
                assertFalse(first.has("baseDeliverySequence") || first.has("maxDeliverySequence"));
                cursor = first.get("cursor").asText();
                JsonNode decoded = KoraTestClient.JSON.readTree(
                        new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
                assertEquals(
                        first.get("operations").get(99).get("id").asText(),
                        decoded.get("lastOperationId").asText());
                assertEquals(0, decoded.get("batchIndex").asInt());
                assertFalse(cursor.contains("="));
                long previous = 0;
                for (JsonNode batch : List.of(first, second)) {
                    for (JsonNode op : batch.get("operations")) {
                        assertTrue(op.get("sequenceNumber").asLong() > previous, "delta in causal/HLC order");
                        previous = op.get("sequenceNumber").asLong();
                    }
                }
            }
            try (KoraTestClient resumed = client("legacy-resume-" + System.nanoTime())) {
                ObjectNode h = legacyHandshake(resumed, vector);
                h.put("deltaCursor", cursor);
                resumed.send(h);
                resumed.next("handshake-response");
                JsonNode batch = resumed.next("operation-batch");
                assertEquals(50, batch.get("operations").size());
                assertEquals(0, batch.get("batchIndex").asInt());
                assertEquals(1, batch.get("totalBatches").asInt());
                assertTrue(batch.get("isFinal").asBoolean());
            }
            try (KoraTestClient unknown = client("legacy-unknown-" + System.nanoTime())) {
                ObjectNode h = legacyHandshake(unknown, vector);
                h.put(
                        "deltaCursor",
                        Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString("{\"lastOperationId\":\"nope\",\"batchIndex\":4}"
                                        .getBytes(StandardCharsets.UTF_8)));
                unknown.send(h);
                unknown.next("handshake-response");
                assertEquals(
                        100, unknown.next("operation-batch").get("operations").size());
                assertEquals(
                        50, unknown.next("operation-batch").get("operations").size());
            }
        }
    }

    @Test
    @DisplayName(
            "C37 legacy relays are tracked, re-sent unchanged after 2 s without ack, and buffered across a reconnect")
    void c37TrackedRelays() {
        String legacyNode = "legacy-relay-" + System.nanoTime();
        try (KoraTestClient writer = client("relay-writer-" + System.nanoTime())) {
            writer.handshakeAndSync(0);
            ObjectNode vector;
            try (KoraTestClient probe = client("probe-" + System.nanoTime())) {
                vector = (ObjectNode) probe.handshakeAndSync(0).get("versionVector");
            }
            KoraTestClient legacy = client(legacyNode);
            legacy.send(legacyHandshake(legacy, vector));
            legacy.next("handshake-response");
            assertEquals(0, legacy.next("operation-batch").get("operations").size());

            ObjectNode op = writer.insert("legacy-live", "x", data("v", "1"));
            writer.send(writer.batch(op));
            JsonNode relay = legacy.next("operation-batch");
            assertEquals(
                    op.get("id").asText(),
                    relay.get("operations").get(0).get("id").asText());
            assertTrue(relay.get("isFinal").asBoolean());
            assertEquals(0, relay.get("batchIndex").asInt());
            assertFalse(relay.has("maxDeliverySequence") || relay.has("totalBatches"));
            JsonNode resent = legacy.await(m -> m.path("type").asText().equals("operation-batch"), 5);
            assertEquals(
                    relay.get("messageId").asText(), resent.get("messageId").asText());
            legacy.close();

            // the next session of that node gets the unacknowledged relay again, even with an up-to-date vector
            ObjectNode upToDate = vector.deepCopy();
            upToDate.put(writer.nodeId, op.get("sequenceNumber").asLong());
            try (KoraTestClient back = client(legacyNode)) {
                back.send(legacyHandshake(back, upToDate));
                back.next("handshake-response");
                assertEquals(0, back.next("operation-batch").get("operations").size());
                JsonNode replay = back.next("operation-batch");
                assertEquals(
                        op.get("id").asText(),
                        replay.get("operations").get(0).get("id").asText());
                ObjectNode ack = KoraTestClient.JSON.createObjectNode();
                ack.put("type", "acknowledgment");
                ack.put("messageId", "ack-replay");
                ack.put("acknowledgedMessageId", replay.get("messageId").asText());
                ack.put("lastSequenceNumber", 0);
                back.send(ack);
                back.expectSilence(4500);
            }
        }
    }
}
