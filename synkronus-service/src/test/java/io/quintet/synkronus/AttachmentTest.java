package io.quintet.synkronus;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AttachmentTest {

    static String id(String ext) {
        return UUID.randomUUID() + "." + ext;
    }

    static Response upload(String id, byte[] bytes, String type) {
        return Api.admin().multiPart("file", id, bytes, type).put("/api/attachments/" + id);
    }

    static byte[] download(String id, String query) {
        return Api.admin()
                .get("/api/attachments/" + id + query)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    static JsonPath manifest(String client, long since) {
        return Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", client, "since_version", since))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    @DisplayName(
            "C65 HEAD unknown 404; PUT 200 success; HEAD 200; GET same bytes as octet-stream with Content-Disposition")
    void c65() {
        String id = id("bin");
        byte[] bytes = new byte[3000];
        new java.util.Random(1).nextBytes(bytes);
        Api.admin().head("/api/attachments/" + id).then().statusCode(404);
        upload(id, bytes, "application/octet-stream").then().statusCode(200).body("status", equalTo("success"));
        Api.admin().head("/api/attachments/" + id).then().statusCode(200);
        Response get = Api.admin().get("/api/attachments/" + id);
        get.then()
                .statusCode(200)
                .contentType(equalTo("application/octet-stream"))
                .header("Content-Disposition", containsString(id));
        assertArrayEquals(bytes, get.asByteArray());
    }

    @Test
    @DisplayName(
            "C65 a download of several chunks over keep-alive HTTP/1.1: the same bytes, framed by Content-Length alone")
    void c65PlainHttp11() throws Exception {
        String id = id("bin");
        byte[] bytes = new byte[2 * 1024 * 1024 + 12_345];
        new java.util.Random(3).nextBytes(bytes);
        upload(id, bytes, "application/octet-stream").then().statusCode(200);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        java.net.URI uri =
                java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + io.restassured.RestAssured.basePath.replaceAll("^/*", "/") + "/api/attachments/" + id);
        // twice on one connection: a stray chunk terminator would break the second answer
        for (int i = 0; i < 2; i++) {
            var answer = http.send(
                    java.net.http.HttpRequest.newBuilder(uri)
                            .header("x-ode-version", Api.VERSION)
                            .header("Authorization", "Bearer " + Api.adminToken())
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, answer.statusCode());
            assertEquals(
                    String.valueOf(bytes.length),
                    answer.headers().firstValue("Content-Length").orElse(null));
            assertFalse(answer.headers().firstValue("Transfer-Encoding").isPresent());
            assertArrayEquals(bytes, answer.body());
        }
    }

    @Test
    @DisplayName(
            "C65 downloads a client abandons part-way give their database connection back: more than the pool, then a whole one")
    void c65AbandonedDownloads() throws Exception {
        String id = id("bin");
        byte[] bytes = new byte[3 * 1024 * 1024 + 777];
        new java.util.Random(5).nextBytes(bytes);
        upload(id, bytes, "application/octet-stream").then().statusCode(200);
        String path = io.restassured.RestAssured.basePath.replaceAll("^/*", "/").replaceAll("/$", "")
                + "/api/attachments/" + id;
        // the pool holds 20 connections: each abandoned download must have returned its own
        for (int i = 0; i < 30; i++) {
            try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
                socket.getOutputStream()
                        .write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nx-ode-version: " + Api.VERSION
                                        + "\r\nAuthorization: Bearer " + Api.adminToken() + "\r\n\r\n")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] some = socket.getInputStream().readNBytes(64 * 1024);
                assertTrue(
                        new String(some, 0, 12, java.nio.charset.StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            }
        }
        assertArrayEquals(bytes, Api.admin().get("/api/attachments/" + id).asByteArray());
        String other = id("bin");
        upload(other, new byte[] {1, 2, 3}, "application/octet-stream").then().statusCode(200);
        assertArrayEquals(
                new byte[] {1, 2, 3},
                Api.admin().get("/api/attachments/" + other).asByteArray());
    }

    @Test
    @DisplayName("C66 PUT of an existing id → 409")
    void c66() {
        String id = id("txt");
        upload(id, "a".getBytes(), "text/plain").then().statusCode(200);
        upload(id, "b".getBytes(), "text/plain")
                .then()
                .statusCode(409)
                .body("message", equalTo("Attachment already exists"));
    }

    @Test
    @DisplayName("C67 two file parts, an extra text field, or a part named upload → 400")
    void c67() {
        String id = id("txt");
        Api.admin()
                .multiPart("file", "a", "a".getBytes(), "text/plain")
                .multiPart("other", "b", "b".getBytes(), "text/plain")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(400);
        Api.admin()
                .multiPart("file", "a", "a".getBytes(), "text/plain")
                .multiPart("note", "hello")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(400);
        Api.admin()
                .multiPart("upload", "a", "a".getBytes(), "text/plain")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(400)
                .body("message", equalTo("file is required"));
        Api.admin()
                .contentType(ContentType.JSON)
                .body("{}")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(400);
        Api.admin().head("/api/attachments/" + id).then().statusCode(404);
    }

    @Test
    @DisplayName("C69 ids ../x and 'a b.jpg' → 400")
    void c69() {
        Api.admin()
                .multiPart("file", "a", "a".getBytes(), "text/plain")
                .put("/api/attachments/..%2Fx")
                .then()
                .statusCode(400);
        Api.admin()
                .multiPart("file", "a", "a".getBytes(), "text/plain")
                .put("/api/attachments/a%20b.jpg")
                .then()
                .statusCode(400)
                .body("message", equalTo("attachment_id is invalid"));
        // a bare ".." segment is resolved by the HTTP layer before routing and never reaches the id check
        Api.admin().get("/api/attachments/a%20b.jpg").then().statusCode(400);
    }

    @Test
    @DisplayName(
            "C70 after an upload by one client, another client's manifest lists one download with size, type, version")
    void c70() {
        long since = manifest("c", 0).getLong("current_version");
        String id = id("pdf");
        byte[] pdf = "%PDF-1.4 small".getBytes();
        upload(id, pdf, "application/pdf").then().statusCode(200);
        JsonPath m = manifest("client-b-" + UUID.randomUUID(), since);
        List<Map<String, Object>> ops = m.getList("operations");
        assertEquals(1, ops.size());
        Map<String, Object> op = ops.get(0);
        assertEquals("download", op.get("operation"));
        assertEquals(id, op.get("attachment_id"));
        assertEquals(pdf.length, op.get("size"));
        assertEquals("application/pdf", op.get("content_type"));
        assertTrue(((Number) op.get("version")).longValue() > since);
        assertTrue(((String) op.get("download_url"))
                .matches("http://[^/]+/synkronus/api/attachments/" + id.replace(".", "\\.")));
        assertEquals(1, m.getInt("operation_count.download"));
        assertEquals(pdf.length, m.getLong("total_download_size"));
        // the URL is reachable as given
        Api.admin().get((String) op.get("download_url")).then().statusCode(200);
    }

    @Test
    @DisplayName("C73 manifest since_version -1 → 400; empty client_id → 400; bad JSON → 400")
    void c73() {
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", -1))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(400);
        Api.admin()
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "", "since_version", 0))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(400);
        Api.admin()
                .contentType(ContentType.JSON)
                .body("[")
                .post("/api/attachments/manifest")
                .then()
                .statusCode(400)
                .body("message", equalTo("Invalid request body"));
    }

    @Test
    @DisplayName(
            "C74 JPEG without transformation (level 0, no bounds, no orientation) stored byte-identical, no original")
    void c74() {
        String id = id("jpg");
        byte[] jpeg = Images.jpeg(Images.picture(320, 200), 0.9f);
        upload(id, jpeg, "image/jpeg").then().statusCode(200);
        assertArrayEquals(jpeg, download(id, ""));
        assertArrayEquals(jpeg, download(id, "?original=true"));
    }

    @Test
    @DisplayName(
            "C76 EXIF orientation 6 at quality 100 → rotated, no EXIF, original kept; at low quality → unchanged, no original")
    void c76() {
        BufferedImage picture = Images.picture(400, 300);
        String id = id("jpg");
        byte[] upright = Images.withOrientation(Images.jpeg(picture, 1.0f), 6);
        upload(id, upright, "image/jpeg").then().statusCode(200);
        byte[] served = download(id, "");
        BufferedImage image = Images.read(served);
        assertEquals(300, image.getWidth());
        assertEquals(400, image.getHeight());
        assertFalse(Images.hasExif(served));
        assertTrue(served.length < upright.length);
        assertArrayEquals(upright, download(id, "?original=true"));
        String low = id("jpg");
        byte[] small = Images.withOrientation(Images.jpeg(picture, 0.2f), 6);
        upload(low, small, "image/jpeg").then().statusCode(200);
        assertArrayEquals(small, download(low, ""));
        assertArrayEquals(small, download(low, "?original=true"));
    }

    @Test
    @DisplayName("C77 PNG over 16 384 px on one side → 413")
    void c77() {
        upload(id("png"), Images.png(16_385, 1), "image/png").then().statusCode(413);
    }

    @Test
    @DisplayName("C78 a PDF is stored unchanged with content_type application/pdf; an undeclared type is sniffed")
    void c78() {
        long since = manifest("c", 0).getLong("current_version");
        String id = id("pdf");
        byte[] pdf = "%PDF-1.7\n%binary".getBytes();
        upload(id, pdf, "application/pdf").then().statusCode(200);
        assertArrayEquals(pdf, download(id, ""));
        List<Map<String, Object>> ops = manifest("c", since).getList("operations");
        assertEquals("application/pdf", ops.get(0).get("content_type"));
    }

    @Test
    @DisplayName("C79 export-zip holds every current attachment by id, originals preferred")
    void c79() throws Exception {
        String plain = id("txt");
        upload(plain, "plain".getBytes(), "text/plain").then().statusCode(200);
        String rotated = id("jpg");
        byte[] original = Images.withOrientation(Images.jpeg(Images.picture(200, 100), 1.0f), 6);
        upload(rotated, original, "image/jpeg").then().statusCode(200);
        Response zip = Api.admin().get("/api/attachments/export-zip");
        zip.then()
                .statusCode(200)
                .contentType(equalTo("application/zip"))
                .header("Content-Disposition", equalTo("attachment; filename=\"attachments_export.zip\""));
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.asByteArray()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertArrayEquals("plain".getBytes(), entries.get(plain));
        assertNotNull(entries.get(rotated));
        assertArrayEquals(original, entries.get(rotated));
    }

    @Test
    @DisplayName(
            "C95 Formulus-style attachment round: HEAD first, upload when absent, manifest, download every op's URL")
    void c95Attachments() {
        long cursor = manifest("formulus-a", 0).getLong("current_version");
        String id = id("jpg");
        byte[] photo = Images.jpeg(Images.picture(64, 64), 0.8f);
        if (Api.admin().head("/api/attachments/" + id).statusCode() != 200) {
            upload(id, photo, "image/jpeg").then().statusCode(200);
        }
        JsonPath m = manifest("formulus-b", cursor);
        for (Map<String, Object> op : m.<Map<String, Object>>getList("operations")) {
            if ("download".equals(op.get("operation"))) {
                byte[] got = Api.admin()
                        .get((String) op.get("download_url"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray();
                if (id.equals(op.get("attachment_id"))) {
                    assertArrayEquals(photo, got);
                }
            }
        }
        assertTrue(m.getLong("current_version") >= cursor);
    }
}
