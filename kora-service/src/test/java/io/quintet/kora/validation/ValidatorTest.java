package io.quintet.kora.validation;

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
class ValidatorTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private boolean stored(JsonNode op) {
        return pool.preparedQuery("SELECT 1 FROM kora.operations WHERE id = $1")
                        .execute(Tuple.of(op.get("id").asText()))
                        .await()
                        .indefinitely()
                        .size()
                == 1;
    }

    @Test
    @DisplayName(
            "C25 validator reject → operation-rejected with its code; throwing validator → VALIDATION_ERROR retriable; ignore → acknowledged, not stored; connection kept")
    void c25Validator() {
        try (KoraTestClient a = KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
                KoraTestClient b = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            a.handshakeAndSync(0);
            b.handshakeAndSync(0);
            ObjectNode ok = a.insert("validated", "v1", data("verdict", "accept"));
            ObjectNode rejected = a.insert("validated", "v2", data("verdict", "reject"));
            ObjectNode retriable = a.insert("validated", "v3", data("verdict", "reject-retriable"));
            ObjectNode thrown = a.insert("validated", "v4", data("verdict", "throw"));
            ObjectNode failed = a.insert("validated", "v5", data("verdict", "fail"));
            ObjectNode ignored = a.insert("validated", "v6", data("verdict", "ignore"));
            a.send(a.batch(ok, rejected, retriable, thrown, failed, ignored));
            List<JsonNode> replies = new ArrayList<>();
            JsonNode m;
            do {
                m = a.next();
                replies.add(m);
            } while (!m.path("type").asText().equals("acknowledgment"));
            assertEquals(5, replies.size(), replies::toString);
            JsonNode r = replies.get(0);
            assertEquals("operation-rejected", r.get("type").asText());
            assertEquals(rejected.get("id").asText(), r.get("operationId").asText());
            assertEquals("validated", r.get("collection").asText());
            assertEquals("v2", r.get("recordId").asText());
            assertEquals("TITLE_TAKEN", r.get("code").asText());
            assertEquals("title is taken", r.get("message").asText());
            assertFalse(r.get("retriable").asBoolean());
            assertEquals("BUSY", replies.get(1).get("code").asText());
            assertTrue(replies.get(1).get("retriable").asBoolean());
            for (JsonNode failure : replies.subList(2, 4)) {
                assertEquals("operation-rejected", failure.get("type").asText());
                assertEquals("VALIDATION_ERROR", failure.get("code").asText());
                assertTrue(failure.get("retriable").asBoolean());
                assertTrue(failure.get("message").asText().startsWith("Validator threw: "), failure::toString);
            }
            assertEquals(
                    ignored.get("sequenceNumber").asLong(),
                    replies.get(4).get("lastSequenceNumber").asLong());
            assertTrue(stored(ok));
            for (JsonNode op : List.of(rejected, retriable, thrown, failed, ignored))
                assertFalse(stored(op), op::toString);
            JsonNode relayed = b.next("operation-batch");
            assertEquals(1, relayed.get("operations").size());
            assertEquals(
                    ok.get("id").asText(),
                    relayed.get("operations").get(0).get("id").asText());
            // the session goes on
            a.send(a.batch(a.insert("validated", "v7", data("verdict", "accept"))));
            assertEquals("acknowledgment", a.next("acknowledgment").get("type").asText());
            assertFalse(a.isClosed());
        }
    }
}
