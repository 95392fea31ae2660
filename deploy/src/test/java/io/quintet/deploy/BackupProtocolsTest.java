package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.client.ObjectStoreClient;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.ModelReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup and restore as a user sees them: the real services (their built jars) behind the real
 * gateway, data written through each protocol, {@code quintet backup} while they run, the data
 * directory wiped, {@code quintet restore}, and everything read back through the protocols —
 * Linkora with the token generated before the backup, Synkronus with its bootstrap admin, objectstore
 * through its Java SDK. Then kora's frame limit as seen through the gateway: a 22 MiB frame (past the
 * gateway's old 16 MiB guard) is stored, one past {@code KORA_MAX_FRAME_BYTES} is closed with 1009.
 * Runs in the full build, where the service modules are packaged before this one; skipped when a jar
 * is missing (e.g. {@code -pl deploy}).
 */
class BackupProtocolsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of(
            "gateway", "linkora-service", "kosync-service", "kora-service", "synkronus-service", "objectstore-service");
    private static final Path OBJECTSTORE_MODEL =
            REPO.resolve("objectstore-service/src/test/resources/models/notes.json");
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
        }
        for (String module : MODULES) {
            // only the built modules: the launcher starts every module directory it finds
            Files.createSymbolicLink(root.resolve(module), REPO.resolve(module));
        }
        Map<String, String> env = new HashMap<>();
        for (String service : List.of("LINKORA", "KOSYNC", "KORA", "SYNKRONUS", "OBJECTSTORE", "GATEWAY")) {
            env.put("QUINTET_" + service + "_PORT", Integer.toString(LauncherTest.freePort()));
        }
        env.put("QUINTET_GATEWAY_HTTPS_PORT", Integer.toString(LauncherTest.freePort()));
        env.put("QUINTET_READY_TIMEOUT_SECONDS", "240");
        env.put("ADMIN_USERNAME", "admin");
        env.put("ADMIN_PASSWORD", "backup-admin-pw");
        env.put("OBJECTSTORE_MODEL", OBJECTSTORE_MODEL.toString());
        env.put("OBJECTSTORE_UNSECURED_NO_AUTHENTICATION", "true");
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
        assertEquals(200, synkronusPush().statusCode());
        objectstoreWrite(root.resolve("objectstore-writer"));

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
            HttpResponse<String> pulled = synkronus(
                    "/synkronus/api/sync/pull?limit=100",
                    synkronusLogin(),
                    "{\"client_id\":\"backup-reader\",\"since\":{\"version\":0}}");
            assertEquals(200, pulled.statusCode(), pulled.body());
            assertTrue(pulled.body().contains("kept-observation"), pulled.body());
            assertTrue(objectstoreRead(root.resolve("objectstore-reader")), "objectstore's note after restore");
            koraFramesThroughTheGateway("frames-" + System.nanoTime());
        } finally {
            again.process.toHandle().destroy();
            assertTrue(again.process.waitFor(90, TimeUnit.SECONDS));
        }
    }

    private HttpResponse<String> synkronusPush() throws Exception {
        String record = "{\"observation_id\":\"kept-observation\",\"form_type\":\"survey\",\"form_version\":\"1\","
                + "\"data\":{\"name\":\"Ada\"},\"created_at\":\"2026-12-07T01:18:40.151Z\","
                + "\"updated_at\":\"2026-12-07T01:18:40.151Z\",\"deleted\":false}";
        return synkronus(
                "/synkronus/api/sync/push",
                synkronusLogin(),
                "{\"transmission_id\":\"t-" + System.nanoTime() + "\",\"client_id\":\"backup-writer\",\"records\":["
                        + record + "]}");
    }

    /** The bootstrap admin's token (ADMIN_USERNAME / ADMIN_PASSWORD). */
    private String synkronusLogin() throws Exception {
        HttpResponse<String> login = synkronus(
                "/synkronus/api/auth/login", null, "{\"username\":\"admin\",\"password\":\"backup-admin-pw\"}");
        assertEquals(200, login.statusCode(), login.body());
        return JSON.readTree(login.body()).get("token").asText();
    }

    private HttpResponse<String> synkronus(String path, String token, String body) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-ode-version", "1.0.0");
        if (token != null) headers.put("Authorization", "Bearer " + token);
        return send("POST", path, headers, body);
    }

    private URI objectstoreSocket() {
        return URI.create(gateway.replaceFirst("^http", "ws") + "/objectstore/");
    }

    /** One Note put through the SDK, over the gateway, and acknowledged by the server. */
    private void objectstoreWrite(Path store) throws Exception {
        Model model = ModelReader.read(OBJECTSTORE_MODEL);
        try (ObjectStoreClient client =
                ObjectStoreClient.builder(model, store, objectstoreSocket()).start()) {
            client.loggedIn().orTimeout(60, TimeUnit.SECONDS).join();
            client.put("Note", 0, Map.of("title", "kept through restore"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.pendingCount() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(0, client.pendingCount(), "the note was acknowledged");
        }
    }

    /** A new SDK client's first sync: whether it receives the Note written before the backup. */
    private boolean objectstoreRead(Path store) throws Exception {
        Model model = ModelReader.read(OBJECTSTORE_MODEL);
        try (ObjectStoreClient client =
                ObjectStoreClient.builder(model, store, objectstoreSocket()).start()) {
            client.loggedIn().orTimeout(60, TimeUnit.SECONDS).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                boolean found = client.ids("Note").stream()
                        .anyMatch(id -> client.get("Note", id)
                                .map(n -> n.path("title").asText().equals("kept through restore"))
                                .orElse(false));
                if (found) return true;
                Thread.sleep(50);
            }
            return false;
        }
    }

    /**
     * Kora over a WebSocket through the gateway: a 22 MiB batch in one frame (browsers and Node send a
     * message as one frame; this client sends it in parts) is stored and acknowledged, and one frame past
     * KORA_MAX_FRAME_BYTES (32 MiB, the gateway's default limit too) ends the socket with close 1009.
     */
    private void koraFramesThroughTheGateway(String nodeId) throws Exception {
        URI uri = URI.create(gateway.replaceFirst("^http", "ws") + "/kora");
        KoraSocket socket = new KoraSocket();
        WebSocket ws = HTTP.newWebSocketBuilder().buildAsync(uri, socket).get(30, TimeUnit.SECONDS);
        ObjectNode handshake = JSON.createObjectNode()
                .put("type", "handshake")
                .put("messageId", "h-" + nodeId)
                .put("nodeId", nodeId)
                .put("schemaVersion", 1)
                .put("lastDeliverySequence", 0);
        handshake.putObject("versionVector");
        ws.sendText(handshake.toString(), true).get(30, TimeUnit.SECONDS);
        socket.next("handshake-response");
        ObjectNode batch = JSON.createObjectNode()
                .put("type", "operation-batch")
                .put("messageId", "big-" + nodeId)
                .put("isFinal", true)
                .put("batchIndex", 0);
        String padding = "p".repeat(200 * 1024);
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 110; i++) {
            ObjectNode op = batch.withArray("operations").addObject();
            op.put("id", "op-" + nodeId + "-" + i)
                    .put("nodeId", nodeId)
                    .put("type", "insert")
                    .put("collection", "notes")
                    .put("recordId", "big-" + i);
            op.putObject("data").put("text", padding);
            op.putNull("previousData");
            op.putObject("timestamp").put("wallTime", now).put("logical", i).put("nodeId", nodeId);
            op.put("sequenceNumber", i).put("schemaVersion", 1).putArray("causalDeps");
        }
        String big = batch.toString();
        assertTrue(big.length() > 20 * 1024 * 1024, "a frame of " + big.length() + " bytes, past 20 MiB");
        ws.sendText(big, true).get(60, TimeUnit.SECONDS);
        JsonNode ack = socket.next("acknowledgment");
        assertEquals("big-" + nodeId, ack.get("acknowledgedMessageId").asText());
        assertEquals(110, ack.get("lastSequenceNumber").asLong());

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
        // the JDK client splits a message into 16 KiB frames and garbles them past 32 MiB, so the oversized
        // frame is written by hand, whole, as browsers and Node send a message
        assertEquals(1009, closeCodeAfterOneFrameOf(33L * 1024 * 1024, "/kora"));
    }

    /** Upgrades a raw connection at {@code path}, sends one masked binary frame of {@code length} bytes, reads the close code. */
    private int closeCodeAfterOneFrameOf(long length, String path) throws Exception {
        URI base = URI.create(gateway);
        try (java.net.Socket raw = new java.net.Socket(base.getHost(), base.getPort())) {
            raw.setSoTimeout(60_000);
            java.io.OutputStream out = raw.getOutputStream();
            java.io.DataInputStream in =
                    new java.io.DataInputStream(new java.io.BufferedInputStream(raw.getInputStream()));
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.readUnsignedByte());
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            Thread writer = new Thread(() -> {
                try {
                    byte[] header = new byte[14];
                    header[0] = (byte) 0x82;
                    header[1] = (byte) (0x80 | 127);
                    for (int i = 0; i < 8; i++) header[2 + i] = (byte) (length >>> (8 * (7 - i)));
                    out.write(header);
                    byte[] chunk = new byte[1 << 20];
                    for (long sent = 0; sent < length; sent += chunk.length) out.write(chunk);
                    out.flush();
                } catch (java.io.IOException closed) {
                    // closed by the far end once it has refused the frame
                }
            });
            writer.start();
            int first = in.readUnsignedByte();
            int size = in.readUnsignedByte() & 0x7f;
            assertEquals(0x88, first, "a close frame");
            assertTrue(size >= 2, "a close frame with a code");
            int code = in.readUnsignedShort();
            writer.join(60_000);
            return code;
        }
    }

    /** Collects a WebSocket's text messages (each may arrive in parts). */
    private static final class KoraSocket implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        JsonNode next(String type) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String text = messages.poll(1, TimeUnit.SECONDS);
                if (text == null) continue;
                JsonNode frame = JSON.readTree(text);
                if (type.equals(frame.path("type").asText())) return frame;
            }
            throw new AssertionError("no " + type + " frame");
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
