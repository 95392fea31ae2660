package io.quintet.kora.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import java.net.URL;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Presence and richtext relays (kora.md 11). */
@QuarkusTest
class SideChannelTest {

    @TestHTTPResource("/")
    URL base;

    private KoraTestClient streaming() {
        KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
        c.handshakeAndSync(c.handshake(null)); // legacy: no delivery pushes to skip over
        return c;
    }

    private static final Predicate<JsonNode> AWARENESS =
            m -> m.path("type").asText().equals("awareness-update");

    private static ObjectNode presence(int clientId, String name) {
        ObjectNode m = KoraTestClient.JSON.createObjectNode();
        m.put("type", "awareness-update");
        m.put("messageId", "aw-" + clientId + "-" + System.nanoTime());
        m.put("clientId", clientId);
        ObjectNode state = m.putObject("states").putObject(String.valueOf(clientId));
        state.putObject("user").put("name", name).put("color", "#ff0000");
        return m;
    }

    @Test
    @DisplayName(
            "C46 presence: relayed verbatim to registered peers, catch-up with clientId 0, removal on close, unregistered sessions get nothing")
    void c46Awareness() {
        try (KoraTestClient b = streaming();
                KoraTestClient c = streaming()) {
            KoraTestClient a = streaming();
            b.send(presence(2, "bob")); // B registers first; nobody else has state yet
            b.expectSilence(300);
            ObjectNode fromA = presence(1, "alice");
            a.send(fromA);
            JsonNode catchUp = a.await(AWARENESS, 5);
            assertEquals(0, catchUp.get("clientId").asInt());
            assertEquals(
                    "bob",
                    catchUp.get("states").get("2").get("user").get("name").asText());
            JsonNode atB = b.await(AWARENESS, 5);
            assertEquals(fromA, atB, "forwarded unchanged, same messageId");
            a.close();
            JsonNode removal = b.await(AWARENESS, 5);
            assertEquals(1, removal.get("clientId").asInt());
            assertTrue(removal.get("states").get("1").isNull());
            c.expectSilence(500);
        }
    }

    @Test
    @DisplayName(
            "blob chunks without central storage: requests go to peers, the first answer holding bytes returns as blob-resp-<requestId>, null answers are dropped")
    void blobRelay() {
        try (KoraTestClient requester = streaming();
                KoraTestClient empty = streaming();
                KoraTestClient holder = streaming()) {
            ObjectNode request = KoraTestClient.JSON.createObjectNode();
            request.put("type", "blob-chunk-request")
                    .put("messageId", "br-1")
                    .put("requestId", "req-1")
                    .put("hash", "ab12");
            requester.send(request);
            assertEquals(request, empty.next("blob-chunk-request"));
            assertEquals(request, holder.next("blob-chunk-request"));
            ObjectNode notHeld = KoraTestClient.JSON.createObjectNode();
            notHeld.put("type", "blob-chunk-response")
                    .put("messageId", "x1")
                    .put("requestId", "req-1")
                    .putNull("bytes");
            empty.send(notHeld);
            ObjectNode held = KoraTestClient.JSON.createObjectNode();
            held.put("type", "blob-chunk-response")
                    .put("messageId", "x2")
                    .put("requestId", "req-1")
                    .put("bytes", "AQID");
            holder.send(held);
            JsonNode answer = requester.next("blob-chunk-response");
            assertEquals("blob-resp-req-1", answer.get("messageId").asText());
            assertEquals("req-1", answer.get("requestId").asText());
            assertEquals("AQID", answer.get("bytes").asText());
            // a second answer for the same request is dropped: the request is forgotten
            empty.send(held.deepCopy().put("messageId", "x3"));
            requester.expectSilence(400);
            ObjectNode push = KoraTestClient.JSON.createObjectNode();
            push.put("type", "blob-chunk-push")
                    .put("messageId", "p1")
                    .put("hash", "ab12")
                    .put("bytes", "AQID");
            requester.send(push);
            holder.expectSilence(300);
            assertTrue(!requester.isClosed());
        }
    }

    @Test
    @DisplayName("C47 yjs-doc-update is relayed verbatim to every other session")
    void c47Yjs() {
        try (KoraTestClient a = streaming();
                KoraTestClient b = streaming();
                KoraTestClient c = streaming()) {
            ObjectNode update = KoraTestClient.JSON.createObjectNode();
            update.put("type", "yjs-doc-update");
            update.put("messageId", "y-1");
            update.put("collection", "notes");
            update.put("recordId", "n1");
            update.put("field", "body");
            update.put("update", "AQID");
            a.send(update);
            assertEquals(update, b.next("yjs-doc-update"));
            assertEquals(update, c.next("yjs-doc-update"));
            a.expectSilence(300);
        }
    }
}
