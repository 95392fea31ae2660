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
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 18 (6, 8): what a hostile client sends gets the protocol's own answer, never database or class text. */
@QuarkusTest
class HostileClientTest {

    private static final String NUL = "\u0000";

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
            "a NUL in id, nodeId, collection, recordId, timestamp.nodeId or a string field → operation-rejected INVALID_OPERATION, not retriable, nothing stored, session kept")
    void nulRejectedAsMalformed() {
        try (KoraTestClient c = KoraTestClient.connect(KoraTestSupport.ws(base, "/"))) {
            c.handshakeAndSync(0);
            List<Consumer<ObjectNode>> poisons = List.of(
                    op -> op.put("id", op.get("id").asText() + NUL),
                    op -> op.put("nodeId", c.nodeId + NUL),
                    op -> op.put("collection", "todos" + NUL),
                    op -> op.put("recordId", "r" + NUL),
                    op -> ((ObjectNode) op.get("timestamp")).put("nodeId", c.nodeId + NUL),
                    op -> op.set("data", data("title", "a" + NUL + "b")),
                    op -> op.set("data", data("ti" + NUL + "tle", "x")));
            long before = count();
            for (Consumer<ObjectNode> poison : poisons) {
                ObjectNode op = c.insert("todos", "r1", data("title", "t"));
                poison.accept(op);
                c.send(c.batch(op));
                JsonNode rejected = c.next(5);
                assertEquals("operation-rejected", rejected.get("type").asText(), rejected.toString());
                assertEquals("INVALID_OPERATION", rejected.get("code").asText());
                assertFalse(rejected.get("retriable").asBoolean());
                assertTrue(rejected.get("message").asText().contains("NUL"));
                assertFalse(rejected.toString().contains("UTF8"), rejected.toString());
                assertEquals(
                        "acknowledgment", c.next("acknowledgment").get("type").asText());
            }
            assertEquals(before, count());
            assertFalse(c.isClosed());
            c.send(c.batch(c.insert("todos", "fine", data("title", "ok"))));
            c.next("acknowledgment");
            assertEquals(before + 1, count());
        }
    }

    private static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer test-admin-token");
    }

    private static void ownShape(Response response, int status) {
        response.then().statusCode(status).contentType("application/json");
        String body = response.asString();
        assertTrue(response.jsonPath().getString("error") != null, body);
        assertTrue(response.jsonPath().getString("message") != null, body);
        for (String leak : List.of(
                "com.fasterxml", "JsonNode", "DeserializationFeature", "java.", "Exception", "UTF8", "ERROR:")) {
            assertFalse(body.contains(leak), body);
        }
    }

    @Test
    @DisplayName("admin errors are kora's own shape without class names: NUL default, trailing JSON, bad JSON")
    void adminErrorsOwnShape() {
        String nulDefault =
                "{\"version\":1,\"collections\":{\"hostile\":{\"fields\":{\"title\":{\"kind\":\"string\",\"default\":\"a\\u0000b\"}}}}}";
        Response nul = admin().body(nulDefault).put("/admin/schema");
        ownShape(nul, 400);
        assertEquals("INVALID_REQUEST", nul.jsonPath().getString("error"));
        Response trailing =
                admin().body("{\"version\":1,\"collections\":{}} {}").put("/admin/schema");
        ownShape(trailing, 400);
        assertTrue(trailing.jsonPath().getString("message").contains("trailing"), trailing.asString());
        ownShape(admin().body("{\"version\":").put("/admin/schema"), 400);
        ownShape(
                admin().contentType("application/json").body("{\"where\":{}} x").post("/admin/collections/none/query"),
                400);
    }
}
