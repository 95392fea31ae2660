package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore as a user sees them: the real services (their built jars) behind the real
 * gateway, data written through each protocol, {@code quintet backup} while they run, the data
 * directory wiped, {@code quintet restore}, and everything read back through the protocols —
 * Linkora with the token generated before the backup. Runs in the full build, where the service
 * modules are packaged before this one; skipped when a jar is missing (e.g. {@code -pl deploy}).
 */
class BackupProtocolsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of("gateway", "linkora-service", "kosync-service", "kora-service");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KOSYNC_KEY =
            "5f4dcc3b5aa765d61d8327deb882cf99"; // md5("password"), as KOReader sends it

    @TempDir
    Path root;

    private String gateway;

    @Test
    void everyProtocolReadsBackWhatItWroteAfterBackupWipeAndRestore() throws Exception {
        for (String module : MODULES) {
            assumeTrue(
                    Files.isRegularFile(REPO.resolve(module).resolve("target/quarkus-app/quarkus-run.jar")),
                    module + " is not built");
            // only the built modules: the launcher starts every module directory it finds
            Files.createSymbolicLink(root.resolve(module), REPO.resolve(module));
        }
        Map<String, String> env = new HashMap<>();
        for (String service : List.of("LINKORA", "KOSYNC", "KORA", "GATEWAY")) {
            env.put("QUINTET_" + service + "_PORT", Integer.toString(LauncherTest.freePort()));
        }
        env.put("QUINTET_GATEWAY_HTTPS_PORT", Integer.toString(LauncherTest.freePort()));
        env.put("QUINTET_READY_TIMEOUT_SECONDS", "240");
        // start-up speed over peak speed: the test sends a handful of requests
        env.put("QUINTET_JAVA_OPTS", "-Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        gateway = "http://127.0.0.1:" + env.get("QUINTET_GATEWAY_PORT");

        LauncherTest.Run suite = LauncherTest.launch(root, env, false, "run");
        suite.awaitLine(Pattern.compile("Quintet is running"));
        String linkoraToken = JSON.readTree(
                        root.resolve("data/linkora/linkoraConfig.json").toFile())
                .get("serverAuthToken")
                .asText();

        // write through each protocol
        assertEquals(
                201,
                send(
                                "POST",
                                "/kosync/users/create",
                                Map.of(),
                                "{\"username\":\"reader\",\"password\":\"" + KOSYNC_KEY + "\"}")
                        .statusCode());
        assertEquals(
                200,
                send(
                                "PUT",
                                "/kosync/syncs/progress",
                                kosyncAuth(),
                                "{\"document\":\"0b229176d4e8db7f6d2b5a4952368d7a\",\"progress\":\"/body/DocFragment[20]/body/p[22]/img.0\","
                                        + "\"percentage\":0.3758,\"device\":\"Kobo\",\"device_id\":\"D1\"}")
                        .statusCode());
        assertEquals(
                200,
                send(
                                "POST",
                                "/linkora/CREATE_FOLDER",
                                Map.of("Authorization", "Bearer " + linkoraToken),
                                "{\"name\":\"kept through restore\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,"
                                        + "\"correlation\":{\"id\":\"c1\",\"clientName\":\"backup-test\"},\"eventTimestamp\":0}")
                        .statusCode());
        koraWrite("writer-" + System.nanoTime());

        Path archive = root.resolve("quintet-backup.zip");
        LauncherTest.Run backup = LauncherTest.launch(root, Map.of(), false, "backup", archive.toString());
        assertTrue(backup.process.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, backup.process.exitValue(), String.join("\n", backup.lines));
        suite.process.toHandle().destroy();
        assertTrue(suite.process.waitFor(90, TimeUnit.SECONDS));

        try (Stream<Path> walk = Files.walk(root.resolve("data"))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        LauncherTest.Run restore = LauncherTest.launch(root, Map.of(), false, "restore", archive.toString());
        assertTrue(restore.process.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, restore.process.exitValue(), String.join("\n", restore.lines));

        LauncherTest.Run again = LauncherTest.launch(root, env, false, "run");
        again.awaitLine(Pattern.compile("Quintet is running"));
        try {
            HttpResponse<String> progress =
                    send("GET", "/kosync/syncs/progress/0b229176d4e8db7f6d2b5a4952368d7a", kosyncAuth(), null);
            assertEquals(200, progress.statusCode(), progress.body());
            assertEquals(
                    "/body/DocFragment[20]/body/p[22]/img.0",
                    JSON.readTree(progress.body()).get("progress").asText());
            // the token generated before the backup still opens Linkora
            HttpResponse<String> updates = send(
                    "GET",
                    "/linkora/GET_UPDATES?eventTimestamp=0",
                    Map.of("Authorization", "Bearer " + linkoraToken),
                    null);
            assertEquals(200, updates.statusCode(), updates.body());
            assertTrue(updates.body().contains("kept through restore"), updates.body());
            assertTrue(koraRead("reader-" + System.nanoTime()).contains("kept-record"));
        } finally {
            again.process.toHandle().destroy();
            assertTrue(again.process.waitFor(90, TimeUnit.SECONDS));
        }
    }

    private static Map<String, String> kosyncAuth() {
        return Map.of("x-auth-user", "reader", "x-auth-key", KOSYNC_KEY);
    }

    /** A Kora client over the HTTP polling transport: handshake, drain, one insert, its acknowledgment. */
    private void koraWrite(String nodeId) throws Exception {
        handshakeAndDrain(nodeId);
        long now = System.currentTimeMillis();
        ObjectNode op = JSON.createObjectNode();
        op.put("id", "op-" + nodeId + "-1")
                .put("nodeId", nodeId)
                .put("type", "insert")
                .put("collection", "notes")
                .put("recordId", "kept-record");
        op.putObject("data").put("text", "written before the backup");
        op.putNull("previousData");
        op.putObject("timestamp").put("wallTime", now).put("logical", 0).put("nodeId", nodeId);
        op.put("sequenceNumber", 1).put("schemaVersion", 1).putArray("causalDeps");
        ObjectNode batch = JSON.createObjectNode()
                .put("type", "operation-batch")
                .put("messageId", "b-" + nodeId)
                .put("isFinal", true)
                .put("batchIndex", 0);
        batch.putArray("operations").add(op);
        assertEquals(
                202,
                send("POST", "/kora", Map.of("X-Kora-Client-Id", nodeId), batch.toString())
                        .statusCode());
        JsonNode ack = pollUntil(nodeId, "acknowledgment");
        assertEquals("b-" + nodeId, ack.get("acknowledgedMessageId").asText());
    }

    /** A new Kora client's initial sync: every operation frame it is sent, as text. */
    private String koraRead(String nodeId) throws Exception {
        return handshakeAndDrain(nodeId);
    }

    private String handshakeAndDrain(String nodeId) throws Exception {
        ObjectNode handshake = JSON.createObjectNode()
                .put("type", "handshake")
                .put("messageId", "h-" + nodeId)
                .put("nodeId", nodeId)
                .put("schemaVersion", 1)
                .put("lastDeliverySequence", 0);
        handshake.putObject("versionVector");
        assertEquals(
                202,
                send("POST", "/kora", Map.of("X-Kora-Client-Id", nodeId), handshake.toString())
                        .statusCode());
        assertEquals(
                "handshake-response",
                pollUntil(nodeId, "handshake-response").get("type").asText());
        StringBuilder seen = new StringBuilder();
        JsonNode batch;
        do {
            batch = pollUntil(nodeId, "operation-batch");
            seen.append(batch);
        } while (!batch.get("isFinal").asBoolean());
        ObjectNode delivered = JSON.createObjectNode()
                .put("type", "acknowledgment")
                .put("messageId", "a-" + nodeId)
                .put("acknowledgedMessageId", batch.get("messageId").asText())
                .put("lastSequenceNumber", 0);
        if (batch.has("maxDeliverySequence"))
            delivered.put("deliverySequence", batch.get("maxDeliverySequence").asLong());
        assertEquals(
                202,
                send("POST", "/kora", Map.of("X-Kora-Client-Id", nodeId), delivered.toString())
                        .statusCode());
        return seen.toString();
    }

    private JsonNode pollUntil(String nodeId, String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send("GET", "/kora", Map.of("X-Kora-Client-Id", nodeId), null);
            if (r.statusCode() == 200) {
                JsonNode frame = JSON.readTree(r.body());
                if (type.equals(frame.get("type").asText())) return frame;
            } else {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no " + type + " frame for " + nodeId);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (path.startsWith("/kosync")) request.header("Accept", "application/vnd.koreader.v1+json");
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
