package io.quintet.synkronus;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Settings other than the main run's, on a database that held a user before the start (see {@link SecondInstanceProfile}). */
@QuarkusTest
@TestProfile(SecondInstanceProfile.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SecondInstanceTest {

    private static String rescueToken() {
        return Api.login("rescue", "new-secret");
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @DisplayName("C27 a non-empty database at start gets no bootstrap admin")
    void c27() {
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "boss", "password", "admin"))
                .post("/api/auth/login")
                .then()
                .statusCode(401);
        List<String> names = Api.as(rescueToken())
                .get("/api/users")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("username");
        assertEquals(List.of("rescue"), names);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @DisplayName("C28 recovery variables for an existing read-only user → admin with the new password")
    void c28() {
        String token = rescueToken();
        assertEquals("admin", Jwts.payload(token).get("role"));
        Api.anonymous()
                .contentType(ContentType.JSON)
                .body(Map.of("username", "rescue", "password", "old"))
                .post("/api/auth/login")
                .then()
                .statusCode(401);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @DisplayName(
            "C37 fresh repository: pull from 0 → no records, has_more false, cutoff 0, current_version 1, generation 1, header 1")
    void c37() {
        Response r = Api.as(rescueToken())
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since", Map.of("version", 0)))
                .post("/api/sync/pull");
        r.then().statusCode(200);
        JsonPath page = r.jsonPath();
        assertTrue(page.get("records") == null || page.getList("records").isEmpty());
        assertEquals(false, page.getBoolean("has_more"));
        assertEquals(0, page.getLong("change_cutoff"));
        assertEquals(1, page.getLong("current_version"));
        assertEquals(1, page.getLong("repository_generation"));
        assertEquals("1.0", page.getString("sync_format_version"));
        assertEquals("1", r.header("x-repository-generation"));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @DisplayName("C68 content over the configured upload limit → 413")
    void c68() {
        byte[] big = new byte[8 * 1024 * 1024 + 1];
        Api.as(rescueToken())
                .multiPart("file", "big.bin", big, "application/octet-stream")
                .put("/api/attachments/" + UUID.randomUUID() + ".bin")
                .then()
                .statusCode(413)
                .body("message", equalTo("Attachment exceeds upload size limit"));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @DisplayName(
            "C75 level 5, max width 800: a 4000×3000 JPEG is served 800×600 and smaller; original kept; manifest size = served")
    void c75() {
        String token = rescueToken();
        long since = Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/api/attachments/manifest")
                .jsonPath()
                .getLong("current_version");
        String id = UUID.randomUUID() + ".jpg";
        byte[] upload = Images.jpeg(Images.picture(4000, 3000), 0.8f);
        Api.as(token)
                .multiPart("file", id, upload, "image/jpeg")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(200);
        byte[] served = Api.as(token)
                .get("/api/attachments/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        BufferedImage image = Images.read(served);
        assertEquals(800, image.getWidth());
        assertEquals(600, image.getHeight());
        assertTrue(served.length < upload.length);
        assertArrayEquals(
                upload,
                Api.as(token)
                        .get("/api/attachments/" + id + "?original=1")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        assertArrayEquals(
                upload,
                Api.as(token)
                        .get("/api/attachments/" + id + "?original=yes")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        Api.as(token)
                .head("/api/attachments/" + id + "?original=true")
                .then()
                .statusCode(200)
                .header("Content-Length", Integer.toString(upload.length));
        JsonPath m = Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", since))
                .post("/api/attachments/manifest")
                .jsonPath();
        assertEquals(served.length, m.getInt("operations[0].size"));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @DisplayName("C88 MAX_VERSIONS_KEPT=2: three pushes leave the two newest versions")
    void c88() {
        String token = rescueToken();
        byte[] zip = BundleTest.zip(BundleTest.bundle(BundleTest.SCHEMA_V1));
        for (int i = 0; i < 3; i++) {
            Api.as(token)
                    .multiPart("bundle", "b.zip", zip, "application/zip")
                    .post("/api/app-bundle/push")
                    .then()
                    .statusCode(200);
        }
        assertEquals(
                List.of("0003", "0002"),
                Api.as(token).get("/api/app-bundle/versions").jsonPath().getList("versions"));
    }

    @Test
    @org.junit.jupiter.api.Order(100)
    @DisplayName(
            "migration: a reference deployment (database and data directory) is imported with hashes, versions, files, bundles; a second run imports nothing")
    void importReference() throws Exception {
        String url = ReferenceDeployment.create();
        java.nio.file.Path dir = ReferenceDeployment.dataDir();
        String token = rescueToken();
        Map<String, Object> body = Map.of("database_url", url, "data_dir", dir.toString());
        JsonPath first = Api.as(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/admin/import")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(1, first.getInt("imported.users"));
        assertEquals(2, first.getInt("imported.observations"));
        assertEquals(1, first.getInt("imported.attachment_operations"));
        assertEquals(2, first.getInt("imported.attachment_files"));
        assertEquals(1, first.getInt("imported.bundle_versions"));
        JsonPath again = Api.as(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/admin/import")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String key :
                List.of("users", "observations", "attachment_operations", "attachment_files", "bundle_versions")) {
            assertEquals(0, again.getInt("imported." + key), key);
        }
        String fieldToken = Api.login("field-worker", "field-pass");
        assertEquals("read-write", Jwts.payload(fieldToken).get("role"));
        Response pull = Api.as(fieldToken)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since", Map.of("version", 0)))
                .post("/api/sync/pull");
        JsonPath page = pull.jsonPath();
        assertEquals("3", pull.header("x-repository-generation"));
        assertTrue(page.getLong("current_version") >= 9);
        Map<String, Object> imported = page.<Map<String, Object>>getList("records").stream()
                .filter(r -> "ref-obs-2".equals(r.get("observation_id")))
                .findFirst()
                .orElseThrow();
        assertEquals(7, ((Number) imported.get("version")).intValue());
        JsonPath m = Api.as(fieldToken)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/api/attachments/manifest")
                .jsonPath();
        assertTrue(m.getList("operations.attachment_id").contains("photo.jpg"));
        assertArrayEquals(
                "served".getBytes(),
                Api.as(fieldToken)
                        .get("/api/attachments/photo.jpg")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        assertArrayEquals(
                "original".getBytes(),
                Api.as(fieldToken)
                        .get("/api/attachments/photo.jpg?original=true")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        assertEquals(
                "<html>ref</html>",
                Api.as(fieldToken)
                        .get("/api/app-bundle/download/app%2Findex.html")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        // pushing after the import continues above the imported versions
        long next = Sync.push(fieldToken, List.of(Sync.record("after-import")))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("current_version");
        assertTrue(next > 9);
        Api.as(token)
                .contentType(ContentType.JSON)
                .body(Map.of("database_url", "postgres://nobody@127.0.0.1:1/none"))
                .post("/api/admin/import")
                .then()
                .statusCode(500);
    }
}
