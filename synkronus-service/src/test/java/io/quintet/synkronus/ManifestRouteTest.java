package io.quintet.synkronus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The app bundle manifest's own route in front of the REST layer (ManifestFastPath): every answer
 * is the REST route's, whichever of the two gives it.
 */
@QuarkusTest
class ManifestRouteTest {

    private static final String PATH = "/api/app-bundle/manifest";

    @Test
    @DisplayName(
            "manifest route: 426 before 401, plain-text 401, CORS headers, and the same answer with a query or HEAD")
    void sameAnswers() {
        String token = Api.adminToken();
        Response noVersion = RestAssured.given()
                .header("Authorization", "Bearer " + token)
                .header("X-Real-IP", Api.freshIp())
                .get(PATH);
        assertEquals(426, noVersion.statusCode());
        assertTrue(noVersion.contentType().startsWith("application/json"));
        assertNotNull(noVersion.jsonPath().getString("synkronus_version"));
        assertEquals(
                426,
                RestAssured.given().header("X-Real-IP", Api.freshIp()).get(PATH).statusCode());

        Response badToken = Api.as(token + "x").get(PATH);
        assertEquals(401, badToken.statusCode());
        assertEquals("text/plain; charset=utf-8", badToken.contentType());
        assertEquals("Unauthorized\n", badToken.asString());

        Response fast = Api.admin().header("Origin", "https://portal.example").get(PATH);
        assertEquals(200, fast.statusCode());
        assertEquals("application/json", fast.contentType());
        assertEquals("https://portal.example", fast.header("Access-Control-Allow-Origin"));
        String etag = fast.header("ETag");
        assertEquals("\"" + fast.jsonPath().getString("hash") + "\"", etag);

        Response viaRest = Api.admin().queryParam("x", "1").get(PATH);
        assertEquals(200, viaRest.statusCode());
        assertEquals(etag, viaRest.header("ETag"));
        assertEquals(fast.asString(), viaRest.asString());

        Response head = Api.admin().head(PATH);
        assertEquals(200, head.statusCode());
        assertEquals(etag, head.header("ETag"));

        Response notModified = Api.admin().header("If-None-Match", etag).get(PATH);
        assertEquals(304, notModified.statusCode());
        assertEquals(etag, notModified.header("ETag"));
        assertEquals(0, notModified.asByteArray().length);
    }

    @Test
    @DisplayName("manifest route: the device's presence shows the bundle version it was given")
    void presence() throws Exception {
        String name = Api.user("read-only");
        String token = Api.login(name, "pw-" + name);
        String client = "device-" + UUID.randomUUID();
        String version = Api.as(token)
                .header("x-ode-client-id", client)
                .get(PATH)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("version");
        // a second ask for the same version is not recorded again (throttled), and changes nothing
        Api.as(token).header("x-ode-client-id", client).get(PATH).then().statusCode(200);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Map<String, Object> entry = null;
        while (entry == null && Instant.now().isBefore(deadline)) {
            entry = clientEntry(name, client);
            if (entry == null || entry.get("appBundleVersion") == null) {
                entry = null;
                Thread.sleep(200);
            }
        }
        assertNotNull(entry, "presence never showed the manifest request");
        assertEquals(version, entry.get("appBundleVersion"));
        assertEquals(Api.VERSION, entry.get("lastOdeVersion"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> clientEntry(String name, String client) {
        List<Map<String, Object>> users = Api.admin()
                .get("/api/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
        for (Map<String, Object> u : users) {
            if (!name.equals(u.get("username")) || u.get("presence") == null) continue;
            List<Map<String, Object>> clients =
                    (List<Map<String, Object>>) ((Map<String, Object>) u.get("presence")).get("clients");
            for (Map<String, Object> c : clients) {
                if (client.equals(c.get("clientId"))) return c;
            }
        }
        return null;
    }
}
