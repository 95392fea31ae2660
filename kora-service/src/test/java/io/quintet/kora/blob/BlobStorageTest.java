package io.quintet.kora.blob;

import static io.quintet.kora.testing.KoraTestClient.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quintet.kora.operation.OperationId;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Central blob storage (kora.md 11.2) in PostgreSQL, with its size limit. */
@QuarkusTest
@TestProfile(BlobStorageTest.Profile.class)
class BlobStorageTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kora.blobs.enabled", "true", "kora.blobs.max-chunk-bytes", "64");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private KoraTestClient client() {
        return KoraTestClient.connect(KoraTestSupport.ws(base, "/"));
    }

    private boolean held(String hash) {
        return pool.preparedQuery("SELECT 1 FROM kora.blobs WHERE hash = $1")
                        .execute(Tuple.of(hash))
                        .await()
                        .indefinitely()
                        .size()
                == 1;
    }

    private static ObjectNode push(String hash, byte[] bytes) {
        ObjectNode push = JSON.createObjectNode();
        push.put("type", "blob-chunk-push")
                .put("messageId", "p-" + System.nanoTime())
                .put("hash", hash)
                .put("bytes", Base64.getEncoder().encodeToString(bytes));
        return push;
    }

    private static ObjectNode request(String requestId, String hash) {
        ObjectNode request = JSON.createObjectNode();
        request.put("type", "blob-chunk-request")
                .put("messageId", "r-" + System.nanoTime())
                .put("requestId", requestId)
                .put("hash", hash);
        return request;
    }

    @Test
    @DisplayName(
            "C49 storage advertised with blobStorageEnabled; a push with the wrong hash or over the size limit is not stored, a good one is")
    void c49Push() {
        try (KoraTestClient a = client()) {
            JsonNode response = a.handshakeAndSync(0);
            assertTrue(response.get("blobStorageEnabled").asBoolean());
            byte[] bytes = ("chunk-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
            String hash = OperationId.sha256Hex(bytes);
            String wrong = OperationId.sha256Hex("something else " + System.nanoTime());
            a.send(push(wrong, bytes));
            byte[] big = new byte[65];
            String bigHash = OperationId.sha256Hex(big);
            a.send(push(bigHash, big));
            a.send(push(hash, bytes));
            a.send(a.batch()); // a round trip: the pushes before it are handled
            a.next("acknowledgment");
            assertTrue(held(hash));
            assertTrue(!held(wrong) && !held(bigHash));
        }
    }

    @Test
    @DisplayName(
            "C48 a request the store resolves → blob-resp-<requestId> from the server, peers not asked; unresolved → forwarded, first non-null peer answer routed back")
    void c48Request() {
        try (KoraTestClient requester = client();
                KoraTestClient peer = client()) {
            requester.handshakeAndSync(0);
            peer.handshakeAndSync(0);
            byte[] bytes = ("stored-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
            String hash = OperationId.sha256Hex(bytes);
            peer.send(push(hash, bytes));
            peer.send(peer.batch());
            peer.next("acknowledgment");

            requester.send(request("q1", hash));
            JsonNode answer = requester.next("blob-chunk-response");
            assertEquals("blob-resp-q1", answer.get("messageId").asText());
            assertEquals("q1", answer.get("requestId").asText());
            assertEquals(
                    Base64.getEncoder().encodeToString(bytes),
                    answer.get("bytes").asText());
            peer.expectSilence(300);

            String unknown = OperationId.sha256Hex("not stored " + System.nanoTime());
            ObjectNode forwarded = request("q2", unknown);
            requester.send(forwarded);
            assertEquals(forwarded, peer.next("blob-chunk-request"));
            ObjectNode none = JSON.createObjectNode();
            none.put("type", "blob-chunk-response")
                    .put("messageId", "n1")
                    .put("requestId", "q2")
                    .putNull("bytes");
            peer.send(none);
            ObjectNode held = JSON.createObjectNode();
            held.put("type", "blob-chunk-response")
                    .put("messageId", "n2")
                    .put("requestId", "q2")
                    .put("bytes", "AQID");
            peer.send(held);
            JsonNode routed = requester.next("blob-chunk-response");
            assertEquals("blob-resp-q2", routed.get("messageId").asText());
            assertEquals("AQID", routed.get("bytes").asText());
        }
    }
}
