package io.quintet.synkronus;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.testing.EmbeddedPostgresServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The packaged service with {@code SYNKRONUS_ATTACHMENT_STORE=s3} against a real S3-compatible
 * server (S3Proxy over a filesystem backend, started here on a free port), through the real routes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3AttachmentsIT {

    private static final String SECRET = "s3-it-secret-0123456789-0123456789-01";
    private static final String BUCKET = "attachments";
    private static final ServiceProcesses PROCESSES = new ServiceProcesses();
    private static S3Client s3;
    private static String base;
    private static String jdbcUrl;
    private static String management;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "it-s3").toAbsolutePath();
        Path blobs = work.resolve("blobs");
        if (Files.exists(blobs)) {
            try (var old = Files.walk(blobs)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(blobs);
        int s3Port = ServiceProcesses.freePort();
        Path conf = work.resolve("s3proxy.properties");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "s3proxy.endpoint=http://127.0.0.1:" + s3Port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=it-access",
                        "s3proxy.credential=it-secret",
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + blobs,
                        ""));
        // an older Guice that other test dependencies bring would shadow the one jclouds needs
        PROCESSES.startMain(
                "org.gaul.s3proxy.Main",
                entry -> entry.contains("/com/google/inject/guice/5."),
                List.of("--properties", conf.toString()),
                work.resolve("s3proxy.log"));
        awaitPort(s3Port);
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("it-access", "it-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));

        String database = EmbeddedPostgresServer.createDatabase("synkronus_s3_it");
        jdbcUrl = EmbeddedPostgresServer.jdbcUrl(database);
        int port = ServiceProcesses.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("QUINTET_DB_URL", EmbeddedPostgresServer.reactiveUrl(database));
        env.put("QUINTET_DB_USER", EmbeddedPostgresServer.USER);
        env.put("QUINTET_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        int managementPort = ServiceProcesses.freePort();
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        management = "http://127.0.0.1:" + managementPort;
        env.put("JWT_SECRET", SECRET);
        env.put("QUINTET_DATA_DIR", work.resolve("data").toString());
        env.put("SYNKRONUS_ATTACHMENT_STORE", "s3");
        env.put("SYNKRONUS_S3_ENDPOINT", "http://127.0.0.1:" + s3Port);
        env.put("SYNKRONUS_S3_BUCKET", BUCKET);
        env.put("SYNKRONUS_S3_PREFIX", "quintet/synkronus");
        env.put("SYNKRONUS_S3_ACCESS_KEY_ID", "it-access");
        env.put("SYNKRONUS_S3_SECRET_ACCESS_KEY", "it-secret");
        PROCESSES.startJar(
                Path.of(System.getProperty("synkronus.it.service-jar", "target/quarkus-app/quarkus-run.jar")),
                env,
                work.resolve("service.log"));
        base = "http://127.0.0.1:" + port;
        ServiceProcesses.awaitReady(base + "/synkronus/health");
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        PROCESSES.close();
    }

    private static void awaitPort(int port) throws Exception {
        for (int i = 0; i < 240; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("S3Proxy never listened on " + port);
    }

    private static RequestSpecification api(String token) {
        RequestSpecification r =
                RestAssured.given().baseUri(base).basePath("/synkronus").header("x-ode-version", "1.0.0");
        return token == null ? r : r.header("Authorization", "Bearer " + token);
    }

    private static String login() {
        return api(null)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/api/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    private static List<S3Object> objects(String prefix) {
        return s3.listObjectsV2Paginator(l -> l.bucket(BUCKET).prefix(prefix)).contents().stream()
                .toList();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(
                        jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
                ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    @Order(1)
    @DisplayName("S3 store: upload, HEAD, GET, manifest, export-zip through the real routes; the bytes are in the"
            + " bucket, none in PostgreSQL")
    void roundTrip() throws Exception {
        String token = login();
        String id = UUID.randomUUID() + ".bin";
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);
        api(token).head("/api/attachments/" + id).then().statusCode(404);
        api(token)
                .multiPart("file", id, bytes, "application/octet-stream")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(200);
        api(token).head("/api/attachments/" + id).then().statusCode(200);
        byte[] back = api(token)
                .get("/api/attachments/" + id)
                .then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .extract()
                .asByteArray();
        assertArrayEquals(bytes, back);
        // the legacy generation's route reads the same object
        assertArrayEquals(
                bytes,
                api(token)
                        .get("/attachments/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        api(token)
                .multiPart("file", id, bytes, "application/octet-stream")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(409);

        JsonPath manifest = api(token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "other", "since_version", 0))
                .post("/api/attachments/manifest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("download", manifest.getString("operations.find { it.attachment_id == '" + id + "' }.operation"));
        assertEquals(bytes.length, manifest.getInt("operations.find { it.attachment_id == '" + id + "' }.size"));

        List<S3Object> stored = objects("quintet/synkronus/g1/s/" + id + "/");
        assertEquals(1, stored.size(), "one object for the upload");
        assertEquals(bytes.length, stored.get(0).size());
        assertEquals(0, count("SELECT count(*) FROM synkronus.attachment_chunks"), "no bytes in PostgreSQL");
        assertEquals(
                1,
                count("SELECT count(*) FROM synkronus.attachment_blobs WHERE blob_key = 's/" + id
                        + "' AND location LIKE 'quintet/synkronus/g1/%'"));

        byte[] zip = api(token)
                .get("/api/attachments/export-zip")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        boolean found = false;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(id)) {
                    assertArrayEquals(bytes, in.readAllBytes());
                    found = true;
                }
            }
        }
        assertTrue(found, "export-zip holds the attachment");
    }

    @Test
    @Order(2)
    @DisplayName(
            "S3 store: concurrent uploads of one id → one 200, the rest 409, exactly one object left in the bucket")
    void concurrentUploads() throws Exception {
        String token = login();
        String id = UUID.randomUUID() + ".bin";
        byte[] bytes = new byte[256 * 1024];
        new Random(11).nextBytes(bytes);
        List<CompletableFuture<Integer>> uploads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            uploads.add(CompletableFuture.supplyAsync(() -> api(token)
                    .multiPart("file", id, bytes, "application/octet-stream")
                    .put("/api/attachments/" + id)
                    .statusCode()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var u : uploads) {
            statuses.add(u.get());
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(3, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, objects("quintet/synkronus/g1/s/" + id + "/").size(), "losers' objects discarded");
    }

    @Test
    @Order(3)
    @DisplayName("S3 store + C63: a hard reset removes the old generation's objects from the bucket; uploads after it"
            + " are stored and served under the new generation")
    void hardReset() throws Exception {
        String token = login();
        assertTrue(!objects("quintet/synkronus/g1/").isEmpty());
        String oldId = api(token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/api/attachments/manifest")
                .then()
                .extract()
                .jsonPath()
                .getString("operations[0].attachment_id");
        api(token)
                .contentType(ContentType.JSON)
                .body(Map.of("confirm", "RESET_REPOSITORY"))
                .post("/api/admin/repository/reset")
                .then()
                .statusCode(200);
        assertEquals(List.of(), objects("quintet/synkronus/g1/"), "old generation's objects deleted");
        api(token).get("/api/attachments/" + oldId).then().statusCode(404);

        String id = UUID.randomUUID() + ".txt";
        api(token)
                .multiPart("file", id, "after the reset".getBytes(), "text/plain")
                .put("/api/attachments/" + id)
                .then()
                .statusCode(200);
        assertEquals(
                "after the reset",
                api(token)
                        .get("/api/attachments/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertEquals(1, objects("quintet/synkronus/g2/s/" + id + "/").size());
    }

    @Test
    @Order(4)
    @DisplayName("S3 store: /q/health/ready reports the bucket's reachability (UP while it answers, DOWN and 503 once"
            + " it is gone, UP again when it is back)")
    void readinessFollowsTheBucket() throws Exception {
        RestAssured.given()
                .baseUri(management)
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'synkronus attachment store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'synkronus attachment store' }.data.bucket", equalTo(BUCKET));
        for (S3Object object : objects("")) {
            s3.deleteObject(d -> d.bucket(BUCKET).key(object.key()));
        }
        s3.deleteBucket(b -> b.bucket(BUCKET));
        try {
            RestAssured.given()
                    .baseUri(management)
                    .get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("checks.find { it.name == 'synkronus attachment store' }.status", equalTo("DOWN"));
        } finally {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        RestAssured.given()
                .baseUri(management)
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'synkronus attachment store' }.status", equalTo("UP"));
    }
}
