package io.quintet.linkora.observability;

import static io.quintet.linkora.LinkoraClient.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics on the management interface ({@code /q/...}), OpenAPI under /linkora/q (docs/architecture.md,
 * Observability).
 */
@QuarkusTest
class ObservabilityTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    @DisplayName("readiness includes the Linkora database check and is UP; liveness is UP; neither needs a token")
    void health() {
        Response ready = RestAssured.given().get(this.ready);
        assertEquals(200, ready.statusCode(), ready.body().asString());
        assertEquals("UP", ready.jsonPath().getString("status"));
        List<Map<String, Object>> checks = ready.jsonPath().getList("checks");
        assertTrue(
                checks.stream().anyMatch(c -> "linkora-database".equals(c.get("name")) && "UP".equals(c.get("status"))),
                checks.toString());
        assertEquals(200, RestAssured.given().get(live).statusCode());
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/metrics"}) {
            assertEquals(404, RestAssured.given().get(path).statusCode(), path + " on the port clients use");
        }
    }

    @Test
    @DisplayName("Prometheus metrics count requests per route and status class")
    void metrics() {
        app().get("/TEST_BEARER");
        RestAssured.given().get("/TEST_BEARER");
        app().get("/NO_SUCH_ROUTE");
        Response exported = RestAssured.given().get(metrics);
        assertEquals(200, exported.statusCode());
        String text = exported.body().asString();
        assertTrue(
                text.lines()
                        .anyMatch(l -> l.startsWith("linkora_requests_seconds_count{")
                                && l.contains("route=\"TEST_BEARER\"")
                                && l.contains("status=\"2xx\"")),
                "TEST_BEARER 2xx");
        assertTrue(
                text.lines()
                        .anyMatch(l -> l.startsWith("linkora_requests_seconds_count{")
                                && l.contains("route=\"TEST_BEARER\"")
                                && l.contains("status=\"4xx\"")),
                "TEST_BEARER 4xx");
        assertTrue(
                text.lines()
                        .anyMatch(l ->
                                l.startsWith("linkora_requests_seconds_count{") && l.contains("route=\"unmatched\"")),
                "404s");
        assertTrue(text.lines().noneMatch(l -> l.contains("NO_SUCH_ROUTE")), "unknown paths do not become tags");
    }

    @Test
    @DisplayName("OpenAPI at /linkora/q/openapi describes the protocol's routes")
    void openapi() {
        Response yaml = RestAssured.given().get("/q/openapi");
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.contentType().startsWith("application/yaml"), yaml.contentType());
        assertTrue(yaml.body().asString().contains("openapi: \"3.0.3\""));
        Response json = RestAssured.given().queryParam("format", "json").get("/q/openapi");
        assertEquals(200, json.statusCode());
        assertTrue(json.contentType().startsWith("application/json"), json.contentType());
        assertEquals("3.0.3", json.jsonPath().getString("openapi"));
        Map<String, Object> paths = json.jsonPath().getMap("paths");
        for (String path : List.of(
                "/CREATE_FOLDER",
                "/CREATE_A_NEW_LINK",
                "/GET_UPDATES",
                "/GET_TOMBSTONES",
                "/COPY_EXISTING_ITEMS",
                "/browser-extension",
                "/admin/import")) {
            assertTrue(paths.containsKey(path), path);
        }
        assertTrue(json.jsonPath()
                .getMap("components.schemas.NewItemResponse.properties")
                .containsKey("timeStampBasedResponse"));
        assertEquals(
                200,
                RestAssured.given()
                        .header("Accept", "application/json")
                        .get("/q/openapi")
                        .then()
                        .extract()
                        .statusCode());
        assertTrue(json.jsonPath().getMap("paths").size() >= 50);
    }
}
