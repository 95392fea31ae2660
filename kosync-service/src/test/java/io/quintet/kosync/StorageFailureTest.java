package io.quintet.kosync;

import static io.quintet.kosync.Json.assertAnswer;
import static io.quintet.kosync.Json.assertError;
import static io.quintet.kosync.KosyncClient.VENDOR;
import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.pull;
import static io.quintet.kosync.KosyncClient.push;
import static io.quintet.kosync.KosyncClient.pushBody;
import static io.quintet.kosync.KosyncClient.registered;
import static io.quintet.kosync.KosyncClient.send;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spec 4.4 and 5: the database refuses connections; answers are 502/2000, never 500, and service resumes. */
@QuarkusTest
class StorageFailureTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    java.net.URL ready;

    private static final String KEY = md5("storage");

    @Test
    @DisplayName(
            "C65 storage failure answers 502 {\"code\":2000,...} and /healthcheck reports unhealthy; nothing half-written")
    void databaseDown() throws Exception {
        String user = registered("outage", KEY);
        push(user, KEY, pushBody("before", 0.1, "1", "d", null)); // credentials now cached
        try {
            refuseConnections(true);
            String error = "Unknown server error.";
            assertError(502, 2000, error, pull(user, KEY, "before"));
            assertError(502, 2000, error, push(user, KEY, pushBody("during", 0.2, "2", "d", null)));
            assertError(502, 2000, error, send("GET", "/healthcheck", List.of(VENDOR), null));
            assertError(502, 2000, error, KosyncClient.register(KosyncClient.uniqueName("during"), KEY));
            assertError(502, 2000, error, KosyncClient.auth(KosyncClient.uniqueName("uncached"), KEY));
            given().when().get(ready).then().statusCode(503);
        } finally {
            refuseConnections(false);
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (send("GET", "/healthcheck", List.of(VENDOR), null).status() != 200
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertAnswer(200, "{\"state\":\"OK\"}", send("GET", "/healthcheck", List.of(VENDOR), null));
        assertEquals("{}", pull(user, KEY, "during").text(), "the refused push left nothing");
        assertEquals(0.1, Json.tree(pull(user, KEY, "before")).get("percentage").doubleValue());
        // the readiness check recovers on its own once the pool has fresh connections
        while (given().when().get(ready).statusCode() != 200 && System.currentTimeMillis() < deadline + 20_000) {
            Thread.sleep(100);
        }
        given().when().get(ready).then().statusCode(200);
    }

    private static void refuseConnections(boolean refuse) throws Exception {
        try (Connection c = EmbeddedPostgresServer.get().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE kosync ALLOW_CONNECTIONS " + !refuse);
            if (refuse) {
                s.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'kosync' AND pid <> pg_backend_pid()");
            }
        }
    }
}
