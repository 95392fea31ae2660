package io.quintet.synkronus;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Repository generation and hard reset (synkronus.md 8). Each test resets first, so none depends on another. */
@QuarkusTest
class GenerationTest {

    static long reset() {
        Response r = Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("confirm", "RESET_REPOSITORY"))
                .post("/api/admin/repository/reset");
        r.then().statusCode(200).body("message", equalTo("Repository reset completed"));
        long generation = r.jsonPath().getLong("repository_generation");
        assertEquals(Long.toString(generation), r.header("x-repository-generation"));
        return generation;
    }

    private static Response pull(String header, Long bodyGeneration) {
        Map<String, Object> body = Sync.since(0);
        if (bodyGeneration != null) {
            body.put("repository_generation", bodyGeneration);
        }
        var request = Api.admin().contentType(ContentType.JSON).body(body);
        if (header != null) {
            request.header("x-repository-generation", header);
        }
        return request.post("/api/sync/pull");
    }

    @Test
    @DisplayName("C56 pull without generation adopts the server's: body and header")
    void c56() {
        long g = reset();
        Response r = pull(null, null);
        r.then().statusCode(200);
        assertEquals(g, r.jsonPath().getLong("repository_generation"));
        assertEquals(Long.toString(g), r.header("x-repository-generation"));
    }

    @Test
    @DisplayName("C57 stale body generation → 409 with header, code repository_reset_required")
    void c57() {
        long g = reset();
        Response r = pull(null, g - 1);
        r.then()
                .statusCode(409)
                .body("code", equalTo("repository_reset_required"))
                .body("error", equalTo("repository generation mismatch"));
        assertEquals(Long.toString(g), r.header("x-repository-generation"));
    }

    @Test
    @DisplayName("C58 header wins over body: header current + body 1 → 200; header stale + body current → 409")
    void c58() {
        long g = reset();
        pull(Long.toString(g), 1L).then().statusCode(200);
        pull(Long.toString(g - 1), g).then().statusCode(409);
    }

    @Test
    @DisplayName("C59 invalid header with stale body → 200 (not sent, body ignored)")
    void c59() {
        long g = reset();
        pull("abc", g - 1).then().statusCode(200);
    }

    @Test
    @DisplayName(
            "C60 push with stale generation → 409 and nothing stored; empty push without generation → 200 with the generation")
    void c60() {
        long g = reset();
        String type = "gen-" + UUID.randomUUID();
        Map<String, Object> body = Sync.pushBody(List.of(Sync.record(type)));
        body.put("repository_generation", g - 1);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/sync/push")
                .then()
                .statusCode(409)
                .body("code", equalTo("repository_reset_required"));
        Map<String, Object> filter = Sync.since(0);
        filter.put("schema_types", List.of(type));
        assertEquals(0, Sync.pull("", filter).jsonPath().getList("records").size());
        JsonPath probe = Sync.pushOk(List.of());
        assertEquals(g, probe.getLong("repository_generation"));
    }

    @Test
    @DisplayName("C61 manifest without generation → 200; with a stale one → 409")
    void c61() {
        long g = reset();
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(200)
                .body("repository_generation", equalTo((int) g));
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0, "repository_generation", g - 1))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(409);
    }

    @Test
    @DisplayName("C62 attachment PUT with stale x-repository-generation → 409; without → accepted")
    void c62() {
        long g = reset();
        Api.admin()
                .header("x-repository-generation", Long.toString(g - 1))
                .multiPart("file", "a.txt", "x".getBytes(), "text/plain")
                .put("/api/attachments/" + UUID.randomUUID() + ".txt")
                .then()
                .statusCode(409);
        Api.admin()
                .multiPart("file", "a.txt", "x".getBytes(), "text/plain")
                .put("/api/attachments/" + UUID.randomUUID() + ".txt")
                .then()
                .statusCode(200);
    }

    @Test
    @DisplayName(
            "C63 reset: generation +1, pull empty with current_version 1, manifest empty, attachment gone, users still log in")
    void c63() {
        long before = reset();
        Sync.pushOk(List.of(Sync.record("r")));
        String id = UUID.randomUUID() + ".txt";
        Api.admin()
                .multiPart("file", "a.txt", "x".getBytes(), "text/plain")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(200);
        long after = reset();
        assertEquals(before + 1, after);
        JsonPath page = pull(null, null).jsonPath();
        assertEquals(0, page.getList("records").size());
        assertEquals(1, page.getLong("current_version"));
        JsonPath manifest = Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/api/attachments/manifest")
                .jsonPath();
        assertEquals(0, manifest.getList("operations").size());
        Api.admin().get("/api/attachments/" + id).then().statusCode(404);
        Api.login("admin", "admin");
        Api.admin().get("/api/app-bundle/versions").then().statusCode(200);
    }

    @Test
    @DisplayName("C64 reset with the wrong confirmation → 400; as read-write → 403")
    void c64() {
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("confirm", "reset"))
                .post("/api/admin/repository/reset")
                .then()
                .statusCode(400);
        Api.admin()
                .contentType(ContentType.JSON)
                .body("{")
                .post("/api/admin/repository/reset")
                .then()
                .statusCode(400);
        Api.as(Api.tokenFor("read-write"))
                .contentType(ContentType.JSON)
                .body(Map.of("confirm", "RESET_REPOSITORY"))
                .post("/api/admin/repository/reset")
                .then()
                .statusCode(403);
    }

    @Test
    @DisplayName("C96 fresh install against a reset server: the first sync adopts the generation, no 409")
    void c96() {
        long g = reset();
        assertTrue(g > 1);
        Response first = pull(null, null);
        first.then().statusCode(200);
        long adopted = Long.parseLong(first.header("x-repository-generation"));
        Map<String, Object> body = Sync.pushBody(List.of(Sync.record("fresh")));
        Api.admin()
                .header("x-repository-generation", Long.toString(adopted))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/sync/push")
                .then()
                .statusCode(200);
        Api.admin()
                .header("x-repository-generation", Long.toString(adopted))
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(200);
    }

    @Test
    @DisplayName(
            "C97 ODE Desktop: empty probe push learns the generation; after an admin reset the old one → 409 with header")
    void c97() {
        reset();
        Map<String, Object> probe = new HashMap<>(Sync.pushBody(List.of()));
        long learned = Api.admin()
                .contentType(ContentType.JSON)
                .body(probe)
                .post("/api/sync/push")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("repository_generation");
        long now = reset();
        Response stale = Api.admin()
                .header("x-repository-generation", Long.toString(learned))
                .contentType(ContentType.JSON)
                .body(Sync.since(0))
                .post("/api/sync/pull");
        stale.then().statusCode(409);
        assertEquals(Long.toString(now), stale.header("x-repository-generation"));
    }
}
