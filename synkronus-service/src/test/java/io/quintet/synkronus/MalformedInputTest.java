package io.quintet.synkronus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every route against bad input: the protocol's own 4xx, never a 500, a stack trace or half-stored data. */
@QuarkusTest
class MalformedInputTest {

    private static final List<String[]> JSON_ROUTES = List.of(
            new String[] {"POST", "/api/auth/login"},
            new String[] {"POST", "/api/auth/refresh"},
            new String[] {"POST", "/api/sync/pull"},
            new String[] {"POST", "/api/sync/push"},
            new String[] {"POST", "/api/attachments/manifest"},
            new String[] {"POST", "/api/users"},
            new String[] {"POST", "/api/users/create"},
            new String[] {"POST", "/api/users/reset-password"},
            new String[] {"POST", "/api/users/change-password"},
            new String[] {"POST", "/api/admin/repository/reset"},
            new String[] {"POST", "/api/admin/import"});

    private static void assertClean(Response r, String what) {
        String body = r.asString();
        // a body that happens to be valid for a route may be answered 2xx; never a 5xx
        assertTrue(r.statusCode() < 500 && r.statusCode() != 0, what + " answered " + r.statusCode() + ": " + body);
        assertFalse(body.contains("Exception") || body.contains("\tat "), what + " leaked a stack trace");
    }

    @Test
    @DisplayName("bad JSON, wrong types and non-object bodies on every JSON route → 4xx")
    void badJson() {
        String[] bodies = {
            "",
            "{",
            "[]",
            "null",
            "42",
            "\"text\"",
            "{\"client_id\": 5}",
            "{\"since\": \"x\", \"client_id\": \"c\"}",
            "{\"records\": {}, \"transmission_id\": \"t\", \"client_id\": \"c\"}",
            "{\"records\": [1], \"transmission_id\": \"t\", \"client_id\": \"c\"}",
            "{\"records\": [{\"observation_id\": \"x\", \"tags\": \"a\"}], \"transmission_id\": \"t\", \"client_id\": \"c\"}",
            "{\"records\": [{\"observation_id\": \"x\", \"geolocation\": [1]}], \"transmission_id\": \"t\", \"client_id\": \"c\"}",
            "{\"since_version\": \"zero\", \"client_id\": \"c\"}",
            "\u0000\u0001binary"
        };
        for (String[] route : JSON_ROUTES) {
            for (String body : bodies) {
                Response r =
                        Api.admin().contentType("application/json").body(body).request(route[0], route[1]);
                assertClean(r, route[1] + " with " + body);
            }
        }
    }

    @Test
    @DisplayName("forged, expired and malformed tokens on every authenticated route → 401 plain text")
    void tokens() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("username", "admin");
        claims.put("role", "admin");
        claims.put("token_use", "access");
        claims.put("iss", "synkronus");
        claims.put("iat", Jwts.now() - 7200);
        claims.put("exp", Jwts.now() - 3600);
        Map<String, Object> forgedRole = new HashMap<>(claims);
        forgedRole.put("exp", Jwts.now() + 3600);
        List<String> tokens = List.of(
                Jwts.hs256(claims),
                Jwts.sign("HS256", forgedRole, "guessed-secret-guessed-secret-123"),
                Jwts.sign("none", forgedRole, ""),
                "a.b.c",
                "",
                "eyJhbGciOiJIUzI1NiJ9");
        String[][] routes = {
            {"POST", "/api/sync/pull"},
            {"POST", "/api/sync/push"},
            {"POST", "/api/attachments/manifest"},
            {"GET", "/api/attachments/export-zip"},
            {"GET", "/api/attachments/x.jpg"},
            {"PUT", "/api/attachments/x.jpg"},
            {"GET", "/api/app-bundle/manifest"},
            {"GET", "/api/app-bundle/versions"},
            {"GET", "/api/app-bundle/changes"},
            {"GET", "/api/app-bundle/download-zip"},
            {"GET", "/api/app-bundle/download/app%2Findex.html"},
            {"POST", "/api/app-bundle/push"},
            {"POST", "/api/app-bundle/switch/0001"},
            {"GET", "/api/users"},
            {"POST", "/api/users/create"},
            {"DELETE", "/api/users/delete/x"},
            {"POST", "/api/users/change-password"},
            {"GET", "/api/dataexport/raw-json"},
            {"GET", "/api/dataexport/parquet"},
            {"GET", "/api/stats/observations"},
            {"GET", "/api/version"},
            {"GET", "/api/versions"},
            {"POST", "/api/admin/repository/reset"},
            {"POST", "/api/admin/import"}
        };
        for (String[] route : routes) {
            for (String token : tokens) {
                var request = Api.anonymous().header("Authorization", "Bearer " + token);
                if (route[0].equals("PUT") || route[1].endsWith("/push") && route[1].contains("app-bundle")) {
                    request = request.multiPart(
                            route[0].equals("PUT") ? "file" : "bundle",
                            "f",
                            "x".getBytes(),
                            "application/octet-stream");
                }
                Response r = request.request(route[0], route[1]);
                assertEquals(401, r.statusCode(), route[1] + " with " + token);
                assertEquals("Unauthorized", r.asString().trim());
            }
        }
    }

    @Test
    @DisplayName("bad attachment ids, .. in paths, truncated multipart → 400, nothing stored")
    void pathsAndMultipart() throws Exception {
        for (String id : List.of("..%2Fx", "a%2Fb", "a%20b", "%00", "x".repeat(513), "a*b")) {
            Response r = Api.admin()
                    .urlEncodingEnabled(false)
                    .multiPart("file", "f", "x".getBytes(), "text/plain")
                    .put("/api/attachments/" + id);
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, "PUT " + id + " answered " + r.statusCode());
        }
        Response traversal =
                Api.admin().urlEncodingEnabled(false).get("/api/app-bundle/download/..%2F..%2Fapplication.properties");
        assertEquals(400, traversal.statusCode());
        // a multipart body cut off in the middle of the file part
        String id = java.util.UUID.randomUUID() + ".bin";
        String token = Api.adminToken();
        String part =
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        + "partial content without the closing boundary";
        RawHttp.Reply answer = RawHttp.send(
                "PUT",
                "/synkronus/api/attachments/" + id,
                List.of(
                        "x-ode-version: 1.0.0",
                        "Authorization: Bearer " + token,
                        "Content-Type: multipart/form-data; boundary=XyZ"),
                part.getBytes(StandardCharsets.US_ASCII));
        assertTrue(answer.status() >= 400 && answer.status() < 500, answer.toString());
        Api.admin().head("/api/attachments/" + id).then().statusCode(404);
    }
}
