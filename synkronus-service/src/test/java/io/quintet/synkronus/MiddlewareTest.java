package io.quintet.synkronus;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MiddlewareTest {

    private static final Map<String, String> LOGIN = Map.of("username", "admin", "password", "admin");

    @Test
    @DisplayName("C1 login without x-ode-version → 426 with message and synkronus_version = header")
    void c1() {
        Response r = RestAssured.given()
                .header("X-Real-IP", Api.freshIp())
                .contentType(ContentType.JSON)
                .body(LOGIN)
                .post("/api/auth/login");
        r.then()
                .statusCode(426)
                .contentType(containsString("application/json"))
                .body("message", containsString("missing x-ode-version header"))
                .body("synkronus_version", not(emptyOrNullString()));
        assertEquals(r.header("x-synkronus-version"), r.path("synkronus_version"));
    }

    @Test
    @DisplayName("C2 unparseable x-ode-version → 426 valid semantic version")
    void c2() {
        RestAssured.given()
                .header("x-ode-version", "not-a-version")
                .contentType(ContentType.JSON)
                .body(LOGIN)
                .post("/api/auth/login")
                .then()
                .statusCode(426)
                .body("message", containsString("valid semantic version"));
    }

    @Test
    @DisplayName("C3 other major → 426 not compatible")
    void c3() {
        RestAssured.given()
                .header("x-ode-version", "2.0.0")
                .contentType(ContentType.JSON)
                .body(LOGIN)
                .post("/api/auth/login")
                .then()
                .statusCode(426)
                .body("message", containsString("not compatible"));
    }

    @Test
    @DisplayName("C4 v1.4.0-beta+7 and 1 are accepted")
    void c4() {
        for (String v : new String[] {"v1.4.0-beta+7", "1", " 1.2.3 ", "V1.0.0", "v1.0.0-alpha.20-23-g8b4fcad-dirty"}) {
            RestAssured.given()
                    .header("x-ode-version", v)
                    .header("X-Real-IP", Api.freshIp())
                    .contentType(ContentType.JSON)
                    .body(LOGIN)
                    .post("/api/auth/login")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    @DisplayName("C5 only x-formulus-version → 426")
    void c5() {
        RestAssured.given()
                .header("x-formulus-version", "1.0.0")
                .contentType(ContentType.JSON)
                .body(LOGIN)
                .post("/api/auth/login")
                .then()
                .statusCode(426);
    }

    @Test
    @DisplayName("C6 sync route without token and version → 426 (version before auth)")
    void c6() {
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body("{\"client_id\":\"c\"}")
                .post("/api/sync/pull")
                .then()
                .statusCode(426);
    }

    @Test
    @DisplayName("C7 version but no token → 401 text/plain Unauthorized")
    void c7() {
        String body = Api.anonymous()
                .contentType(ContentType.JSON)
                .body("{\"client_id\":\"c\"}")
                .post("/api/sync/pull")
                .then()
                .statusCode(401)
                .contentType(containsString("text/plain"))
                .extract()
                .asString();
        assertEquals("Unauthorized", body.trim());
    }

    @Test
    @DisplayName("C8 lower-case bearer scheme → 401")
    void c8() {
        Api.anonymous()
                .header("Authorization", "bearer " + Api.adminToken())
                .contentType(ContentType.JSON)
                .body("{\"client_id\":\"c\"}")
                .post("/api/sync/pull")
                .then()
                .statusCode(401);
    }

    @Test
    @DisplayName("C9 preflight without version or token → 2xx with CORS headers")
    void c9() {
        Response r = RestAssured.given()
                .header("Origin", "https://portal.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-ode-version,authorization,x-repository-generation")
                .options("/api/sync/pull");
        assertTrue(r.statusCode() >= 200 && r.statusCode() < 300, "status " + r.statusCode());
        String allowHeaders = r.header("Access-Control-Allow-Headers").toLowerCase();
        assertTrue(
                allowHeaders.contains("x-ode-version") && allowHeaders.contains("x-repository-generation"),
                allowHeaders);
        String exposed = r.header("Access-Control-Expose-Headers");
        if (exposed == null) {
            exposed = Api.anonymous()
                    .header("Origin", "https://portal.example")
                    .get("/api/versions")
                    .header("Access-Control-Expose-Headers");
        }
        assertTrue(
                exposed.toLowerCase().contains("x-repository-generation")
                        && exposed.toLowerCase().contains("etag"),
                exposed);
    }

    @Test
    @DisplayName("C10 GET /health without headers → 200")
    void c10() {
        RestAssured.given()
                .get("/health")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("status", is("ok"));
    }

    @Test
    @DisplayName("C11 /api/versions → the fixed document")
    void c11() {
        String body = Api.admin()
                .get("/api/versions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(
                "{\"versions\":[{\"version\":\"1.0.0\",\"releaseDate\":\"2025-01-01\",\"deprecated\":false}],\"current\":\"1.0.0\"}",
                body.trim());
    }

    @Test
    @DisplayName("C12 /api/version → server.version and database.type postgresql")
    void c12() {
        Api.admin()
                .get("/api/version")
                .then()
                .statusCode(200)
                .body("server.version", not(emptyOrNullString()))
                .body("database.type", equalTo("postgresql"))
                .body("system.os", equalTo("linux"));
    }

    @Test
    @DisplayName("C13 trailing slash → 301 to the slash-less path (path-only Location)")
    void c13() {
        Api.admin()
                .redirects()
                .follow(false)
                .get("/api/app-bundle/versions/")
                .then()
                .statusCode(301)
                .header("Location", equalTo("/synkronus/api/app-bundle/versions"));
    }

    @Test
    @DisplayName("unknown path inside /api → 404 without version or auth checks")
    void unknownApiPath() {
        RestAssured.given().get("/api/nope").then().statusCode(404);
    }
}
