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
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionScopeTest {

    @TestHTTPResource("/")
    URL base;

    private KoraTestClient client(String node) {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"), node);
    }

    @Test
    @DisplayName(
            "C58 query subsets from the handshake narrow the initial stream and live relays; other collections unaffected")
    void c58QuerySubsets() {
        String suffix = String.valueOf(System.nanoTime());
        String todos = "c58todos" + suffix;
        String notes = "c58notes" + suffix;
        try (KoraTestClient writer = client("c58-writer-" + suffix)) {
            writer.handshakeAndSync(0);
            writer.send(writer.batch(
                    writer.insert(todos, "a1", data("list", "a")),
                    writer.insert(todos, "b1", data("list", "b")),
                    writer.insert(notes, "n1", data("list", "z"))));
            writer.next("acknowledgment");
            try (KoraTestClient reader = client("c58-reader-" + suffix)) {
                ObjectNode h = reader.handshake(0L);
                h.putArray("syncQueries")
                        .add(KoraTestClient.JSON
                                .createObjectNode()
                                .put("collection", todos)
                                .set("where", data("list", "a")));
                reader.send(h);
                reader.next("handshake-response");
                List<String> records = reader.receiveUntilFinal().stream()
                        .filter(op -> op.get("collection").asText().endsWith(suffix))
                        .map(op -> op.get("recordId").asText())
                        .sorted()
                        .toList();
                assertEquals(List.of("a1", "n1"), records);
                writer.send(writer.batch(
                        writer.insert(todos, "b2", data("list", "b")), writer.insert(todos, "a2", data("list", "a"))));
                JsonNode relayed = reader.await(
                        m -> m.path("type").asText().equals("operation-batch")
                                && m.get("operations").size() > 0,
                        5);
                assertEquals(1, relayed.get("operations").size());
                assertEquals(
                        "a2", relayed.get("operations").get(0).get("recordId").asText());
            }
        }
    }

    @Test
    @DisplayName("a session superseded by a newer session of the same node stays open but receives nothing more")
    void supersededSession() {
        String node = "superseded-" + System.nanoTime();
        try (KoraTestClient writer = client("writer-" + System.nanoTime());
                KoraTestClient old = client(node)) {
            writer.handshakeAndSync(0);
            old.handshakeAndSync(0);
            try (KoraTestClient fresh = client(node)) {
                fresh.handshakeAndSync(0);
                writer.send(writer.batch(writer.insert("superseded", "r", data("x", "1"))));
                JsonNode batch = fresh.await(
                        m -> m.path("type").asText().equals("operation-batch")
                                && m.get("operations").size() > 0,
                        5);
                assertEquals(
                        "superseded",
                        batch.get("operations").get(0).get("collection").asText());
                fresh.ack(batch);
                old.expectSilence(2500);
                assertFalse(old.isClosed());
                // the old socket may still acknowledge and send; the server answers it
                old.send(old.batch());
                assertTrue(old.next("acknowledgment").has("acknowledgedMessageId"));
            }
        }
    }
}
