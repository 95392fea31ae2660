package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kosync admin commands against a stub of the service's admin API. */
class KosyncAdminCommandTest {

    record Seen(String method, String uri, String authorization, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private int status = 200;
    private String answer = "{}";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null
                                    ? ""
                                    : "?" + exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes()));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        Map<String, String> env = Map.of(
                "KOSYNC_ADMIN_URL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/kosync/",
                "KOSYNC_ADMIN_TOKEN",
                "s3cret");
        return new KosyncAdminCommand(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    @Test
    void listPrintsATable() {
        answer = "{\"users\":[{\"username\":\"alice\",\"documents\":3,\"created_at\":\"2026-01-01T00:00:00Z\"}]}";
        assertEquals(0, run("users", "list"));
        Seen request = seen.get(0);
        assertEquals("GET", request.method());
        assertEquals("/kosync/admin/users", request.uri());
        assertEquals("Bearer s3cret", request.authorization());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("alice") && printed.contains("3") && printed.contains("1 account"), printed);
    }

    @Test
    void createDeleteAndResetSendThePasswordAsTyped() {
        status = 201;
        answer = "{\"username\":\"José\"}";
        assertEquals(0, run("users", "create", "José", "my password"));
        assertEquals("POST", seen.get(0).method());
        assertEquals("/kosync/admin/users", seen.get(0).uri());
        assertEquals("application/json", seen.get(0).contentType());
        assertEquals(
                "{\"username\":\"José\",\"password\":\"my password\"}",
                seen.get(0).text());
        status = 200;
        assertEquals(0, run("users", "reset-key", "José", "new"));
        assertEquals("PUT", seen.get(1).method());
        assertEquals("/kosync/admin/users/Jos%C3%A9/key", seen.get(1).uri());
        assertEquals("{\"password\":\"new\"}", seen.get(1).text());
        assertEquals(0, run("users", "delete", "José"));
        assertEquals("DELETE", seen.get(2).method());
        assertEquals("/kosync/admin/users/Jos%C3%A9", seen.get(2).uri());
        assertEquals(0, run("users", "history", "José", "a b"));
        assertEquals(
                "/kosync/admin/users/Jos%C3%A9/history?document=a+b",
                seen.get(3).uri());
    }

    @Test
    void importSendsTheFileAsIs() throws IOException {
        byte[] file = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', (byte) 0xFF, 0, 1};
        Path dump = Files.write(dir.resolve("dump.rdb"), file);
        answer =
                "{\"format\":\"redis\",\"users\":2,\"existing\":[\"bob\"],\"documents\":5,\"history\":0,\"skipped\":[\"user x: bad\"],\"settings\":{}}";
        assertEquals(0, run("import", dump.toString(), "--format", "redis", "--database", "1"));
        Seen request = seen.get(0);
        assertEquals("POST", request.method());
        assertEquals("/kosync/admin/import?format=redis&database=1", request.uri());
        assertEquals("application/octet-stream", request.contentType());
        assertEquals(java.util.Arrays.toString(file), java.util.Arrays.toString(request.body()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("imported 2 accounts, 5 positions")
                        && printed.contains("bob")
                        && printed.contains("user x: bad"),
                printed);
    }

    @Test
    void refusalsPrintTheServiceMessageAndFail() {
        status = 401;
        answer = "{\"code\":2001,\"message\":\"Unauthorized\"}";
        assertEquals(1, run("users", "list"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("401 Unauthorized"));
        status = 409;
        answer = "{\"code\":2002,\"message\":\"Username is already registered.\"}";
        assertEquals(1, run("users", "create", "alice", "pw"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Username is already registered."));
    }

    @Test
    void usageErrorsSendNothing() {
        assertEquals(2, run("users", "create", "only-a-name"));
        assertEquals(2, run("frobnicate"));
        assertEquals(1, run("import", dir.resolve("missing.json").toString()));
        assertEquals(0, seen.size());
        Map<String, String> noToken = Map.of("KOSYNC_ADMIN_URL", "http://127.0.0.1:1/kosync");
        assertEquals(2, new KosyncAdminCommand(noToken, new PrintStream(out), new PrintStream(err)).run(new String[] {
                    "users", "list"
                }));
    }

    @Test
    void unreachableServiceIsReported() {
        Map<String, String> env = Map.of("KOSYNC_ADMIN_URL", "http://127.0.0.1:1/kosync", "KOSYNC_ADMIN_TOKEN", "t");
        assertEquals(
                1,
                new KosyncAdminCommand(env, new PrintStream(out), new PrintStream(err, true, StandardCharsets.UTF_8))
                        .run(new String[] {"users", "list"}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot reach"));
    }
}
