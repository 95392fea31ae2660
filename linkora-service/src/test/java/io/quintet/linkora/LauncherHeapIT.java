package io.quintet.linkora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.protocol.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17 items 2 and 3 at the memory the launcher gives linkora: a real process with the JVM
 * options of {@code deploy}'s {@code LauncherSettings} (defaults plus linkora's own: 128 MB heap,
 * 64 MB direct memory) and its environment. A {@code @QuarkusTest} JVM has the build's heap and
 * would prove nothing. Every body below {@code LINKORA_MAX_BODY_SIZE} is served, alone and eight at
 * once; a full {@code GET_UPDATES} and the folder lists far larger than the heap stream out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherHeapIT {

    /** deploy's LauncherSettings.javaOptionsFor("linkora"): the defaults with linkora's own in their place. */
    static final String LAUNCHER_OPTIONS =
            "-Xms8m -Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=16m -Xss256k"
                    + " -XX:CICompilerCount=1 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=15 -XX:TieredStopAtLevel=1"
                    + " -XX:MaxDirectMemorySize=64m -XX:TrimNativeHeapInterval=5000";

    /**
     * What linkora needs on top for bodies up to the documented 16M (measured, issue 17 item 2):
     * PostgreSQL's client encodes a statement's parameters into one direct buffer that doubles as it
     * grows, so a 5 MB note already needs more than 16 MB of direct memory, and Jackson holds a
     * 16 MB string as 32 MB of chars while parsing it. Neither costs anything while idle (the heap
     * shrinks back, the direct buffer of a huge message is freed): the launcher's linkora options
     * carry them ({@link #LAUNCHER_OPTIONS}). {@code -Dlinkora.it.heap-options=...} adds others after them.
     */
    static final String BODY_MEMORY_OPTIONS = System.getProperty("linkora.it.heap-options", "");

    static final String TOKEN = "heap#token";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MB = 1024 * 1024;

    static ServiceProcesses processes;
    static Process service;
    static Path log;
    static String base;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "it-heap").toAbsolutePath();
        String database = EmbeddedPostgresServer.createDatabase("linkora_heap_it");
        Path jar = ServiceProcesses.jar("linkora.it.service-jar", "target/quarkus-app/quarkus-run.jar");
        int port = ServiceProcesses.freePort();
        processes = new ServiceProcesses();
        log = work.resolve("linkora.log");
        service = processes.start(
                jar,
                Arrays.asList(
                        (LAUNCHER_OPTIONS + " " + BODY_MEMORY_OPTIONS).trim().split(" +")),
                Map.of(
                        "QUINTET_DB_URL",
                        EmbeddedPostgresServer.reactiveUrl(database),
                        "QUINTET_DB_USER",
                        EmbeddedPostgresServer.USER,
                        "QUINTET_DB_PASSWORD",
                        EmbeddedPostgresServer.PASSWORD,
                        "QUARKUS_HTTP_PORT",
                        Integer.toString(port),
                        "QUARKUS_HTTP_HOST",
                        "127.0.0.1",
                        "LINKORA_SERVER_AUTH_TOKEN",
                        TOKEN,
                        "LINKORA_CONFIG_FILE",
                        work.resolve("linkoraConfig.json").toString(),
                        "QUINTET_DATA_DIR",
                        work.toString(),
                        "MALLOC_ARENA_MAX",
                        "1"),
                log);
        base = "http://127.0.0.1:" + port + "/linkora/";
        ServiceProcesses.awaitReady(service, base + "TEST_BEARER", TOKEN, log);
        // HTTP/1.1 like the apps' Ktor CIO client (the JDK's default would upgrade to h2c)
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        if (processes != null) {
            processes.close();
        }
    }

    static HttpResponse<String> post(String route, String contentType, String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + route))
                        .timeout(Duration.ofSeconds(120))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String correlation() {
        // a client edit time ahead of the server's stamps: no last-write-wins refusal between the rounds
        return "\"correlation\":{\"id\":\"heap\",\"clientName\":\"Heap\"},\"eventTimestamp\":"
                + (System.currentTimeMillis() / 1000 + 86_400);
    }

    /** A body of about {@code size} bytes for {@code route}, its bulk in the note, the new note or the search term. */
    static String body(String route, int size, long linkId) {
        String filler = "n".repeat(size);
        return switch (route) {
            case "CREATE_FOLDER" ->
                "{\"name\":\"big\",\"note\":\"" + filler + "\",\"parentFolderId\":null,\"isArchived\":false,"
                        + correlation() + "}";
            case "CREATE_A_NEW_LINK" ->
                "{\"linkType\":\"SAVED_LINK\",\"title\":\"t\",\"url\":\"https://example.com/\","
                        + "\"baseURL\":\"example.com\",\"imgURL\":\"\",\"note\":\"" + filler
                        + "\",\"idOfLinkedFolder\":null,\"userAgent\":null,\"markedAsImportant\":false,"
                        + "\"mediaType\":\"IMAGE\"," + correlation() + "}";
            case "UPDATE_LINK_NOTE" ->
                "{\"linkId\":" + linkId + ",\"newNote\":\"" + filler + "\"," + correlation() + "}";
            case "SEARCH_FOR_FOLDERS" -> filler;
            default -> throw new IllegalArgumentException(route);
        };
    }

    static final List<String> ROUTES =
            List.of("CREATE_FOLDER", "CREATE_A_NEW_LINK", "UPDATE_LINK_NOTE", "SEARCH_FOR_FOLDERS");

    static long link;

    @Test
    @Order(1)
    @DisplayName(
            "5 MB bodies on CREATE_FOLDER, CREATE_A_NEW_LINK, UPDATE_LINK_NOTE and SEARCH_FOR_FOLDERS at the launcher's heap")
    void fiveMegabytes() throws Exception {
        HttpResponse<String> created = post("CREATE_A_NEW_LINK", "application/json", body("CREATE_A_NEW_LINK", 10, 0));
        assertEquals(200, created.statusCode(), created.body());
        link = JSON.readTree(created.body()).get("id").asLong();
        for (String route : ROUTES) {
            HttpResponse<String> answer = post(route, "application/json", body(route, 5 * MB, link));
            assertEquals(200, answer.statusCode(), route + ": " + answer.body());
        }
        assertNoOutOfMemory();
    }

    @Test
    @Order(2)
    @DisplayName("eight concurrent 3 MB bodies on each of those routes at the launcher's heap")
    void eightConcurrent() throws Exception {
        for (String route : ROUTES) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(client.sendAsync(
                        HttpRequest.newBuilder(URI.create(base + route))
                                .timeout(Duration.ofSeconds(180))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body(route, 3 * MB, link)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                HttpResponse<String> done = answer.get(240, TimeUnit.SECONDS);
                assertEquals(200, done.statusCode(), route + ": " + done.body());
            }
        }
        assertNoOutOfMemory();
    }

    @Test
    @Order(3)
    @DisplayName("a body just below LINKORA_MAX_BODY_SIZE (16M) is served; one just above is 413")
    void atTheLimit() throws Exception {
        int overhead = body("CREATE_FOLDER", 0, 0).length();
        HttpResponse<String> below =
                post("CREATE_FOLDER", "application/json", body("CREATE_FOLDER", 16 * MB - overhead, 0));
        assertEquals(200, below.statusCode(), below.body());
        HttpResponse<String> above =
                post("CREATE_FOLDER", "application/json", body("CREATE_FOLDER", 16 * MB - overhead + 1, 0));
        assertEquals(413, above.statusCode());
        assertNoOutOfMemory();
    }

    @Test
    @Order(4)
    @DisplayName("a full GET_UPDATES of an account several times the heap (300 MB) streams out whole, lists in order")
    void fullSyncOfABigAccount() throws Exception {
        try (Connection db = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl("linkora_heap_it"),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                Statement sql = db.createStatement()) {
            // 280 links with a 1 MiB note, 30 000 ordinary ones, tags on some of them
            sql.execute("INSERT INTO linkora.links (last_modified, link_type, link_title, url, base_url, img_url, note,"
                    + " id_of_linked_folder, user_agent, media_type, marked_as_important)"
                    + " SELECT 100, 'SAVED_LINK', 'big ' || g, 'https://example.com/' || g, 'example.com', '',"
                    + " repeat('x', 1048576), NULL, NULL, 'IMAGE', false FROM generate_series(1, 280) g");
            sql.execute("INSERT INTO linkora.links (last_modified, link_type, link_title, url, base_url, img_url, note,"
                    + " id_of_linked_folder, user_agent, media_type, marked_as_important)"
                    + " SELECT 100, 'SAVED_LINK', 'A link title of usual length ' || g,"
                    + " 'https://example.com/some/path/' || g, 'example.com', 'https://example.com/og.png',"
                    + " 'a short note', NULL, 'Mozilla/5.0', 'IMAGE', g % 7 = 0 FROM generate_series(1, 30000) g");
            sql.execute(
                    "INSERT INTO linkora.tags (name, last_modified) SELECT 'tag ' || g, 100 FROM generate_series(1, 3) g");
            sql.execute("INSERT INTO linkora.link_tags (link_id, tag_id, last_modified)"
                    + " SELECT l.id, t.id, 100 FROM linkora.links l CROSS JOIN linkora.tags t WHERE l.id % 100 = 0");
        }
        long[] expected = new long[6];
        try (Connection db = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl("linkora_heap_it"),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                Statement sql = db.createStatement()) {
            String[] tables = {"links", "folders", "panels", "panel_folders", "tags", "link_tags"};
            for (int i = 0; i < tables.length; i++) {
                try (ResultSet count = sql.executeQuery("SELECT count(*) FROM linkora." + tables[i])) {
                    count.next();
                    expected[i] = count.getLong(1);
                }
            }
        }
        HttpResponse<InputStream> answer = client.send(
                HttpRequest.newBuilder(URI.create(base + "GET_UPDATES?eventTimestamp=0"))
                        .timeout(Duration.ofSeconds(300))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, answer.statusCode());
        assertEquals(
                "application/json", answer.headers().firstValue("Content-Type").orElse(null));
        List<String> keys = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long previousLinkId = 0;
        long taggedLinks = 0;
        try (InputStream in = answer.body();
                JsonParser parser = JSON.getFactory().createParser(in)) {
            assertEquals(JsonToken.START_OBJECT, parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                keys.add(key);
                assertEquals(JsonToken.START_ARRAY, parser.nextToken(), key);
                long count = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    if (key.equals("links")) {
                        JsonNode link = JSON.readTree(parser);
                        long id = link.get("id").asLong();
                        assertTrue(id > previousLinkId, "links in id order");
                        previousLinkId = id;
                        assertTrue(link.get("linkTags").isArray());
                        assertTrue(link.has("idOfLinkedFolder") && link.has("userAgent"));
                        taggedLinks += link.get("linkTags").size() > 0 ? 1 : 0;
                    } else {
                        parser.skipChildren();
                    }
                    count++;
                }
                counts.add(count);
            }
        }
        assertEquals(List.of("links", "folders", "panels", "panelFolders", "tags", "linkTags"), keys);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], counts.get(i), keys.get(i));
        }
        assertTrue(taggedLinks >= 300);
        assertNoOutOfMemory();
    }

    @Test
    @Order(5)
    @DisplayName(
            "GET_ROOT_FOLDERS, GET_CHILD_FOLDERS and SEARCH_FOR_FOLDERS answers larger than the heap (200 MB each) stream out whole")
    void folderListsOfABigAccount() throws Exception {
        long parent;
        long roots;
        try (Connection db = DriverManager.getConnection(
                        EmbeddedPostgresServer.jdbcUrl("linkora_heap_it"),
                        EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD);
                Statement sql = db.createStatement()) {
            // 200 root folders and 200 children of one more, each with a 1 MiB note
            sql.execute(
                    "INSERT INTO linkora.folders (last_modified, folder_name, note, parent_folder_id, is_folder_archived)"
                            + " SELECT 100, 'Heap root ' || g, repeat('r', 1048576), NULL, false FROM generate_series(1, 200) g");
            try (ResultSet created = sql.executeQuery(
                    "INSERT INTO linkora.folders (last_modified, folder_name, note, parent_folder_id, is_folder_archived)"
                            + " VALUES (100, 'heap parent', '', NULL, false) RETURNING id")) {
                created.next();
                parent = created.getLong(1);
            }
            sql.execute(
                    "INSERT INTO linkora.folders (last_modified, folder_name, note, parent_folder_id, is_folder_archived)"
                            + " SELECT 100, 'heap child ' || g, repeat('c', 1048576), " + parent
                            + ", false FROM generate_series(1, 200) g");
            try (ResultSet count = sql.executeQuery(
                    "SELECT count(*) FROM linkora.folders WHERE parent_folder_id IS NULL AND NOT is_folder_archived")) {
                count.next();
                roots = count.getLong(1);
            }
        }
        assertFolders(
                "GET_ROOT_FOLDERS",
                folderList(HttpRequest.newBuilder(URI.create(base + "GET_ROOT_FOLDERS"))
                        .GET()),
                roots);
        assertFolders(
                "GET_CHILD_FOLDERS",
                folderList(HttpRequest.newBuilder(URI.create(base + "GET_CHILD_FOLDERS"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":" + parent + "," + correlation() + "}"))),
                200);
        // the roots, the parent and the children: case-insensitive
        assertFolders(
                "SEARCH_FOR_FOLDERS",
                folderList(HttpRequest.newBuilder(URI.create(base + "SEARCH_FOR_FOLDERS"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("HEAP "))),
                401);
        assertNoOutOfMemory();
        assertEquals(
                200, post("SEARCH_FOR_FOLDERS", "text/plain", "no such folder").statusCode());
    }

    /** A folder list answer, read as a stream: its folders' ids in order, each with every key of spec 5.4. */
    static List<Long> folderList(HttpRequest.Builder request) throws Exception {
        HttpResponse<InputStream> answer = client.send(
                request.timeout(Duration.ofSeconds(300))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, answer.statusCode());
        assertEquals(
                "application/json", answer.headers().firstValue("Content-Type").orElse(null));
        List<Long> ids = new ArrayList<>();
        try (InputStream in = answer.body();
                JsonParser parser = JSON.getFactory().createParser(in)) {
            assertEquals(JsonToken.START_ARRAY, parser.nextToken());
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode folder = JSON.readTree(parser);
                for (String key : List.of("id", "name", "note", "parentFolderId", "isArchived", "eventTimestamp")) {
                    assertTrue(folder.has(key), key + " in " + folder.get("name"));
                }
                ids.add(folder.get("id").asLong());
            }
        }
        return ids;
    }

    static void assertFolders(String route, List<Long> ids, long expected) {
        assertEquals(expected, ids.size(), route);
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), route + ": folders in id order");
        }
    }

    static void assertNoOutOfMemory() throws IOException {
        assertTrue(service.isAlive(), "the service died; see " + log);
        assertFalse(Files.readString(log).contains("OutOfMemoryError"), "OutOfMemoryError in " + log);
    }

    static JsonNode updates(long since) throws Exception {
        HttpResponse<InputStream> answer = client.send(
                HttpRequest.newBuilder(URI.create(base + "GET_UPDATES?eventTimestamp=" + since))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, answer.statusCode());
        try (InputStream in = answer.body()) {
            return JSON.readTree(in);
        }
    }
}
