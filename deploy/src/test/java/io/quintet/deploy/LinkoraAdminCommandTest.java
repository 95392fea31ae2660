package io.quintet.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quintet linkora import} against a stub of the service's admin API. */
class LinkoraAdminCommandTest {

    record Seen(String method, String uri, String authorization, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final String REPORT =
            "{\"folders\":2,\"links\":3,\"panels\":1,\"panelFolders\":1,\"tags\":1,\"linkTags\":1,"
                    + "\"tombstones\":4,\"skipped\":[\"tombstone id 9: operation X is not one the apps understand\"]}";

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private int status = 200;
    private String answer = REPORT;
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

    private int run(Map<String, String> extra, String... args) {
        Map<String, String> env = new HashMap<>(Map.of(
                "LINKORA_ADMIN_URL",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/linkora/",
                "LINKORA_ADMIN_TOKEN",
                "adm1n",
                "QUINTET_DATA_DIR",
                dir.toString()));
        env.putAll(extra);
        return new LinkoraAdminCommand(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    @Test
    void aSqliteFileIsUploaded() throws IOException {
        byte[] database = "SQLite format 3\0...".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("linkora.db"), database);
        assertEquals(0, run(Map.of(), "import", file.toString(), "--replace"));
        Seen request = seen.get(0);
        assertEquals("POST", request.method());
        assertEquals("/linkora/admin/import?replace=true", request.uri());
        assertEquals("Bearer adm1n", request.authorization());
        assertEquals("application/octet-stream", request.contentType());
        assertArrayEquals(database, request.body());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains(
                        "imported 2 folders, 3 links, 1 panels, 1 panel folders, 1 tags, 1 link tags, 4 tombstones"),
                printed);
        assertTrue(printed.contains("skipped: tombstone id 9"), printed);
    }

    @Test
    void aDatabaseUrlIsSentForTheServiceToRead() {
        assertEquals(0, run(Map.of(), "import", "mysql://db:3306/linkora", "--user", "u", "--password", "p"));
        Seen request = seen.get(0);
        assertEquals("/linkora/admin/import", request.uri());
        assertEquals("application/json", request.contentType());
        assertEquals(
                "{\"url\":\"mysql://db:3306/linkora\",\"replace\":false,\"user\":\"u\",\"password\":\"p\"}",
                request.text());
    }

    @Test
    void withoutASourceTheReferenceConfigurationNamesIt() throws IOException {
        Files.createDirectories(dir.resolve("linkora"));
        Files.writeString(
                dir.resolve("linkora/linkoraConfig.json"),
                "{\"databaseUrl\":\"postgresql://10.0.0.2:5432/linkora\","
                        + "\"databaseUser\":\"ref\",\"databasePassword\":\"pw\",\"serverAuthToken\":\"t\"}");
        assertEquals(0, run(Map.of(), "import"));
        assertEquals(
                "{\"url\":\"postgresql://10.0.0.2:5432/linkora\",\"replace\":false,\"user\":\"ref\",\"password\":\"pw\"}",
                seen.get(0).text());
    }

    @Test
    void aSqliteUrlInTheConfigurationUploadsThatFile() throws IOException {
        Path file = Files.write(dir.resolve("ref.db"), new byte[] {1, 2, 3});
        Files.createDirectories(dir.resolve("linkora"));
        Files.writeString(
                dir.resolve("linkora/linkoraConfig.json"),
                "{\"databaseUrl\":\"sqlite:" + file + "\",\"databaseUser\":\"\"}");
        assertEquals(0, run(Map.of(), "import"));
        assertEquals("application/octet-stream", seen.get(0).contentType());
        assertArrayEquals(new byte[] {1, 2, 3}, seen.get(0).body());
        assertEquals(Path.of("/x/y.db"), LinkoraAdminCommand.sqliteFile("jdbc:sqlite:/x/y.db?foreign_keys=on"));
        assertNull(LinkoraAdminCommand.sqliteFile("postgresql://h/db"));
    }

    @Test
    void refusalsAndMissingTokenAreReported() {
        status = 409;
        answer =
                "The service already holds Linkora data (folders is not empty); import with replace to delete it first.";
        assertEquals(1, run(Map.of(), "import", "postgresql://h/db"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("409 The service already holds"));
        assertEquals(2, new LinkoraAdminCommand(Map.of(), new PrintStream(out), new PrintStream(err)).run(new String[] {
                    "import", "x.db"
                }));
        assertEquals(2, run(Map.of(), "import", "a.db", "b.db"));
    }
}
