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

/** Bad frames get the protocol's own error; the connection, the server and the log stay intact. */
@QuarkusTest
class MalformedFrameTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private long count() {
        return pool.query("SELECT count(*) FROM kora.operations")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    @DisplayName(
            "malformed-frame sweep: bad JSON, wrong types, unknown types, oversized batches, binary frames → SYNC_ERROR, nothing written, session keeps working")
    void sweep() {
        try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            c.handshakeAndSync(0);
            ObjectNode good = c.insert("sweep", "r1", data("a", "b"));
            List<String> frames = new ArrayList<>();
            frames.add("{not json");
            frames.add("[1,2,3]");
            frames.add("\"text\"");
            frames.add("{\"type\":\"handshake\"}");
            frames.add("{\"type\":\"no-such-type\",\"messageId\":\"x\"}");
            frames.add("{\"type\":\"operation-batch\",\"messageId\":\"x\",\"operations\":{}}");
            frames.add("{\"type\":\"operation-batch\",\"messageId\":\"x\",\"operations\":[" + good
                    + "],\"isFinal\":\"yes\"}");
            frames.add(
                    "{\"type\":\"acknowledgment\",\"messageId\":\"x\",\"acknowledgedMessageId\":5,\"lastSequenceNumber\":0}");
            frames.add("{\"type\":\"operation-batch\",\"messageId\":\"x\",\"operations\":[{\"id\":\"q\"}]}");
            ObjectNode wrongSeq = good.deepCopy();
            wrongSeq.put("sequenceNumber", "one");
            // one good and one broken operation: the whole frame is refused, the good one not written
            frames.add(c.batch(good, wrongSeq).toString());
            ObjectNode badType = good.deepCopy();
            badType.put("type", "upsert");
            frames.add(c.batch(badType).toString());
            frames.add("{\"type\":\"operation-batch\",\"messageId\":\"x\",\"operations\":[" + good
                    + "],\"isFinal\":true}{}");
            List<JsonNode> many = new ArrayList<>();
            for (int i = 0; i < 1001; i++) many.add(c.insert("sweep", "many-" + i, data("i", "x")));
            frames.add(c.batch(many.toArray(JsonNode[]::new)).toString());
            frames.add(
                    "{\"type\":\"handshake\",\"messageId\":\"h\",\"nodeId\":\"n\",\"versionVector\":[],\"schemaVersion\":1}");
            frames.add("[".repeat(5000));
            long before = count();
            for (String frame : frames) {
                c.sendText(frame);
                JsonNode error = c.next("error");
                assertEquals(
                        "SYNC_ERROR",
                        error.get("code").asText(),
                        frame.length() > 200 ? frame.substring(0, 200) : frame);
                assertTrue(error.get("message").isTextual());
            }
            c.sendBinary(new byte[] {0x0a, 0x05, 'e', 'r'});
            assertEquals("SYNC_ERROR", c.next("error").get("code").asText());
            assertEquals(before, count());
            assertFalse(c.isClosed());
            c.send(c.batch(good));
            assertEquals(1, c.next("acknowledgment").get("lastSequenceNumber").asLong());
            assertEquals(before + 1, count());
        }
    }
}
