package io.quintet.kora.collection;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The app schema given by configuration ({@code kora.app-schema.path}) is applied at start-up. */
@QuarkusTest
@TestProfile(AppSchemaStartupTest.Profile.class)
class AppSchemaStartupTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("kora-schema", ".json");
                Files.writeString(
                        file,
                        "{\"version\": 2, \"collections\": {\"bootnotes\": {\"fields\": {\"text\": \"string\","
                                + " \"pinned\": {\"kind\": \"boolean\", \"default\": true}}, \"indexes\": [\"pinned\"]}}}");
                file.toFile().deleteOnExit();
                return Map.of("kora.app-schema.path", file.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    Pool pool;

    @Test
    @DisplayName(
            "C61 the configured schema file is applied at start-up: table, default and index exist, the admin API reports it")
    void c61SchemaFromConfig() {
        assertEquals(
                1,
                pool.query("SELECT 1 FROM pg_indexes WHERE schemaname = 'kora' AND indexname = 'idx_bootnotes_pinned'")
                        .execute()
                        .await()
                        .indefinitely()
                        .size());
        assertEquals(
                "1",
                pool.query("SELECT column_default FROM information_schema.columns WHERE table_schema = 'kora'"
                                + " AND table_name = 'bootnotes' AND column_name = 'pinned'")
                        .execute()
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getString(0));
        RestAssured.given()
                .header("x-kora-admin-token", "test-admin-token")
                .get("/admin/schema")
                .then()
                .statusCode(200)
                .body("version", equalTo(2))
                .body("collections.bootnotes.fields.text", equalTo("string"));
        RestAssured.given()
                .header("x-kora-admin-token", "test-admin-token")
                .get("/admin/collections/bootnotes/count")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
    }
}
