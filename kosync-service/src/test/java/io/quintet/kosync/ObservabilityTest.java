package io.quintet.kosync;

import static io.quintet.kosync.KosyncClient.md5;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Metrics, OpenAPI and health under /kosync/q. */
@QuarkusTest
class ObservabilityTest {

    @Test
    @DisplayName("pushes, pulls and auth failures are counted on /q/metrics")
    void metrics() {
        String key = md5("metrics");
        String user = KosyncClient.registered("metrics", key);
        KosyncClient.push(user, key, KosyncClient.pushBody("m", 0.1, "1", "d", null));
        KosyncClient.pull(user, key, "m");
        KosyncClient.auth(user, "wrong");
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("kosync_pushes_total"))
                .body(containsString("kosync_pulls_total"))
                .body(containsString("kosync_auth_failures_total"))
                .body(containsString("kosync_registrations_total"));
    }

    @Test
    @DisplayName("OpenAPI at /kosync/q/openapi documents the protocol and admin routes")
    void openapi() {
        given().when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/syncs/progress/{document}"))
                .body(containsString("/users/create"))
                .body(containsString("/healthcheck"))
                .body(containsString("/admin/import"));
    }

    @Test
    @DisplayName("liveness and readiness under /kosync/q/health")
    void health() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
