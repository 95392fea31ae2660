package io.quintet.synkronus;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Manifest rules that need operations no route creates (update, delete), the Portal, metrics and OpenAPI. */
@QuarkusTest
class OperationsTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metricsUrl;

    @io.quarkus.test.common.http.TestHTTPResource(value = "/openapi", management = true)
    java.net.URL openapiUrl;

    @io.quarkus.test.common.http.TestHTTPResource(value = "/health/ready", management = true)
    java.net.URL readyUrl;

    @Inject
    Pool pool;

    /** Records an attachment operation the way the service numbers them (the operation log's head). */
    private long operation(String id, String op) {
        return pool.withTransaction(
                        tx -> tx.preparedQuery("WITH s AS (SELECT repository_generation AS g, version_base AS b FROM "
                                        + "synkronus.sync_version WHERE id = 1 FOR SHARE), h AS (INSERT INTO synkronus.oplog_head AS h (stream, head) "
                                        + "SELECT 'g' || g, 1 FROM s ON CONFLICT (stream) DO UPDATE SET head = h.head + 1 RETURNING head) "
                                        + "INSERT INTO synkronus.attachment_operations (attachment_id, operation, version, size, content_type) "
                                        + "SELECT $1, $2, s.b + h.head, 10, 'image/jpeg' FROM s, h RETURNING version")
                                .execute(Tuple.of(id, op)))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static JsonPath manifest(long since) {
        return Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "ops-client", "since_version", since))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    @DisplayName(
            "C71 only the latest operation per id: create+update → one download; create+delete → one delete without size/url")
    void c71() {
        long since = manifest(0).getLong("current_version");
        String updated = UUID.randomUUID() + ".jpg";
        String deleted = UUID.randomUUID() + ".jpg";
        operation(updated, "create");
        operation(deleted, "create");
        long update = operation(updated, "update");
        long delete = operation(deleted, "delete");
        List<Map<String, Object>> ops = manifest(since).getList("operations");
        assertEquals(2, ops.size());
        Map<String, Object> download = ops.stream()
                .filter(o -> updated.equals(o.get("attachment_id")))
                .findFirst()
                .orElseThrow();
        assertEquals("download", download.get("operation"));
        assertEquals(update, ((Number) download.get("version")).longValue());
        Map<String, Object> removal = ops.stream()
                .filter(o -> deleted.equals(o.get("attachment_id")))
                .findFirst()
                .orElseThrow();
        assertEquals("delete", removal.get("operation"));
        assertEquals(delete, ((Number) removal.get("version")).longValue());
        assertFalse(removal.containsKey("size"));
        assertFalse(removal.containsKey("download_url"));
        JsonPath m = manifest(since);
        assertEquals(1, m.getInt("operation_count.download"));
        assertEquals(1, m.getInt("operation_count.delete"));
    }

    @Test
    @DisplayName("C72 a client behind by an older cursor gets the latest op per id, each above the cursor")
    void c72() {
        String id = UUID.randomUUID() + ".jpg";
        operation(id, "create");
        long cursor = manifest(0).getLong("current_version");
        long latest = operation(id, "update");
        operation(UUID.randomUUID() + ".jpg", "create");
        List<Map<String, Object>> ops = manifest(cursor).getList("operations");
        for (Map<String, Object> op : ops) {
            assertTrue(((Number) op.get("version")).longValue() > cursor);
        }
        Map<String, Object> mine = ops.stream()
                .filter(o -> id.equals(o.get("attachment_id")))
                .findFirst()
                .orElseThrow();
        assertEquals(latest, ((Number) mine.get("version")).longValue());
    }

    @Test
    @DisplayName("Portal: index, assets, SPA fallback to index.html, no escape from its directory")
    void portal() {
        RestAssured.given()
                .get("/portal")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Portal stand-in"));
        RestAssured.given()
                .get("/portal/assets/app.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"));
        RestAssured.given().get("/portal/users/42").then().statusCode(200).body(containsString("Portal stand-in"));
        RestAssured.given()
                .urlEncodingEnabled(false)
                .get("/portal/..%2F..%2Fpom.xml")
                .then()
                .statusCode(200)
                .body(containsString("Portal stand-in"));
    }

    @Test
    @DisplayName(
            "Prometheus metrics carry requests per route and the protocol counters; OpenAPI lists the routes; /q/health; all on the management interface")
    void observability() {
        Sync.pushOk(List.of(Sync.record("metrics")));
        String metrics = RestAssured.given()
                .get(metricsUrl)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(metrics.contains("synkronus_records_pushed"), "records pushed");
        assertTrue(metrics.contains("synkronus_logins_refused"), "logins refused");
        assertTrue(metrics.contains("synkronus_attachment_bytes"), "attachment bytes");
        assertTrue(
                metrics.contains("http_server_requests_seconds_count") && metrics.contains("/api/sync/push"),
                "per route");
        String openapi = RestAssured.given()
                .get(openapiUrl)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String route : List.of(
                "/api/sync/pull",
                "/api/sync/push",
                "/api/attachments/manifest",
                "/api/app-bundle/manifest",
                "/api/users",
                "/api/auth/login",
                "/api/admin/repository/reset",
                "/api/dataexport/raw-json",
                "/api/dataexport/parquet",
                "/api/stats/observations")) {
            assertTrue(openapi.contains(route), route);
        }
        RestAssured.given().get(readyUrl).then().statusCode(200);
        for (String path : new String[] {"/q/health/ready", "/q/metrics", "/q/openapi"}) {
            RestAssured.given().get(path).then().statusCode(404);
        }
    }
}
