package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.quintet.protocol.oplog.LogEntry;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.quintet.protocol.testing.PostgresTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.function.Predicate;

import static io.quintet.kora.testing.KoraTestClient.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence and richtext across replicas through the shared change feed (stream "awareness"). */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "kora"))
class CrossReplicaPresenceTest {

    private static final Predicate<JsonNode> AWARENESS = m -> m.path("type").asText().equals("awareness-update");

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private static ObjectNode presence(int clientId, String name) {
        ObjectNode m = JSON.createObjectNode();
        m.put("type", "awareness-update").put("messageId", "aw-" + clientId + "-" + System.nanoTime()).put("clientId", clientId);
        m.putObject("states").putObject(String.valueOf(clientId)).putObject("user").put("name", name).put("color", "#123456");
        return m;
    }

    /** What another replica would append when one of its sessions relays {@code message}. */
    private static void fromOtherReplica(OperationLog log, String kind, JsonNode message) {
        ObjectNode payload = JSON.createObjectNode().put("replica", "other-replica").put("kind", kind);
        payload.set("message", message);
        log.append(AwarenessRelay.STREAM, List.of(new NewOperation("x-" + System.nanoTime(), payload.toString())))
                .await().indefinitely();
    }

    @Test
    @DisplayName("C46 C47 across replicas: local presence and yjs go to the shared feed; another replica's presence reaches registered sessions and catch-ups, its yjs every session")
    void crossReplica() {
        OperationLog log = new OperationLog(pool, "kora");
        long head = log.head(AwarenessRelay.STREAM).await().indefinitely();
        try (KoraTestClient a = KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
             KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            a.handshakeAndSync(0);
            c.handshakeAndSync(0);
            ObjectNode mine = presence(7, "ann");
            a.send(mine);
            c.send(c.batch()); // a round trip on another session
            c.next("acknowledgment");
            long deadline = System.currentTimeMillis() + 5000;
            List<LogEntry> shared;
            do {
                shared = log.read(AwarenessRelay.STREAM, head, 100).await().indefinitely();
            } while (shared.isEmpty() && System.currentTimeMillis() < deadline);
            assertEquals(1, shared.size());
            JsonNode payload = read(shared.get(0).payloadJson());
            assertEquals(mine, payload.get("message"));
            assertEquals("awareness", payload.get("kind").asText());

            ObjectNode remote = presence(9, "rob");
            fromOtherReplica(log, "awareness", remote);
            assertEquals(remote, a.await(AWARENESS, 5));
            c.expectSilence(300); // not registered for presence

            c.send(presence(3, "cat"));
            JsonNode catchUp = c.await(AWARENESS, 5);
            assertEquals(0, catchUp.get("clientId").asInt());
            assertEquals("rob", catchUp.get("states").get("9").get("user").get("name").asText());
            assertEquals("ann", catchUp.get("states").get("7").get("user").get("name").asText());

            ObjectNode yjs = JSON.createObjectNode().put("type", "yjs-doc-update").put("messageId", "y-" + System.nanoTime())
                    .put("collection", "docs").put("recordId", "d1").put("field", "body").put("update", "AQID");
            fromOtherReplica(log, "yjs", yjs);
            Predicate<JsonNode> isYjs = m -> m.path("type").asText().equals("yjs-doc-update");
            assertEquals(yjs, a.await(isYjs, 5));
            assertEquals(yjs, c.await(isYjs, 5));

            ObjectNode gone = JSON.createObjectNode().put("type", "awareness-update").put("messageId", "bye").put("clientId", 9);
            gone.putObject("states").putNull("9");
            fromOtherReplica(log, "awareness", gone);
            assertTrue(a.await(AWARENESS, 5).get("states").get("9").isNull());
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
