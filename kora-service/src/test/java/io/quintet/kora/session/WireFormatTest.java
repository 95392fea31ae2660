package io.quintet.kora.session;

import static io.quintet.kora.testing.KoraTestClient.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.codec.MalformedMessageException;
import io.quintet.kora.codec.ProtobufCodec;
import io.quintet.kora.codec.proto.Envelope;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-frame codec choice and answers in the client's last format (kora.md 4.3). */
@QuarkusTest
class WireFormatTest {

    @TestHTTPResource("/")
    URL base;

    private KoraTestClient client(String node) {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"), node);
    }

    /** A JSON message re-encoded as the protobuf frame a shared-serializer client would send. */
    private static byte[] protobuf(JsonNode json) {
        try {
            KoraMessage message = JsonCodec.decode(json.toString());
            return ProtobufCodec.encode(message);
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean binary(JsonNode message) {
        return message.path("binary").asBoolean(false);
    }

    @Test
    @DisplayName(
            "C41 C42 shared-serializer client: JSON handshake answered in JSON, binary after, reconnect handshake in protobuf")
    void c41ProtobufSession() {
        String node = "pb-" + System.nanoTime();
        long watermark;
        try (KoraTestClient json = client("json-" + System.nanoTime());
                KoraTestClient pb = client(node)) {
            json.handshakeAndSync(0);
            pb.send(pb.handshake(0L));
            JsonNode response = pb.next("handshake-response");
            assertFalse(binary(response), "the response to a JSON handshake is JSON");
            assertEquals("protobuf", response.get("selectedWireFormat").asText());
            JsonNode initial;
            do {
                initial = pb.next("operation-batch");
                assertFalse(binary(initial));
                pb.ack(initial);
            } while (!initial.get("isFinal").asBoolean());

            // from the first binary frame on, the server answers in protobuf
            ObjectNode op = pb.insert("pb", "r1", data("title", "binary"));
            op.put("transactionId", "tx-1");
            ObjectNode batch = pb.batch(op);
            pb.sendBinary(protobuf(batch));
            JsonNode ack = pb.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
            assertTrue(binary(ack));
            assertEquals(
                    batch.get("messageId").asText(),
                    ack.get("acknowledgedMessageId").asText());
            assertEquals(1, ack.get("lastSequenceNumber").asLong());

            // a JSON peer receives the operation as JSON
            JsonNode relayed = json.next("operation-batch");
            assertFalse(binary(relayed));
            assertEquals(
                    op.get("id").asText(),
                    relayed.get("operations").get(0).get("id").asText());
            json.ack(relayed);

            // and the protobuf client receives the JSON peer's operations in protobuf
            json.send(json.batch(json.insert("pb", "r2", data("title", "from json"))));
            JsonNode push = pb.await(
                    m -> m.path("type").asText().equals("operation-batch")
                            && m.get("operations").size() > 0,
                    5);
            assertTrue(binary(push));
            assertTrue(push.has("baseDeliverySequence") && push.has("maxDeliverySequence"));
            assertEquals(
                    "from json",
                    push.get("operations").get(0).get("data").get("title").asText());
            pb.sendBinary(ProtobufCodec.encode(new Acknowledgment(
                    "ack-pb",
                    push.get("messageId").asText(),
                    0,
                    push.get("maxDeliverySequence").asLong())));
            watermark = push.get("maxDeliverySequence").asLong();
        }
        // reconnect: the handshake itself is protobuf, so is everything that answers it
        try (KoraTestClient again = client(node)) {
            ObjectNode h = again.handshake(watermark);
            again.sendBinary(protobuf(h));
            JsonNode response = again.next("handshake-response");
            assertTrue(binary(response));
            assertTrue(response.get("accepted").asBoolean());
            assertTrue(response.has("serverTime") && response.has("serverMaxDeliverySequence"));
            JsonNode batch = again.next("operation-batch");
            assertTrue(binary(batch));
            assertEquals(watermark, batch.get("baseDeliverySequence").asLong());
        }
        // C42: a protobuf handshake with watermark 0 (field 29 present at 0) is a watermark client,
        // and the first batch carries field 30 with the value 0
        try (KoraTestClient fresh = client("pb-fresh-" + System.nanoTime())) {
            fresh.sendBinary(protobuf(fresh.handshake(0L)));
            JsonNode response = fresh.next("handshake-response");
            assertTrue(binary(response));
            assertTrue(response.has("serverMaxDeliverySequence"));
            JsonNode batch = fresh.next("operation-batch");
            assertTrue(batch.has("baseDeliverySequence"));
            assertEquals(0, batch.get("baseDeliverySequence").asLong());
        }
    }

    @Test
    @DisplayName("C43 protobuf awareness and yjs envelopes are ignored without closing; presence is sent as JSON")
    void c43IgnoredEnvelopes() {
        try (KoraTestClient c = client("pb-aw-" + System.nanoTime())) {
            c.handshakeAndSync(0);
            c.sendBinary(Envelope.newBuilder()
                    .setType("awareness-update")
                    .setMessageId("a1")
                    .build()
                    .toByteArray());
            c.sendBinary(Envelope.newBuilder()
                    .setType("yjs-doc-update")
                    .setMessageId("y1")
                    .build()
                    .toByteArray());
            c.expectSilence(400);
            assertFalse(c.isClosed());
            c.sendBinary(
                    ProtobufCodec.encode(new OperationBatch("pb-empty", List.of(), true, 0, null, null, null, null)));
            assertTrue(binary(c.next("acknowledgment")));
        }
    }
}
