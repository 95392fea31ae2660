package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built images run as containers: the gateway's with kosync's, and with synkronus' and objectstore's,
 * each from its docker-archive (deploy/images/build-images.sh, built first when missing), unpacked with
 * umoci and run with runc as Kubernetes would run them (uid 185, read-only root file system, a tmpfs /tmp,
 * objectstore's model mounted read-only as the chart's ConfigMap), on an embedded PostgreSQL; readiness
 * (on each management port) and a protocol request are checked through the gateway, then all are stopped.
 * <p>
 * Not part of the default build (it builds images and needs root, skopeo, umoci and runc):
 * {@code ./mvnw -pl deploy verify -Pcontainer-images}. runc runs here once the container's
 * rlimits and network namespace are left out of its spec (see ../shared/TOOLCHAIN.md).
 */
@EnabledIfSystemProperty(named = "quintet.containers", matches = "true")
class ContainerImagesTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path IMAGES = REPO.resolve("deploy/target/images");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String JAVA_OPTIONS =
            "-Xms16m -Xmx96m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m -Xss512k";

    @TempDir
    Path work;

    private final List<String> running = new ArrayList<>();

    @Test
    void gatewayAndKosyncImagesRunAsContainersAndAreHealthyThroughTheGateway() throws Exception {
        long started = System.nanoTime();
        for (String tool : List.of("skopeo", "umoci", "runc")) {
            assertEquals(
                    0,
                    run(List.of("sh", "-c", "command -v " + tool)),
                    tool + " is needed (apt-get install skopeo umoci runc)");
        }
        if (!Files.exists(IMAGES.resolve("gateway.tar")) || !Files.exists(IMAGES.resolve("kosync-service.tar"))) {
            assertEquals(
                    0,
                    run(List.of(
                            REPO.resolve("deploy/images/build-images.sh").toString(), "gateway", "kosync-service")));
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String image : List.of("gateway", "kosync-service"))
            sizes.put(image, Files.size(IMAGES.resolve(image + ".tar")) >> 20);

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int kosync = LauncherTest.freePort();
            int gateway = LauncherTest.freePort();
            int gatewayManagement = LauncherTest.freePort();
            int kosyncManagement = LauncherTest.freePort();
            long unpack = System.nanoTime();
            Path kosyncBundle = bundle(
                    "kosync-service",
                    Map.of(
                            "QUARKUS_HTTP_PORT",
                            Integer.toString(kosync),
                            "QUARKUS_MANAGEMENT_PORT",
                            Integer.toString(kosyncManagement),
                            "QUINTET_DB_URL",
                            "postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                            "QUINTET_DB_USER",
                            "postgres",
                            "QUINTET_DB_PASSWORD",
                            "",
                            "JAVA_TOOL_OPTIONS",
                            JAVA_OPTIONS));
            Path gatewayBundle = bundle(
                    "gateway",
                    Map.of(
                            "QUINTET_GATEWAY_PORT",
                            Integer.toString(gateway),
                            "QUINTET_GATEWAY_HTTPS_PORT",
                            Integer.toString(LauncherTest.freePort()),
                            "QUINTET_UPSTREAM_KOSYNC",
                            "http://127.0.0.1:" + kosync,
                            "QUINTET_UPSTREAM_KOSYNC_MANAGEMENT_PORT",
                            Integer.toString(kosyncManagement),
                            "QUINTET_DATA_DIR",
                            "/tmp/data",
                            "QUARKUS_MANAGEMENT_PORT",
                            Integer.toString(gatewayManagement),
                            "JAVA_TOOL_OPTIONS",
                            JAVA_OPTIONS));
            long unpacked = System.nanoTime();
            try {
                start("kosync-service", kosyncBundle);
                start("gateway", gatewayBundle);
                awaitStatus(
                        "http://127.0.0.1:" + kosyncManagement + "/q/health/ready", 200); // its management interface
                long kosyncReady = System.nanoTime();
                // the gateway is ready only once its kosync upstream is
                awaitStatus(
                        "http://127.0.0.1:" + gatewayManagement + "/q/health/ready", 200); // its management interface
                // operational endpoints are not public on the gateway's own listeners
                assertEquals(
                        404,
                        get("http://127.0.0.1:" + gateway + "/q/health/ready").statusCode());
                HttpResponse<String> health = get("http://127.0.0.1:" + gateway + "/kosync/healthcheck");
                assertEquals(200, health.statusCode());
                assertTrue(health.body().contains("OK"), health.body());
                long healthy = System.nanoTime();
                System.out.printf(
                        "container images: sizes %s MB; unpack %.1f s; kosync ready %.1f s after start; "
                                + "healthy through the gateway %.1f s after start; whole test %.1f s%n",
                        sizes,
                        (unpacked - unpack) / 1e9,
                        (kosyncReady - unpacked) / 1e9,
                        (healthy - unpacked) / 1e9,
                        (healthy - started) / 1e9);
            } finally {
                for (String id : running) stop(id);
            }
        }
    }

    @Test
    void synkronusAndObjectstoreImagesRunAsContainersBehindTheGatewayImage() throws Exception {
        long started = System.nanoTime();
        List<String> images = List.of("gateway", "synkronus-service", "objectstore-service");
        if (images.stream().anyMatch(i -> !Files.exists(IMAGES.resolve(i + ".tar")))) {
            assertEquals(
                    0,
                    run(List.of(
                            REPO.resolve("deploy/images/build-images.sh").toString(),
                            "gateway",
                            "synkronus-service",
                            "objectstore-service")));
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String image : images) sizes.put(image, Files.size(IMAGES.resolve(image + ".tar")) >> 20);
        Path model = REPO.resolve("objectstore-service/src/test/resources/models/notes.json");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String db = "postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            int synkronus = LauncherTest.freePort();
            int synkronusManagement = LauncherTest.freePort();
            int objectstore = LauncherTest.freePort();
            int objectstoreManagement = LauncherTest.freePort();
            int gateway = LauncherTest.freePort();
            int gatewayManagement = LauncherTest.freePort();
            Map<String, String> database =
                    Map.of("QUINTET_DB_URL", db, "QUINTET_DB_USER", "postgres", "QUINTET_DB_PASSWORD", "");
            Map<String, String> synkronusEnv = new java.util.HashMap<>(database);
            synkronusEnv.putAll(Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(synkronus),
                    "QUARKUS_MANAGEMENT_PORT", Integer.toString(synkronusManagement),
                    "JWT_SECRET", "a-container-test-secret-of-at-least-32-bytes",
                    "ADMIN_USERNAME", "admin",
                    "ADMIN_PASSWORD", "container-admin",
                    "QUINTET_DATA_DIR", "/tmp/data",
                    "JAVA_TOOL_OPTIONS", JAVA_OPTIONS));
            Map<String, String> objectstoreEnv = new java.util.HashMap<>(database);
            objectstoreEnv.putAll(Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(objectstore),
                    "QUARKUS_MANAGEMENT_PORT", Integer.toString(objectstoreManagement),
                    "OBJECTSTORE_MODEL", "/etc/quintet/objectstore/model/objectbox-model.json",
                    "OBJECTSTORE_UNSECURED_NO_AUTHENTICATION", "true",
                    "JAVA_TOOL_OPTIONS", "-Xms16m -Xmx256m -XX:+UseSerialGC -Xss512k"));
            Map<String, String> gatewayEnv = new java.util.HashMap<>(Map.of(
                    "QUINTET_GATEWAY_PORT", Integer.toString(gateway),
                    "QUINTET_GATEWAY_HTTPS_PORT", Integer.toString(LauncherTest.freePort()),
                    "QUINTET_UPSTREAM_SYNKRONUS", "http://127.0.0.1:" + synkronus,
                    "QUINTET_UPSTREAM_SYNKRONUS_MANAGEMENT_PORT", Integer.toString(synkronusManagement),
                    "QUINTET_UPSTREAM_OBJECTSTORE", "http://127.0.0.1:" + objectstore,
                    "QUINTET_UPSTREAM_OBJECTSTORE_MANAGEMENT_PORT", Integer.toString(objectstoreManagement),
                    "QUINTET_DATA_DIR", "/tmp/data",
                    "QUARKUS_MANAGEMENT_PORT", Integer.toString(gatewayManagement),
                    "JAVA_TOOL_OPTIONS", JAVA_OPTIONS));
            long unpack = System.nanoTime();
            Path synkronusBundle = bundle("synkronus-service", synkronusEnv);
            Path objectstoreBundle = bundle(
                    "objectstore-service",
                    objectstoreEnv,
                    Map.of("/etc/quintet/objectstore/model/objectbox-model.json", model));
            Path gatewayBundle = bundle("gateway", gatewayEnv);
            long unpacked = System.nanoTime();
            try {
                start("synkronus-service", synkronusBundle);
                start("objectstore-service", objectstoreBundle);
                start("gateway", gatewayBundle);
                // the gateway is ready once both upstreams answer readiness on their management ports
                awaitStatus("http://127.0.0.1:" + gatewayManagement + "/q/health/ready", 200);
                long ready = System.nanoTime();
                HttpResponse<String> health = get("http://127.0.0.1:" + gateway + "/synkronus/health");
                assertEquals(200, health.statusCode(), health.body());
                HttpResponse<String> login = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway + "/synkronus/api/auth/login"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("x-ode-version", "1.0.0")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"username\":\"admin\",\"password\":\"container-admin\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, login.statusCode(), login.body());
                assertTrue(login.body().contains("\"token\""), login.body());
                // objectstore's sync port answers a plain HTTP GET with a short text (its C76)
                HttpResponse<String> plain = get("http://127.0.0.1:" + gateway + "/objectstore/");
                assertTrue(plain.statusCode() < 500, plain.statusCode() + " " + plain.body());
                System.out.printf(
                        "container images: sizes %s MB; unpack %.1f s; all ready through the gateway %.1f s after start;"
                                + " whole test %.1f s%n",
                        sizes,
                        (unpacked - unpack) / 1e9,
                        (ready - unpacked) / 1e9,
                        (System.nanoTime() - started) / 1e9);
            } finally {
                for (String id : running) stop(id);
            }
        }
    }

    /** The image unpacked into a runc bundle whose spec is what a Kubernetes pod of the chart gets. */
    private Path bundle(String image, Map<String, String> env) throws Exception {
        return bundle(image, env, Map.of());
    }

    /** ... with read-only files mounted as the chart mounts ConfigMaps (container path to host file). */
    private Path bundle(String image, Map<String, String> env, Map<String, Path> files) throws Exception {
        Path layout = work.resolve("oci-" + image);
        Path bundle = work.resolve("bundle-" + image);
        assertEquals(
                0,
                run(List.of(
                        "skopeo",
                        "copy",
                        "--quiet",
                        "docker-archive:" + IMAGES.resolve(image + ".tar"),
                        "oci:" + layout + ":run")));
        assertEquals(0, run(List.of("umoci", "unpack", "--image", layout + ":run", bundle.toString())));
        Path spec = bundle.resolve("config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(spec.toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.remove("rlimits"); // setrlimit is refused on these machines
        process.put("terminal", false);
        assertEquals(185, process.get("user").get("uid").asInt(), image + " runs as uid 185");
        ArrayNode environment = (ArrayNode) process.get("env");
        env.forEach((k, v) -> environment.add(k + "=" + v));
        ArrayNode namespaces = (ArrayNode) config.get("linux").get("namespaces");
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = namespaces.iterator(); it.hasNext(); ) {
            if ("network".equals(it.next().get("type").asText())) it.remove(); // the host's loopback
        }
        ((ObjectNode) config.get("root")).put("readonly", true);
        ObjectNode tmp = ((ArrayNode) config.get("mounts")).addObject();
        tmp.put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs");
        tmp.putArray("options").add("nosuid").add("nodev").add("mode=1777").add("size=256m");
        files.forEach((destination, source) -> {
            ObjectNode mount = ((ArrayNode) config.get("mounts")).addObject();
            mount.put("destination", destination).put("type", "bind").put("source", source.toString());
            mount.putArray("options").add("rbind").add("ro");
        });
        JSON.writeValue(spec.toFile(), config);
        return bundle;
    }

    private void start(String image, Path bundle) throws Exception {
        String id = "quintet-test-" + image + "-" + ProcessHandle.current().pid();
        Path log = work.resolve(image + ".log");
        Process runc = new ProcessBuilder("runc", "run", "--detach", "--bundle", bundle.toString(), id)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(runc.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, runc.exitValue(), Files.readString(log));
        running.add(id);
    }

    private void stop(String id) throws Exception {
        run(List.of("runc", "kill", id, "TERM"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline
                && run(List.of("sh", "-c", "runc state " + id + " | grep -q '\"status\": \"stopped\"'")) != 0) {
            Thread.sleep(200);
        }
        assertEquals(0, run(List.of("runc", "delete", "--force", id)));
    }

    private static void awaitStatus(String url, int status) throws Exception {
        awaitStatus(status, url);
    }

    /** Until one of the URLs answers the status. */
    private static void awaitStatus(int status, String... urls) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Map<String, Integer> last = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            for (String url : urls) {
                try {
                    int answer = get(url).statusCode();
                    last.put(url, answer);
                    if (answer == status) return;
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("answers: " + last);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor(15, TimeUnit.MINUTES) ? p.exitValue() : -1;
    }
}
