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
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeliveryTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private KoraTestClient client() {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
    }

    private long maxDelivery() {
        return pool.query("SELECT COALESCE(MAX(delivery_seq), 0) FROM kora.operations")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static void write(KoraTestClient writer, String collection, int count) {
        for (int from = 0; from < count; from += 100) {
            List<JsonNode> ops = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 100); i++) {
                ops.add(writer.insert(
                        collection, collection + "-" + writer.nodeId + "-" + i, data("i", String.valueOf(i))));
            }
            writer.send(writer.batch(ops.toArray(JsonNode[]::new)));
            writer.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
        }
    }

    @Test
    @DisplayName(
            "C30 fresh client against 250 visible ops: 3 chained batches, contiguous base/max, last final with the scanned max")
    void c30ChainedBatches() {
        KoraTestSupport.emptyLog(pool);
        try (KoraTestClient writer = client()) {
            writer.handshakeAndSync(0);
            write(writer, "todos", 250);
        }
        try (KoraTestClient fresh = client()) {
            fresh.send(fresh.handshake(0L));
            assertEquals(
                    250,
                    fresh.next("handshake-response")
                            .get("serverMaxDeliverySequence")
                            .asLong());
            long expectedBase = 0;
            int total = 0;
            for (int i = 0; i < 3; i++) {
                JsonNode batch = fresh.next("operation-batch");
                assertEquals(i, batch.get("batchIndex").asInt());
                assertEquals(expectedBase, batch.get("baseDeliverySequence").asLong());
                assertEquals(i == 2, batch.get("isFinal").asBoolean());
                total += batch.get("operations").size();
                expectedBase = batch.get("maxDeliverySequence").asLong();
                fresh.ack(batch);
            }
            assertEquals(250, total);
            assertEquals(maxDelivery(), expectedBase);
        }
    }

    @Test
    @DisplayName("C31 reconnect with watermark W: only newer ops, own ops excluded when W > 0, included when W = 0")
    void c31Reconnect() {
        try (KoraTestClient other = client()) {
            other.handshakeAndSync(0);
            KoraTestClient b = client();
            b.handshakeAndSync(0);
            long w = b.watermark;
            write(b, "c31", 2);
            b.close();
            write(other, "c31", 1);
            String ownNode = b.nodeId;
            try (KoraTestClient again = KoraTestClient.connect(KoraTestSupport.ws(base, "/"), ownNode)) {
                again.send(again.handshake(w));
                again.next("handshake-response");
                List<JsonNode> ops = again.receiveUntilFinal();
                assertEquals(1, ops.size());
                assertEquals(other.nodeId, ops.get(0).get("nodeId").asText());
            }
            try (KoraTestClient fromZero = KoraTestClient.connect(KoraTestSupport.ws(base, "/"), ownNode)) {
                fromZero.send(fromZero.handshake(0L));
                fromZero.next("handshake-response");
                long own = fromZero.receiveUntilFinal().stream()
                        .filter(op -> op.get("nodeId").asText().equals(ownNode))
                        .count();
                assertEquals(2, own);
            }
        }
    }

    @Test
    @DisplayName("C32 out-of-scope tail: the final batch's max covers invisible ops; reconnecting re-sends nothing")
    void c32InvisibleTail() {
        try (KoraTestClient writer = client()) {
            writer.handshakeAndSync(0);
            write(writer, "c32visible", 1);
            write(writer, "c32hidden", 3);
        }
        KoraTestClient scoped = KoraTestClient.connect(KoraTestSupport.ws(base, "/"), "c32-node");
        ObjectNode h = scoped.handshake(0L);
        h.putObject("syncScope").putObject("c32visible");
        scoped.send(h);
        scoped.next("handshake-response");
        List<JsonNode> ops = scoped.receiveUntilFinal();
        assertTrue(ops.stream().allMatch(op -> op.get("collection").asText().equals("c32visible")));
        assertEquals(maxDelivery(), scoped.watermark);
        long w = scoped.watermark;
        scoped.close();
        try (KoraTestClient again = KoraTestClient.connect(KoraTestSupport.ws(base, "/"), "c32-node")) {
            ObjectNode h2 = again.handshake(w);
            h2.putObject("syncScope").putObject("c32visible");
            again.send(h2);
            again.next("handshake-response");
            JsonNode batch = again.next("operation-batch");
            assertEquals(0, batch.get("operations").size());
            assertEquals(w, batch.get("baseDeliverySequence").asLong());
            assertEquals(w, batch.get("maxDeliverySequence").asLong());
        }
    }

    @Test
    @DisplayName(
            "C33 C34 unacknowledged batch is re-sent from the confirmed position on the tick; a duplicate re-ack stops it")
    void c33ResendOnTick() {
        try (KoraTestClient a = client();
                KoraTestClient b = client()) {
            a.handshakeAndSync(0);
            b.handshakeAndSync(0);
            long confirmed = b.watermark;
            write(a, "c33", 2);
            JsonNode first = b.next("operation-batch");
            assertEquals(confirmed, first.get("baseDeliverySequence").asLong());
            // not acknowledged: the same range comes again within a tick or two
            JsonNode again = b.await(m -> m.path("type").asText().equals("operation-batch"), 5);
            assertEquals(confirmed, again.get("baseDeliverySequence").asLong());
            assertEquals(
                    first.get("maxDeliverySequence").asLong(),
                    again.get("maxDeliverySequence").asLong());
            assertEquals(first.get("operations"), again.get("operations"));
            // the client had applied it already: a duplicate is acknowledged with its current watermark
            ObjectNode ack = KoraTestClient.JSON.createObjectNode();
            ack.put("type", "acknowledgment");
            ack.put("messageId", "dup-ack");
            ack.put("acknowledgedMessageId", again.get("messageId").asText());
            ack.put("lastSequenceNumber", 0);
            ack.put("deliverySequence", first.get("maxDeliverySequence").asLong());
            b.send(ack);
            b.expectSilence(4500);
        }
    }

    @Test
    @DisplayName("C35 live relay from A reaches streaming B within 50 ms on loopback and is not echoed to A")
    void c35LiveRelay() {
        try (KoraTestClient a = client();
                KoraTestClient b = client()) {
            a.handshakeAndSync(0);
            b.handshakeAndSync(0);
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                ObjectNode op = a.insert("c35", "r" + i, data("i", String.valueOf(i)));
                long start = System.nanoTime();
                a.send(a.batch(op));
                JsonNode batch = b.next("operation-batch");
                long elapsed = (System.nanoTime() - start) / 1_000_000;
                best = Math.min(best, elapsed);
                assertTrue(elapsed < 1000, "relay took " + elapsed + " ms");
                assertEquals(
                        op.get("id").asText(),
                        batch.get("operations").get(0).get("id").asText());
                b.ack(batch);
                a.await(m -> m.path("type").asText().equals("acknowledgment"), 5);
            }
            assertTrue(best < 50, "fastest relay took " + best + " ms");
            // A may get an empty batch moving its watermark past its own operations, never the operations
            for (JsonNode message : a.drain(2500)) {
                assertEquals("operation-batch", message.path("type").asText());
                assertEquals(0, message.get("operations").size(), message::toString);
            }
        }
    }

    @Test
    @DisplayName("watermark above the server max: the server streams from 0 and reports its max")
    void c18WatermarkAboveMax() {
        try (KoraTestClient writer = client()) {
            writer.handshakeAndSync(0);
            write(writer, "c18", 1);
        }
        long max = maxDelivery();
        try (KoraTestClient c = client()) {
            c.send(c.handshake(max + 1000));
            assertEquals(
                    max,
                    c.next("handshake-response")
                            .get("serverMaxDeliverySequence")
                            .asLong());
            JsonNode first = c.next("operation-batch");
            assertEquals(0, first.get("baseDeliverySequence").asLong());
            assertFalse(first.get("operations").isEmpty());
        }
    }
}
