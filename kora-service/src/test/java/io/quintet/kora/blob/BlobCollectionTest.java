package io.quintet.kora.blob;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.kora.testing.KoraTestClient;
import io.quintet.kora.testing.KoraTestSupport;
import io.restassured.RestAssured;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Blob garbage collection (issue 18): an admin operation; a chunk still referenced survives, an orphan goes. */
@QuarkusTest
class BlobCollectionTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Pool pool;

    private String store(String content, long createdAt) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String hash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        pool.preparedQuery(
                        "INSERT INTO kora.blobs (hash, bytes, size, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(hash, Buffer.buffer(bytes), bytes.length, createdAt))
                .await()
                .indefinitely();
        return hash;
    }

    private boolean held(String hash) {
        return pool.preparedQuery("SELECT 1 FROM kora.blobs WHERE hash = $1")
                        .execute(Tuple.of(hash))
                        .await()
                        .indefinitely()
                        .size()
                == 1;
    }

    @Test
    @DisplayName(
            "POST /admin/blobs/gc: a chunk an operation refers to survives, an old orphan is deleted, a young orphan is kept (grace)")
    void referencedSurvivesOrphanGoes() throws Exception {
        String referenced = store("referenced chunk " + System.nanoTime(), 1);
        String orphan = store("orphan chunk " + System.nanoTime(), 1);
        String young = store("young orphan " + System.nanoTime(), System.currentTimeMillis());
        try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            c.handshakeAndSync(0);
            ObjectNode data = KoraTestClient.JSON.createObjectNode();
            data.put("title", "with attachment");
            data.putObject("attachment")
                    .put("hash", referenced)
                    .put("size", 20)
                    .put("mimeType", "text/plain")
                    .putArray("chunks")
                    .add(referenced);
            c.send(c.batch(c.insert("documents", "d1", data)));
            c.next("acknowledgment");
        }
        RestAssured.given().post("/admin/blobs/gc").then().statusCode(401);
        RestAssured.given()
                .header("Authorization", "Bearer test-admin-token")
                .post("/admin/blobs/gc")
                .then()
                .statusCode(200)
                .contentType("application/json");
        assertTrue(held(referenced), "a referenced chunk survives");
        assertFalse(held(orphan), "an old orphan is collected");
        assertTrue(held(young), "a chunk younger than the grace is kept");
    }
}
