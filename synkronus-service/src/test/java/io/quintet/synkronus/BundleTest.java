package io.quintet.synkronus;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** App bundles (synkronus.md 10), in order: the first tests see no bundle yet. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BundleTest {

    static final String SCHEMA_V1 =
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"core_id\":{\"type\":\"string\"}}}";
    static final String SCHEMA_V2 =
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"core_id\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}}}";
    static final String UI =
            "{\"type\":\"VerticalLayout\",\"elements\":[{\"type\":\"Control\",\"scope\":\"#/properties/name\"}]}";

    static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    static Map<String, String> bundle(String schema) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/index.html", "<html><body>survey app</body></html>");
        files.put("forms/survey/schema.json", schema);
        files.put("forms/survey/ui.json", UI);
        files.put("renderers/fancy/renderer.jsx", "export default () => null;");
        return files;
    }

    static Response push(byte[] zip) {
        return Api.admin()
                .multiPart("bundle", "bundle.zip", zip, "application/zip")
                .post("/api/app-bundle/push");
    }

    static List<String> versions() {
        return Api.admin()
                .get("/api/app-bundle/versions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("versions");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] v1Zip = zip(bundle(SCHEMA_V1));

    @Test
    @Order(1)
    @DisplayName("C80 no bundle yet: manifest 200 with no files; download-zip 404")
    void c80() {
        JsonPath m = Api.admin()
                .get("/api/app-bundle/manifest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(m.getList("files").isEmpty());
        assertEquals("current", m.getString("version"));
        Api.admin()
                .get("/api/app-bundle/download-zip")
                .then()
                .statusCode(404)
                .body("message", equalTo("Bundle zip not available"));
    }

    @Test
    @Order(2)
    @DisplayName("C81 push → 0001 (not active); second push → 0002")
    void c81() {
        push(v1Zip)
                .then()
                .statusCode(200)
                .body("manifest.version", equalTo("0001"))
                .body("message", equalTo("App bundle successfully pushed"));
        assertEquals(List.of("0001"), versions());
        push(zip(bundle(SCHEMA_V2))).then().statusCode(200).body("manifest.version", equalTo("0002"));
    }

    @Test
    @Order(3)
    @DisplayName(
            "C82 switch to 0001 → versions [0002, 0001 *]; manifest sorted with APP_INFO.json; hash by the formula")
    void c82() throws Exception {
        Api.admin()
                .post("/api/app-bundle/switch/0001")
                .then()
                .statusCode(200)
                .body("message", equalTo("Switched to app bundle version 0001"));
        assertEquals(List.of("0002", "0001 *"), versions());
        JsonPath m = Api.admin()
                .get("/api/app-bundle/manifest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, Object>> files = m.getList("files");
        List<String> paths = files.stream().map(f -> (String) f.get("path")).toList();
        assertTrue(paths.containsAll(
                List.of("APP_INFO.json", "app/index.html", "forms/survey/schema.json", "forms/survey/ui.json")));
        assertEquals(paths.stream().sorted().toList(), paths);
        assertEquals("0001", m.getString("version"));
        StringBuilder digest = new StringBuilder();
        for (Map<String, Object> f : files) {
            digest.append(f.get("path")).append(f.get("hash")).append(f.get("size"));
        }
        digest.append(m.getString("version")).append(m.getString("generatedAt"));
        assertEquals(sha256(digest.toString().getBytes(StandardCharsets.UTF_8)), m.getString("hash"));
        Map<String, Object> index = files.stream()
                .filter(f -> f.get("path").equals("app/index.html"))
                .findFirst()
                .orElseThrow();
        assertEquals("text/html; charset=utf-8", index.get("mimeType"));
    }

    @Test
    @Order(4)
    @DisplayName("C83 manifest ETag = quoted hash; If-None-Match → 304; another value → 200")
    void c83() {
        Response r = Api.admin().get("/api/app-bundle/manifest");
        String etag = r.header("ETag");
        assertEquals("\"" + r.jsonPath().getString("hash") + "\"", etag);
        Response again = Api.admin().header("If-None-Match", etag).get("/api/app-bundle/manifest");
        assertEquals(304, again.statusCode());
        assertEquals(0, again.asByteArray().length);
        Api.admin()
                .header("If-None-Match", "\"other\"")
                .get("/api/app-bundle/manifest")
                .then()
                .statusCode(200);
    }

    @Test
    @Order(5)
    @DisplayName("C84 %2F-encoded file path → bytes, ETag, Content-Type; If-None-Match * → 304; unknown → 404")
    void c84() throws Exception {
        Response r = Api.admin().urlEncodingEnabled(false).get("/api/app-bundle/download/forms%2Fsurvey%2Fschema.json");
        r.then().statusCode(200).contentType(startsWith("application/json"));
        assertArrayEquals(SCHEMA_V1.getBytes(StandardCharsets.UTF_8), r.asByteArray());
        assertEquals("\"" + sha256(SCHEMA_V1.getBytes(StandardCharsets.UTF_8)) + "\"", r.header("ETag"));
        Api.admin()
                .urlEncodingEnabled(false)
                .header("If-None-Match", "*")
                .get("/api/app-bundle/download/forms%2Fsurvey%2Fschema.json")
                .then()
                .statusCode(304);
        Api.admin()
                .urlEncodingEnabled(false)
                .get("/api/app-bundle/download/forms%2Fnope%2Fschema.json")
                .then()
                .statusCode(404)
                .body("message", equalTo("File not found"));
        Api.admin()
                .get("/api/app-bundle/download/forms/survey/schema.json")
                .then()
                .statusCode(200);
        Api.admin()
                .urlEncodingEnabled(false)
                .get("/api/app-bundle/download/..%2F..%2Fetc%2Fpasswd")
                .then()
                .statusCode(400);
    }

    @Test
    @Order(6)
    @DisplayName("C85 preview=true serves the newest version with x-is-preview")
    void c85() {
        Response r = Api.admin()
                .urlEncodingEnabled(false)
                .get("/api/app-bundle/download/forms%2Fsurvey%2Fschema.json?preview=true");
        r.then().statusCode(200).header("x-is-preview", "true");
        assertEquals(SCHEMA_V2, r.asString());
    }

    @Test
    @Order(7)
    @DisplayName("C86 download-zip after the switch → the uploaded zip")
    void c86() {
        Response r = Api.admin().get("/api/app-bundle/download-zip");
        r.then().statusCode(200).contentType(equalTo("application/zip"));
        assertArrayEquals(v1Zip, r.asByteArray());
    }

    @Test
    @Order(7)
    @DisplayName("C86 download-zip as a static file: Range → 206 + Content-Range, suffix range, 416 past the end,"
            + " If-Range, If-Modified-Since → 304")
    void c86Ranges() {
        int size = v1Zip.length;
        Response first = Api.admin().header("Range", "bytes=0-9").get("/api/app-bundle/download-zip");
        first.then()
                .statusCode(206)
                .header("Content-Range", equalTo("bytes 0-9/" + size))
                .header("Accept-Ranges", equalTo("bytes"))
                .contentType(equalTo("application/zip"));
        assertArrayEquals(java.util.Arrays.copyOfRange(v1Zip, 0, 10), first.asByteArray());

        Response rest = Api.admin().header("Range", "bytes=10-").get("/api/app-bundle/download-zip");
        rest.then().statusCode(206).header("Content-Range", equalTo("bytes 10-" + (size - 1) + "/" + size));
        assertArrayEquals(java.util.Arrays.copyOfRange(v1Zip, 10, size), rest.asByteArray());

        Response tail = Api.admin().header("Range", "bytes=-4").get("/api/app-bundle/download-zip");
        tail.then().statusCode(206);
        assertArrayEquals(java.util.Arrays.copyOfRange(v1Zip, size - 4, size), tail.asByteArray());

        Api.admin()
                .header("Range", "bytes=" + size + "-")
                .get("/api/app-bundle/download-zip")
                .then()
                .statusCode(416)
                .header("Content-Range", equalTo("bytes */" + size));

        String lastModified = Api.admin()
                .get("/api/app-bundle/download-zip")
                .then()
                .statusCode(200)
                .header("Accept-Ranges", equalTo("bytes"))
                .extract()
                .header("Last-Modified");
        Api.admin()
                .header("Range", "bytes=0-9")
                .header("If-Range", lastModified)
                .get("/api/app-bundle/download-zip")
                .then()
                .statusCode(206);
        Api.admin()
                .header("Range", "bytes=0-9")
                .header("If-Range", "Mon, 01 Jan 2001 00:00:00 GMT")
                .get("/api/app-bundle/download-zip")
                .then()
                .statusCode(200);
        Api.admin()
                .header("If-Modified-Since", lastModified)
                .get("/api/app-bundle/download-zip")
                .then()
                .statusCode(304);
        Api.admin()
                .header("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT")
                .get("/api/app-bundle/download-zip")
                .then()
                .statusCode(200);
    }

    @Test
    @Order(8)
    @DisplayName("C87 invalid bundles are refused with a JSON error")
    void c87() {
        Map<String, String> noIndex = bundle(SCHEMA_V1);
        noIndex.remove("app/index.html");
        Map<String, String> docs = bundle(SCHEMA_V1);
        docs.put("docs/readme.md", "x");
        Map<String, String> rootManifest = bundle(SCHEMA_V1);
        rootManifest.put("manifest.json", "{}");
        Map<String, String> onlySchema = bundle(SCHEMA_V1);
        onlySchema.put("forms/other/schema.json", "{}");
        Map<String, String> extra = bundle(SCHEMA_V1);
        extra.put("forms/survey/extra.json", "{}");
        Map<String, String> renderer = bundle(SCHEMA_V1);
        renderer.put("renderers/fancy/index.jsx", "x");
        Map<String, String> badJson = bundle("{not json");
        Map<String, String> core =
                bundle(SCHEMA_V1.replace("\"core_id\":{\"type\":\"string\"}", "\"core_id\":{\"type\":\"integer\"}"));
        // a schema naming a custom renderer the bundle lacks (x-renderer deep inside, or rendererType)
        Map<String, String> missingRenderer = bundle(SCHEMA_V1.replace(
                "\"name\":{\"type\":\"string\"}", "\"name\":{\"type\":\"string\",\"x-renderer\":\"gps-map\"}"));
        Map<String, String> missingRendererType = bundle(SCHEMA_V1.replace(
                "\"name\":{\"type\":\"string\"}",
                "\"name\":{\"type\":\"string\",\"items\":[{\"rendererType\":\"fancier\"}]}"));
        for (Map<String, String> invalid : List.of(
                noIndex,
                docs,
                rootManifest,
                onlySchema,
                extra,
                renderer,
                missingRenderer,
                missingRendererType,
                badJson,
                core)) {
            Response r = push(zip(invalid));
            assertTrue(r.statusCode() >= 400, invalid.keySet().toString());
            assertTrue(r.jsonPath().getString("error").startsWith("bundle validation failed:"), r.asString());
        }
        assertTrue(push(zip(missingRenderer)).asString().contains("gps-map"));
        // the bundled renderer (fancy) and a built-in one (signature) may be named
        Map<String, byte[]> named = new LinkedHashMap<>();
        bundle(SCHEMA_V1.replace(
                        "\"name\":{\"type\":\"string\"}",
                        "\"name\":{\"type\":\"string\",\"x-renderer\":\"fancy\",\"rendererType\":\"signature\"}"))
                .forEach((path, text) -> named.put(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        new io.quintet.synkronus.bundle.service.BundleValidator(new com.fasterxml.jackson.databind.ObjectMapper())
                .validate(named, "0099", null);
        push("not a zip".getBytes()).then().statusCode(400);
        Api.admin()
                .multiPart("other", "b.zip", v1Zip, "application/zip")
                .post("/api/app-bundle/push")
                .then()
                .statusCode(400);
        assertEquals(List.of("0002", "0001 *"), versions());
    }

    @Test
    @Order(9)
    @DisplayName("C89 changes: 0002 adds field age to survey → added_fields has age, form_changes true")
    void c89() {
        JsonPath c = Api.admin()
                .get("/api/app-bundle/changes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("0001", c.getString("compare_version_a"));
        assertEquals("0002", c.getString("compare_version_b"));
        assertTrue(c.getBoolean("form_changes"));
        assertEquals("survey", c.getString("modified_forms[0].form"));
        assertEquals("age", c.getString("modified_forms[0].added_fields[0].field"));
        assertEquals("integer", c.getString("modified_forms[0].added_fields[0].type"));
    }

    @Test
    @Order(10)
    @DisplayName("C90 push/switch as read-write → 403; switch to 9999 → JSON error")
    void c90() {
        String token = Api.tokenFor("read-write");
        Api.as(token)
                .multiPart("bundle", "b.zip", v1Zip, "application/zip")
                .post("/api/app-bundle/push")
                .then()
                .statusCode(403);
        Api.as(token).post("/api/app-bundle/switch/0001").then().statusCode(403);
        Api.admin()
                .post("/api/app-bundle/switch/9999")
                .then()
                .statusCode(404)
                .body("message", equalTo("App bundle version not found"));
    }
}
