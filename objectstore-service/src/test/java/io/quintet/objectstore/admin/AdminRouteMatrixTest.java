package io.quintet.objectstore.admin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every admin route × no session / wrong session / wrong cookie / read-only user / sync-only user. */
@QuarkusTest
class AdminRouteMatrixTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/openapi?format=json", management = true)
    java.net.URL openapi;

    record Route(String method, String path, String openApiPath, Object body) {
        boolean write() {
            // GraphQL POSTs may be reads: viewers may query (their mutations fail inside, see GraphQlTest)
            return !method.equals("GET") && !path.equals("/api/graphql");
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/api/v1/status", "/api/v1/status", null),
            new Route("GET", "/api/v1/log-level", "/api/v1/log-level", null),
            new Route("PUT", "/api/v1/log-level", "/api/v1/log-level", Map.of("level", "info")),
            new Route("GET", "/api/v1/threads", "/api/v1/threads", null),
            new Route("GET", "/api/v1/cluster", "/api/v1/cluster", null),
            new Route("GET", "/api/v1/types", "/api/v1/types", null),
            new Route("GET", "/api/v1/types/counts", "/api/v1/types/counts", null),
            new Route("GET", "/api/v1/types/Note/objects", "/api/v1/types/{name}/objects", null),
            new Route("GET", "/api/v1/types/Note/export", "/api/v1/types/{name}/export", null),
            new Route("GET", "/api/v1/schema/versions", "/api/v1/schema/versions", null),
            new Route("POST", "/api/v1/schema/versions", "/api/v1/schema/versions", "{}"),
            new Route("GET", "/api/v1/schema/versions/1/model", "/api/v1/schema/versions/{id}/model", null),
            new Route(
                    "PATCH",
                    "/api/v1/schema/versions/999",
                    "/api/v1/schema/versions/{id}",
                    Map.of("clientsAllowed", true)),
            new Route("POST", "/api/v1/schema/current", "/api/v1/schema/current", Map.of("versionId", 999)),
            new Route("GET", "/api/v1/schema/client-hashes", "/api/v1/schema/client-hashes", null),
            new Route("GET", "/api/v1/schema/types", "/api/v1/schema/types", null),
            new Route("GET", "/api/v1/sync/stats", "/api/v1/sync/stats", null),
            new Route("GET", "/api/v1/sync/history", "/api/v1/sync/history", null),
            new Route("GET", "/api/v1/sync/history/1", "/api/v1/sync/history/{hseq}", null),
            new Route("GET", "/api/v1/sync/clients", "/api/v1/sync/clients", null),
            new Route("GET", "/api/v1/events", "/api/v1/events", null),
            new Route("GET", "/api/v1/events/export", "/api/v1/events/export", null),
            new Route("GET", "/api/v1/users", "/api/v1/users", null),
            new Route(
                    "POST",
                    "/api/v1/users",
                    "/api/v1/users",
                    Map.of("name", "matrix-new", "password", "matrix-password", "roles", "viewer")),
            new Route("DELETE", "/api/v1/users/nobody-here", "/api/v1/users/{name}", null),
            new Route("POST", "/api/graphql", "/api/graphql", Map.of("query", "{ __typename }")),
            new Route(
                    "PUT",
                    "/api/v1/users/nobody-here/password",
                    "/api/v1/users/{name}/password",
                    Map.of("password", "another-password")));

    static Response call(RequestSpecification spec, Route r) {
        if (r.body() != null) spec = spec.contentType(ContentType.JSON).body(r.body());
        return spec.request(r.method(), r.path());
    }

    @Test
    @DisplayName(
            "C80 every admin route refuses no session, a wrong bearer, a wrong cookie, sync-only users; read-only users only read")
    void c80RouteMatrix() {
        // the matrix covers every admin route the OpenAPI document lists
        Map<String, Object> paths =
                given().get(openapi).then().statusCode(200).extract().path("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, ops) -> {
            if (path.startsWith("/objectstore/api/v1/") || path.startsWith("/api/v1/"))
                ((Map<String, Object>) ops)
                        .keySet()
                        .forEach(m -> documented.add(m.toUpperCase() + " " + path.replaceFirst("^/objectstore", "")));
        });
        Set<String> covered = new TreeSet<>();
        ROUTES.stream()
                .filter(r -> r.path().startsWith("/api/v1/"))
                .forEach(r -> covered.add(r.method() + " " + r.openApiPath()));
        assertEquals(documented, covered, "matrix and OpenAPI document list the same admin routes");

        String viewer = Admin.user("matrix-viewer", "viewer-password", "viewer");
        Admin.as(Admin.root())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "matrix-sync", "password", "sync-password", "roles", "sync"))
                .post("/api/v1/users");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "matrix-sync", "password", "sync-password"))
                .post("/api/v2/sessions")
                .then()
                .statusCode(401);
        String admin = Admin.root();

        List<String> failures = new ArrayList<>();
        for (Route r : ROUTES) {
            check(failures, r, "no session", call(given(), r), 401);
            check(
                    failures,
                    r,
                    "wrong bearer",
                    call(given().header("Authorization", "Bearer not-a-session-token"), r),
                    401);
            check(
                    failures,
                    r,
                    "wrong cookie",
                    call(given().cookie("objectstore_admin", "forged").header("X-Objectstore-Admin", "1"), r),
                    401);
            check(failures, r, "empty bearer", call(given().header("Authorization", "Bearer "), r), 401);
            Response asViewer = call(Admin.as(viewer), r);
            if (r.write()) check(failures, r, "read-only user", asViewer, 403);
            else if (asViewer.statusCode() != 200 && asViewer.statusCode() != 404)
                failures.add(r + " read-only user read: " + asViewer.statusCode());
            // a cookie session's write needs the anti-forgery header
            if (r.write())
                check(failures, r, "cookie without header", call(given().cookie("objectstore_admin", admin), r), 403);
            Response asAdmin = call(Admin.as(admin), r);
            if (asAdmin.statusCode() == 401 || asAdmin.statusCode() == 403 || asAdmin.statusCode() >= 500)
                failures.add(r + " admin: " + asAdmin.statusCode() + " " + asAdmin.asString());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // the bodies are the catalogue's
        given().get("/api/v1/status").then().statusCode(401).body("error", org.hamcrest.Matchers.equalTo("NO_SESSION"));
    }

    private static void check(List<String> failures, Route r, String who, Response response, int expected) {
        if (response.statusCode() != expected)
            failures.add(r.method() + " " + r.path() + " " + who + ": " + response.statusCode() + " (expected "
                    + expected + ")");
    }
}
