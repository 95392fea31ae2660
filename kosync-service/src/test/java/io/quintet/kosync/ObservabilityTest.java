package io.quintet.kosync;

import static io.quintet.kosync.KosyncClient.md5;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Metrics, OpenAPI and health on the management interface (/q/...), not on the port clients use. */
@QuarkusTest
class ObservabilityTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/openapi", management = true)
    URL openapi;

    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @Test
    @DisplayName("pushes, pulls and auth failures are counted on /q/metrics")
    void metrics() {
        String key = md5("metrics");
        String user = KosyncClient.registered("metrics", key);
        KosyncClient.push(user, key, KosyncClient.pushBody("m", 0.1, "1", "d", null));
        KosyncClient.pull(user, key, "m");
        KosyncClient.auth(user, "wrong");
        given().when()
                .get(metrics)
                .then()
                .statusCode(200)
                .body(containsString("kosync_pushes_total"))
                .body(containsString("kosync_pulls_total"))
                .body(containsString("kosync_auth_failures_total"))
                .body(containsString("kosync_registrations_total"));
    }

    @Test
    @DisplayName("OpenAPI at the management interface's /q/openapi documents the protocol and admin routes")
    void openapi() {
        given().when()
                .get(openapi)
                .then()
                .statusCode(200)
                .body(containsString("/syncs/progress/{document}"))
                .body(containsString("/users/create"))
                .body(containsString("/healthcheck"))
                .body(containsString("/admin/import"));
    }

    @Test
    @DisplayName("liveness and readiness on the management interface; none of it on the port clients use")
    void health() {
        given().when().get(live).then().statusCode(200);
        given().when().get(ready).then().statusCode(200);
        for (String path : new String[] {"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            given().when().get(path).then().statusCode(404);
        }
    }
}
