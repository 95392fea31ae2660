package io.quintet.synkronus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.testing.EmbeddedPostgresServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as two replica processes on one database, and Quintet's gateway in front
 * of them over TLS (run by failsafe after packaging).
 */
class ReplicasIT {

    private static final String SECRET = "replicas-it-secret-0123456789-0123456789";
    private static final ServiceProcesses PROCESSES = new ServiceProcesses();
    private static int replicaA;
    private static int replicaB;
    private static int gatewayHttps = -1;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "it").toAbsolutePath();
        Files.createDirectories(work);
        String database = EmbeddedPostgresServer.createDatabase("synkronus_it");
        Path jar = Path.of(System.getProperty("synkronus.it.service-jar", "target/quarkus-app/quarkus-run.jar"));
        replicaA = ServiceProcesses.freePort();
        replicaB = ServiceProcesses.freePort();
        for (int port : new int[] {replicaA, replicaB}) {
            Map<String, String> env = new HashMap<>();
            env.put("QUINTET_DB_URL", EmbeddedPostgresServer.reactiveUrl(database));
            env.put("QUINTET_DB_USER", EmbeddedPostgresServer.USER);
            env.put("QUINTET_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("JWT_SECRET", SECRET);
            env.put("QUINTET_DATA_DIR", work.resolve("data-" + port).toString());
            PROCESSES.startJar(jar, env, work.resolve("replica-" + port + ".log"));
            // one after the other: the second start finds the schema migrated
            ServiceProcesses.awaitReady("http://127.0.0.1:" + port + "/synkronus/health");
        }
        Path gateway = Path.of(
                System.getProperty("synkronus.it.gateway-jar", "../gateway/target/quarkus-app/quarkus-run.jar"));
        if (Files.isRegularFile(gateway)) {
            int http = ServiceProcesses.freePort();
            gatewayHttps = ServiceProcesses.freePort();
            Map<String, String> env = new HashMap<>();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
            env.put("QUINTET_GATEWAY_PORT", Integer.toString(http));
            env.put("QUINTET_GATEWAY_HTTPS_PORT", Integer.toString(gatewayHttps));
            env.put("QUINTET_DATA_DIR", work.resolve("gateway-data").toString());
            env.put("QUINTET_UPSTREAM_SYNKRONUS", "http://127.0.0.1:" + replicaA + ",http://127.0.0.1:" + replicaB);
            PROCESSES.startJar(gateway, env, work.resolve("gateway.log"));
            ServiceProcesses.awaitReady("http://127.0.0.1:" + http + "/synkronus/health");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        PROCESSES.close();
    }

    private static RequestSpecification at(String base, String token) {
        RequestSpecification r = RestAssured.given()
                .relaxedHTTPSValidation()
                .baseUri(base)
                .basePath("")
                .header("x-ode-version", "1.0.0");
        return token == null ? r : r.header("Authorization", "Bearer " + token);
    }

    private static String login(String base) {
        return at(base, null)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", "admin"))
                .post("/synkronus/api/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
    }

    @Test
    @DisplayName(
            "C53/C55 across replicas: four writers on two replicas, a reader alternating between them sees every record exactly once")
    void twoReplicas() throws Exception {
        String a = "http://127.0.0.1:" + replicaA;
        String b = "http://127.0.0.1:" + replicaB;
        String token = login(a);
        String type = "replicas-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String base = w % 2 == 0 ? a : b;
            writers.add(CompletableFuture.runAsync(
                    () -> {
                        for (int i = 0; i < 15; i++) {
                            List<Map<String, Object>> batch = new ArrayList<>();
                            for (int k = 0; k < 20; k++) {
                                batch.add(Sync.record(type));
                            }
                            at(base, token)
                                    .contentType(ContentType.JSON)
                                    .body(Sync.pushBody(batch))
                                    .post("/synkronus/api/sync/push")
                                    .then()
                                    .statusCode(200);
                        }
                    },
                    pool));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));
        Map<Object, Integer> seen = new HashMap<>();
        long cursor = 0;
        boolean finalRound = false;
        int turn = 0;
        while (true) {
            Map<String, Object> body = Sync.since(cursor);
            body.put("schema_types", List.of(type));
            JsonPath page = at(turn++ % 2 == 0 ? a : b, token)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/synkronus/api/sync/pull?limit=17")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            for (Map<String, Object> r : page.<Map<String, Object>>getList("records")) {
                seen.merge(r.get("observation_id"), 1, Integer::sum);
            }
            boolean more = page.getBoolean("has_more");
            cursor = more ? page.getLong("change_cutoff") : page.getLong("current_version");
            if (!more) {
                if (finalRound) {
                    break;
                }
                finalRound = all.isDone();
            }
        }
        all.get(2, TimeUnit.MINUTES);
        pool.shutdown();
        assertEquals(1200, seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "a record was delivered twice");
    }

    @Test
    @DisplayName("C91 packaged service (no Hadoop on its class path, the launcher's 96 MB heap): a Parquet export of"
            + " 6 000 rows × 30 keys, legacy and current route, read back by parquet-java")
    void parquetExportPackaged() throws Exception {
        String a = "http://127.0.0.1:" + replicaA;
        String token = login(a);
        String type = "export-it-" + UUID.randomUUID().toString().substring(0, 8);
        int rows = 6000;
        for (int start = 0; start < rows; start += 500) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = start; i < start + 500; i++) {
                Map<String, Object> data = new HashMap<>();
                for (int k = 0; k < 30; k++) {
                    data.put(
                            "k" + k,
                            k % 3 == 0 ? (Object) (i * 1.5) : k % 3 == 1 ? "value " + i + "/" + k : i % 2 == 0);
                }
                batch.add(Sync.record(UUID.randomUUID().toString(), type, data));
            }
            at(a, token)
                    .contentType(ContentType.JSON)
                    .body(Sync.pushBody(batch))
                    .post("/synkronus/api/sync/push")
                    .then()
                    .statusCode(200);
        }
        for (String path : List.of("/synkronus/api/dataexport/parquet", "/synkronus/dataexport/parquet")) {
            byte[] zip = at(a, token).get(path).then().statusCode(200).extract().asByteArray();
            var file = ParquetExportTest.read(ParquetExportTest.entries(zip).get(type + ".parquet"));
            assertEquals(rows, file.rows().size(), path);
            assertEquals(9 + 30, file.schema().getFieldCount());
        }
    }

    @Test
    @DisplayName("C82/C83 across replicas: each replica caches the bundle manifest, and a switch on one reaches the"
            + " other's manifest (change-feed notice), ETag included")
    void manifestCacheAcrossReplicas() throws Exception {
        String a = "http://127.0.0.1:" + replicaA;
        String b = "http://127.0.0.1:" + replicaB;
        String token = login(a);
        List<String> pushed = new ArrayList<>();
        for (String schema : List.of(BundleTest.SCHEMA_V1, BundleTest.SCHEMA_V2)) {
            pushed.add(at(a, token)
                    .multiPart("bundle", "bundle.zip", BundleTest.zip(BundleTest.bundle(schema)), "application/zip")
                    .post("/synkronus/api/app-bundle/push")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("manifest.version"));
        }
        for (String version : pushed) {
            // B has just cached the manifest of what was active before
            at(b, token).get("/synkronus/api/app-bundle/manifest").then().statusCode(200);
            at(a, token)
                    .post("/synkronus/api/app-bundle/switch/" + version)
                    .then()
                    .statusCode(200);
            String onA = at(a, token)
                    .get("/synkronus/api/app-bundle/manifest")
                    .then()
                    .statusCode(200)
                    .extract()
                    .header("ETag");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            JsonPath onB;
            do {
                onB = at(b, token)
                        .get("/synkronus/api/app-bundle/manifest")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                if (version.equals(onB.getString("version"))) {
                    break;
                }
                Thread.sleep(100);
            } while (Instant.now().isBefore(deadline));
            assertEquals(version, onB.getString("version"), "replica B follows the switch made on A");
            assertEquals(onA, "\"" + onB.getString("hash") + "\"", "both replicas answer the same manifest");
        }
    }

    @Test
    @DisplayName(
            "through the gateway over TLS: an upload's download_url is the gateway's https URL and resolves through it")
    void gatewayDownloadUrl() {
        Assumptions.assumeTrue(gatewayHttps > 0, "gateway not built");
        String base = "https://127.0.0.1:" + gatewayHttps;
        String token = login(base);
        long since = at(base, token)
                .contentType(ContentType.JSON)
                .body(Map.of("client_id", "c", "since_version", 0))
                .post("/synkronus/api/attachments/manifest")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("current_version");
        String id = UUID.randomUUID() + ".bin";
        byte[] bytes = new byte[100_000];
        new java.util.Random(3).nextBytes(bytes);
        at(base, token)
                .multiPart("file", id, bytes, "application/octet-stream")
                .put("/synkronus/api/attachments/" + id)
                .then()
                .statusCode(200);
        for (String prefix : new String[] {"/synkronus/api/attachments/manifest", "/synkronus/attachments/manifest"}) {
            JsonPath m = at(base, token)
                    .contentType(ContentType.JSON)
                    .body(Map.of("client_id", "other", "since_version", since))
                    .post(prefix)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String url = m.getString("operations.find { it.attachment_id == '" + id + "' }.download_url");
            String expected =
                    base + (prefix.contains("/api/") ? "/synkronus/api/attachments/" : "/synkronus/attachments/") + id;
            assertEquals(expected, url);
            byte[] got = RestAssured.given()
                    .relaxedHTTPSValidation()
                    .header("Authorization", "Bearer " + token)
                    .header("x-ode-version", "1.0.0")
                    .get(url)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            assertArrayEquals(bytes, got);
        }
    }
}
