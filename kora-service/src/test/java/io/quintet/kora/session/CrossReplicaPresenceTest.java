package io.quintet.kora.session;

import static io.quintet.kora.testing.KoraTestClient.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Presence, richtext and blob relays across replicas through the shared change feed (stream "awareness"). */
@QuarkusTest
class CrossReplicaPresenceTest {

    private static final Predicate<JsonNode> AWARENESS =
            m -> m.path("type").asText().equals("awareness-update");

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private static ObjectNode presence(int clientId, String name) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "awareness-update")
                .put("messageId", "aw-" + clientId + "-" + System.nanoTime())
                .put("clientId", clientId);
        m.putObject("states")
                .putObject(String.valueOf(clientId))
                .putObject("user")
                .put("name", name)
                .put("color", "#123456");
        return m;
    }

    /** What another replica would append when one of its sessions relays {@code message}. */
    private static void fromOtherReplica(OperationLog log, String kind, JsonNode message) {
        fromOtherReplica(log, kind, message, null);
    }

    /** The same, meant for replica {@code target} only (null: every replica). */
    private static void fromOtherReplica(OperationLog log, String kind, JsonNode message, String target) {
        ObjectNode payload =
                JSON.createObjectNode().put("replica", "other-replica").put("kind", kind);
        if (target != null) payload.put("target", target);
        payload.set("message", message);
        log.append(ReplicaRelay.STREAM, List.of(new NewOperation("x-" + System.nanoTime(), payload.toString())))
                .await()
                .indefinitely();
    }

    @Test
    @DisplayName(
            "C46 C47 across replicas: local presence and yjs go to the shared feed; another replica's presence reaches registered sessions and catch-ups, its yjs every session")
    void crossReplica() {
        OperationLog log = new OperationLog(pool, "kora");
        long head = log.head(ReplicaRelay.STREAM).await().indefinitely();
        try (KoraTestClient a = KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
                KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            a.handshakeAndSync(0);
            c.handshakeAndSync(0);
            ObjectNode mine = presence(7, "ann");
            a.send(mine);
            c.send(c.batch()); // a round trip on another session
            c.next("acknowledgment");
            List<JsonNode> shared = published(log, head, "awareness", 1);
            assertEquals(1, shared.size());
            assertEquals(mine, shared.get(0).get("message"));
            assertEquals(
                    1,
                    log.read(ReplicaRelay.STREAM, head, 100)
                            .await()
                            .indefinitely()
                            .size(),
                    "nothing else was shared");

            ObjectNode remote = presence(9, "rob");
            fromOtherReplica(log, "awareness", remote);
            assertEquals(remote, a.await(AWARENESS, 5));
            c.expectSilence(300); // not registered for presence

            c.send(presence(3, "cat"));
            JsonNode catchUp = c.await(AWARENESS, 5);
            assertEquals(0, catchUp.get("clientId").asInt());
            assertEquals(
                    "rob",
                    catchUp.get("states").get("9").get("user").get("name").asText());
            assertEquals(
                    "ann",
                    catchUp.get("states").get("7").get("user").get("name").asText());

            ObjectNode yjs = JSON.createObjectNode()
                    .put("type", "yjs-doc-update")
                    .put("messageId", "y-" + System.nanoTime())
                    .put("collection", "docs")
                    .put("recordId", "d1")
                    .put("field", "body")
                    .put("update", "AQID");
            fromOtherReplica(log, "yjs", yjs);
            Predicate<JsonNode> isYjs = m -> m.path("type").asText().equals("yjs-doc-update");
            assertEquals(yjs, a.await(isYjs, 5));
            assertEquals(yjs, c.await(isYjs, 5));

            ObjectNode gone = JSON.createObjectNode()
                    .put("type", "awareness-update")
                    .put("messageId", "bye")
                    .put("clientId", 9);
            gone.putObject("states").putNull("9");
            fromOtherReplica(log, "awareness", gone);
            assertTrue(a.await(AWARENESS, 5).get("states").get("9").isNull());
        }
    }

    @Inject
    ReplicaRelay replicas;

    /** The entries of the relay stream after {@code head} that this replica published, as {@code kind → message}. */
    private static List<JsonNode> published(OperationLog log, long head, String kind, int atLeast) {
        long deadline = System.currentTimeMillis() + 5000;
        List<JsonNode> found = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            found.clear();
            for (LogEntry entry :
                    log.read(ReplicaRelay.STREAM, head, 1000).await().indefinitely()) {
                JsonNode payload = read(entry.payloadJson());
                if (payload.path("kind").asText().equals(kind)
                        && !payload.path("replica").asText().equals("other-replica")) {
                    found.add(payload);
                }
            }
            if (found.size() >= atLeast) break;
        }
        return found;
    }

    private static ObjectNode blobRequest(String requestId) {
        return JSON.createObjectNode()
                .put("type", "blob-chunk-request")
                .put("messageId", "br-" + requestId)
                .put("requestId", requestId)
                .put("hash", "ab12cd")
                .put("chunkIndex", 0);
    }

    @Test
    @DisplayName(
            "C48 across replicas: an unresolved blob request reaches the other replicas' peers; their answer comes back to the requester's replica only, first answer wins")
    void blobRelayAcrossReplicas() {
        OperationLog log = new OperationLog(pool, "kora");
        long head = log.head(ReplicaRelay.STREAM).await().indefinitely();
        try (KoraTestClient requester = KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
                KoraTestClient peer = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            requester.handshakeAndSync(0);
            peer.handshakeAndSync(0);
            Predicate<JsonNode> isResponse = m -> m.path("type").asText().equals("blob-chunk-response");
            Predicate<JsonNode> isRequest = m -> m.path("type").asText().equals("blob-chunk-request");

            // a request here goes to the shared stream for the other replicas' peers
            String mine = "req-local-" + System.nanoTime();
            requester.send(blobRequest(mine));
            assertEquals(mine, peer.await(isRequest, 5).get("requestId").asText());
            JsonNode shared = published(log, head, "blob-request", 1).get(0);
            assertEquals(mine, shared.get("message").get("requestId").asText());
            assertFalse(shared.has("target"), "a request is for every replica");
            // another replica's peer answers: to the requester, as a peer's answer would be; a second answer is dropped
            ObjectNode answer = JSON.createObjectNode()
                    .put("type", "blob-chunk-response")
                    .put("messageId", "blob-resp-" + mine)
                    .put("requestId", mine)
                    .put("bytes", "AQID");
            fromOtherReplica(log, "blob-response", answer, replicas.replica());
            JsonNode got = requester.await(isResponse, 5);
            assertEquals("AQID", got.get("bytes").asText());
            assertEquals("blob-resp-" + mine, got.get("messageId").asText());
            fromOtherReplica(log, "blob-response", answer.put("bytes", "BBBB"), replicas.replica());
            // an answer meant for some other replica is not this one's business
            String elsewhere = "req-elsewhere-" + System.nanoTime();
            requester.send(blobRequest(elsewhere));
            peer.await(isRequest, 5);
            fromOtherReplica(
                    log,
                    "blob-response",
                    JSON.createObjectNode()
                            .put("type", "blob-chunk-response")
                            .put("messageId", "blob-resp-" + elsewhere)
                            .put("requestId", elsewhere)
                            .put("bytes", "CCCC"),
                    "third-replica");
            requester.expectSilence(500);

            // another replica's request reaches every session here; the first non-null answer goes back to that replica
            // only
            String theirs = "req-remote-" + System.nanoTime();
            fromOtherReplica(log, "blob-request", blobRequest(theirs));
            assertEquals(theirs, requester.await(isRequest, 5).get("requestId").asText());
            assertEquals(theirs, peer.await(isRequest, 5).get("requestId").asText());
            ObjectNode none = JSON.createObjectNode()
                    .put("type", "blob-chunk-response")
                    .put("messageId", "x")
                    .put("requestId", theirs);
            none.putNull("bytes");
            requester.send(none);
            peer.send(JSON.createObjectNode()
                    .put("type", "blob-chunk-response")
                    .put("messageId", "y")
                    .put("requestId", theirs)
                    .put("bytes", "DDDD"));
            published(log, head, "blob-response", 1);
            requester.send(JSON.createObjectNode()
                    .put("type", "blob-chunk-response")
                    .put("messageId", "z")
                    .put("requestId", theirs)
                    .put("bytes", "EEEE"));
            requester.expectSilence(300); // time for a second answer to go out, which it must not
            List<JsonNode> answers = published(log, head, "blob-response", 1);
            assertEquals(1, answers.size(), answers::toString);
            assertEquals("other-replica", answers.get(0).get("target").asText());
            assertEquals("DDDD", answers.get(0).get("message").get("bytes").asText());
            assertEquals(
                    "blob-resp-" + theirs,
                    answers.get(0).get("message").get("messageId").asText());
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
