package io.quintet.synkronus;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The December 2025 generation (synkronus.md 0.1): the captures' requests on paths without /api and
 * without x-ode-version, answered with the current bodies, and the decision table's rows.
 */
@QuarkusTest
class LegacyClientTest {

    private static RequestSpecification legacy() {
        return RestAssured.given().header("X-Real-IP", Api.freshIp());
    }

    private static String token() {
        return legacy().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    @Test
    @DisplayName("A: login, refresh, pull, push without /api and without x-ode-version, current bodies and claims")
    void rowA() {
        JsonPath login = legacy().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("access", Jwts.payload(login.getString("token")).get("token_use"));
        legacy().contentType(ContentType.JSON)
                .body(Map.of("refreshToken", login.getString("refreshToken")))
                .post("/auth/refresh")
                .then()
                .statusCode(200);
        legacy().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "wrong"))
                .post("/auth/login")
                .then()
                .statusCode(401)
                .body("error", equalTo("invalid credentials"));
        legacy().contentType(ContentType.JSON)
                .body(Map.of("client_id", "harness"))
                .post("/sync/pull")
                .then()
                .statusCode(401)
                .contentType(containsString("text/plain"));
        String token = login.getString("token");
        Map<String, Object> record = Sync.record("legacy-" + UUID.randomUUID());
        legacy().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Sync.pushBody(List.of(record)))
                .post("/sync/push")
                .then()
                .statusCode(200)
                .body("success_count", equalTo(1));
        JsonPath pull = legacy().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "harness", "since", Map.of("version", 0)))
                .post("/sync/pull?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("1.0", pull.getString("sync_format_version"));
        legacy().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("transmission_id", "t", "client_id", "c"))
                .post("/sync/push")
                .then()
                .statusCode(400)
                .body("message", equalTo("records array is required"));
        legacy().header("Authorization", "Bearer " + token)
                .get("/version")
                .then()
                .statusCode(200)
                .body("database.type", equalTo("postgresql"));
        legacy().header("Authorization", "Bearer " + token)
                .get("/api/versions")
                .then()
                .statusCode(426);
        Api.admin().get("/api/versions").then().statusCode(200);
    }

    @Test
    @DisplayName(
            "B, C: an upload records an operation; download_url is absolute, legacy form, built from X-Forwarded-* of the gateway")
    void rowsBC() {
        String token = token();
        long since = legacy().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "x", "since_version", 0))
                .post("/attachments/manifest")
                .jsonPath()
                .getLong("current_version");
        String id = UUID.randomUUID() + ".jpg";
        legacy().header("Authorization", "Bearer " + token)
                .head("/attachments/" + id)
                .then()
                .statusCode(404);
        legacy().header("Authorization", "Bearer " + token)
                .multiPart("file", id, "jpegish".getBytes(), "image/jpeg")
                .put("/attachments/" + id)
                .then()
                .statusCode(200)
                .body("status", equalTo("success"));
        legacy().header("Authorization", "Bearer " + token)
                .multiPart("file", id, "jpegish".getBytes(), "image/jpeg")
                .put("/attachments/" + id)
                .then()
                .statusCode(409)
                .body("message", equalTo("Attachment already exists"));
        JsonPath m = legacy().header("Authorization", "Bearer " + token)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "sync.example.org:8443")
                .header("X-Forwarded-Prefix", "/synkronus")
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "other-harness", "since_version", since))
                .post("/attachments/manifest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> op = m.<Map<String, Object>>getList("operations").stream()
                .filter(o -> id.equals(o.get("attachment_id")))
                .findFirst()
                .orElseThrow();
        assertEquals("https://sync.example.org:8443/synkronus/attachments/" + id, op.get("download_url"));
        JsonPath current = Api.admin()
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "sync.example.org")
                .header("X-Forwarded-Prefix", "/synkronus")
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "other", "since_version", since))
                .post("/api/attachments/manifest")
                .jsonPath();
        Map<String, Object> currentOp = current.<Map<String, Object>>getList("operations").stream()
                .filter(o -> id.equals(o.get("attachment_id")))
                .findFirst()
                .orElseThrow();
        assertEquals("https://sync.example.org/synkronus/api/attachments/" + id, currentOp.get("download_url"));
        // without a proxy: the request's own Host and the mount prefix, reachable as given
        String direct = (String) legacy()
                .header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "other-harness", "since_version", since))
                .post("/attachments/manifest")
                .jsonPath()
                .<Map<String, Object>>getList("operations")
                .stream()
                .filter(o -> id.equals(o.get("attachment_id")))
                .findFirst()
                .orElseThrow()
                .get("download_url");
        assertTrue(direct.startsWith("http://localhost:"));
        legacy().header("Authorization", "Bearer " + token)
                .get(direct)
                .then()
                .statusCode(200)
                .contentType(equalTo("application/octet-stream"));
    }

    @Test
    @DisplayName("D: geolocation is stored and returned on the legacy routes")
    void rowD() {
        String token = token();
        String type = "geo-" + UUID.randomUUID();
        Map<String, Object> r = Sync.record(type);
        r.put(
                "geolocation",
                Map.of("latitude", 1.5, "longitude", 2.5, "accuracy", 3, "timestamp", "2026-12-07T01:18:40.151Z"));
        legacy().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Sync.pushBody(List.of(r)))
                .post("/sync/push")
                .then()
                .statusCode(200);
        JsonPath pull = legacy().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "h", "since", Map.of("version", 0), "schema_types", List.of(type)))
                .post("/sync/pull")
                .jsonPath();
        assertEquals(1.5f, pull.getFloat("records[0].geolocation.latitude"));
        assertNull(pull.get("records[0].geolocation.timestamp"));
    }

    @Test
    @DisplayName("E, I, J: real version; JSON content types on user routes; POST /users works; /formspecs is 404")
    void rowsEIJ() {
        String token = token();
        String version = legacy().header("Authorization", "Bearer " + token)
                .get("/version")
                .jsonPath()
                .getString("server.version");
        assertTrue(version.matches("1\\.\\d+\\.\\d+"), version);
        String name = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        legacy().header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", "pw", "role", "read-write"))
                .post("/users")
                .then()
                .statusCode(201)
                .contentType(containsString("application/json"));
        legacy().header("Authorization", "Bearer " + token)
                .get("/users")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"));
        legacy().header("Authorization", "Bearer " + token)
                .get("/formspecs/survey")
                .then()
                .statusCode(404);
        Api.admin().get("/api/formspecs/survey").then().statusCode(404);
    }

    @Test
    @DisplayName("K: ids are checked and exactly one part is accepted on the legacy upload route too")
    void rowK() {
        String token = token();
        legacy().header("Authorization", "Bearer " + token)
                .multiPart("file", "a", "a".getBytes(), "text/plain")
                .put("/attachments/a%20b.jpg")
                .then()
                .statusCode(400);
        legacy().header("Authorization", "Bearer " + token)
                .multiPart("file", "a", "a".getBytes(), "text/plain")
                .multiPart("extra", "b")
                .put("/attachments/" + UUID.randomUUID() + ".txt")
                .then()
                .statusCode(400);
    }

    @Test
    @DisplayName("trailing slash on a legacy path: 301 with a path-only Location")
    void trailingSlash() {
        legacy().redirects()
                .follow(false)
                .get("/app-bundle/versions/")
                .then()
                .statusCode(301)
                .header("Location", equalTo("/synkronus/app-bundle/versions"));
    }
}
