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
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private KoraTestClient client() {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
    }

    private boolean stored(String id) {
        return pool.preparedQuery("SELECT 1 FROM kora.operations WHERE id = $1")
                        .execute(Tuple.of(id))
                        .await()
                        .indefinitely()
                        .size()
                == 1;
    }

    private static boolean is(JsonNode message, String type) {
        return message.path("type").asText().equals(type);
    }

    @Test
    @DisplayName(
            "C19 C6 C7 batch of 3 → one ack with the last sequenceNumber; a resent op is a silent duplicate; non-hash ids accepted")
    void c19ThreeOps() {
        try (KoraTestClient a = client();
                KoraTestClient b = client()) {
            a.handshakeAndSync(0);
            b.handshakeAndSync(0);
            ObjectNode o1 = a.insert("todos", "r1", data("title", "one"));
            ObjectNode o2 = a.insert("todos", "r2", data("title", "two"));
            ObjectNode o3 = a.insert("todos", "r3", data("title", "three"));
            o3.put("id", "not-a-hash");
            a.send(a.batch(o1, o2, o3));
            JsonNode ack = a.next("acknowledgment");
            assertEquals(3, ack.get("lastSequenceNumber").asLong());
            assertTrue(stored(o1.get("id").asText()) && stored("not-a-hash"));
            JsonNode relayed = b.next("operation-batch");
            assertEquals(3, relayed.get("operations").size());
            assertEquals(
                    "not-a-hash", relayed.get("operations").get(2).get("id").asText());
            b.ack(relayed);
            // the same operation again: acknowledged, not stored twice, not relayed
            a.send(a.batch(o2));
            assertEquals(2, a.next("acknowledgment").get("lastSequenceNumber").asLong());
            b.expectSilence(500);
            long copies = pool.preparedQuery("SELECT count(*) FROM kora.operations WHERE id = $1")
                    .execute(Tuple.of(o2.get("id").asText()))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next()
                    .getLong(0);
            assertEquals(1, copies);
        }
    }

    @Test
    @DisplayName("C20 empty batch → acknowledgment with lastSequenceNumber 0")
    void c20EmptyBatch() {
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            ObjectNode batch = a.batch();
            a.send(batch);
            JsonNode ack = a.next("acknowledgment");
            assertEquals(0, ack.get("lastSequenceNumber").asLong());
            assertEquals(
                    batch.get("messageId").asText(),
                    ack.get("acknowledgedMessageId").asText());
        }
    }

    @Test
    @DisplayName("C4 wallTime now+61 s → INVALID_TIMESTAMP, ack still sent, not stored; now+59 s stored")
    void c4FutureTimestamp() {
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            long now = System.currentTimeMillis();
            ObjectNode late = a.op("insert", "todos", "t1", data("x", "1"), null, now + 59_000);
            ObjectNode early = a.op("insert", "todos", "t2", data("x", "2"), null, now + 61_000);
            a.send(a.batch(late, early));
            JsonNode error = a.next("error");
            assertEquals("INVALID_TIMESTAMP", error.get("code").asText());
            assertEquals(
                    "Operation \"" + early.get("id").asText() + "\" timestamp is too far in the future",
                    error.get("message").asText());
            assertFalse(error.get("retriable").asBoolean());
            assertEquals(2, a.next("acknowledgment").get("lastSequenceNumber").asLong());
            assertTrue(stored(late.get("id").asText()));
            assertFalse(stored(early.get("id").asText()));
        }
    }

    @Test
    @DisplayName("C5 logical 100000, negative or fractional values → INVALID_TIMESTAMP")
    void c5MalformedHlc() {
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            List<ObjectNode> bad = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (String variant :
                    List.of("logical100000", "logicalNegative", "logicalFraction", "wallNegative", "wallFraction")) {
                ObjectNode op = a.op("insert", "todos", variant, data("v", variant), null, now);
                ObjectNode ts = (ObjectNode) op.get("timestamp");
                switch (variant) {
                    case "logical100000" -> ts.put("logical", 100_000);
                    case "logicalNegative" -> ts.put("logical", -1);
                    case "logicalFraction" -> ts.put("logical", 1.5);
                    case "wallNegative" -> ts.put("wallTime", -5);
                    default -> ts.put("wallTime", now + 0.25);
                }
                bad.add(op);
            }
            a.send(a.batch(bad.toArray(JsonNode[]::new)));
            for (int i = 0; i < bad.size(); i++) {
                assertEquals("INVALID_TIMESTAMP", a.next("error").get("code").asText());
            }
            a.next("acknowledgment");
            bad.forEach(op -> assertFalse(stored(op.get("id").asText())));
        }
    }

    @Test
    @DisplayName("C22 operation over 256 KiB of UTF-8 JSON → OPERATION_TOO_LARGE, not stored")
    void c22TooLarge() {
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            ObjectNode big = a.insert("todos", "big", data("blob", "é".repeat(140_000)));
            a.send(a.batch(big));
            JsonNode error = a.next("error");
            assertEquals("OPERATION_TOO_LARGE", error.get("code").asText());
            assertTrue(error.get("message")
                    .asText()
                    .startsWith("Operation \"" + big.get("id").asText() + "\" exceeds max size ("));
            assertTrue(error.get("message").asText().endsWith(" > 262144 bytes)"));
            a.next("acknowledgment");
            assertFalse(stored(big.get("id").asText()));
        }
    }

    @Test
    @DisplayName("C21 the 601st operation in a minute → RATE_LIMIT (retriable), earlier ones stored")
    void c21RateLimit() {
        try (KoraTestClient a = client()) {
            a.handshakeAndSync(0);
            List<ObjectNode> ops = new ArrayList<>();
            for (int i = 0; i < 601; i++) ops.add(a.insert("bulk", "r" + i, data("i", String.valueOf(i))));
            for (int from = 0; from < 601; from += 100) {
                a.send(a.batch(ops.subList(from, Math.min(601, from + 100)).toArray(JsonNode[]::new)));
                if (from == 600) {
                    JsonNode error = a.next("error");
                    assertEquals("RATE_LIMIT", error.get("code").asText());
                    assertEquals(
                            "Session exceeded operation rate limit (600 ops/min)",
                            error.get("message").asText());
                    assertTrue(error.get("retriable").asBoolean());
                }
                a.next("acknowledgment");
            }
            assertTrue(stored(ops.get(599).get("id").asText()));
            assertFalse(stored(ops.get(600).get("id").asText()));
        }
    }

    @Test
    @DisplayName("C17 operation batch before the handshake is not stored")
    void c17BeforeHandshake() {
        try (KoraTestClient a = client()) {
            ObjectNode op = a.insert("todos", "early", data("x", "y"));
            a.send(a.batch(op));
            a.expectSilence(300);
            assertFalse(stored(op.get("id").asText()));
            a.handshakeAndSync(0);
        }
    }

    @Test
    @DisplayName(
            "C23 C24a scope {todos: {}}: insert and delete relayed; out-of-scope write → SCOPE_VIOLATION after per-op errors, before the ack")
    void c23ScopeViolationOrder() {
        try (KoraTestClient a = client();
                KoraTestClient b = client()) {
            ObjectNode ha = a.handshake(0L);
            ha.putObject("syncScope").putObject("todos");
            a.send(ha);
            JsonNode response = a.next("handshake-response");
            assertEquals("{\"todos\":{}}", response.get("acceptedScope").toString());
            a.next("operation-batch"); // the initial stream (may hold earlier todos)
            ObjectNode hb = b.handshake(0L);
            hb.putObject("syncScope").putObject("todos");
            b.send(hb);
            b.next("handshake-response");
            JsonNode last;
            do {
                last = b.next("operation-batch");
                b.ack(last);
            } while (!last.get("isFinal").asBoolean());

            long now = System.currentTimeMillis();
            ObjectNode outside = a.insert("notes", "n1", data("text", "secret"));
            ObjectNode insert = a.op("insert", "todos", "t-del", data("title", "temp"), null, now);
            ObjectNode delete = a.op("delete", "todos", "t-del", null, null, now + 1);
            ObjectNode future = a.op("insert", "todos", "f1", data("x", "1"), null, now + 120_000);
            a.send(a.batch(outside, future, insert, delete));
            JsonNode first = a.next();
            assertTrue(is(first, "error") && first.get("code").asText().equals("INVALID_TIMESTAMP"), first::toString);
            JsonNode second = a.next("error");
            assertEquals("SCOPE_VIOLATION", second.get("code").asText());
            assertEquals(
                    "Operation \"" + outside.get("id").asText()
                            + "\" in collection \"notes\" is outside the client's sync scope",
                    second.get("message").asText());
            a.next("acknowledgment");
            assertFalse(stored(outside.get("id").asText()));
            assertTrue(stored(delete.get("id").asText()));
            JsonNode relayed = b.next("operation-batch");
            assertEquals(2, relayed.get("operations").size());
            assertEquals("delete", relayed.get("operations").get(1).get("type").asText());
        }
    }
}
