package io.quintet.linkora;

import static io.quintet.linkora.LinkoraClient.correlation;
import static io.quintet.linkora.LinkoraClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.linkora.event.EventFanOut;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Spec 9 and checklist I (C96–C107): the {@code /events} WebSocket over real loopback sockets. The
 * test profile pings every second and drops a socket after 2 s without a pong (production: 15 s / 15 s).
 */
@QuarkusTest
class EventsTest {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metricsUrl;

    /** Every operation name the app understands (spec 9.6). */
    static final Set<String> APP_OPERATIONS = Set.of(
            "CREATE_FOLDER",
            "DELETE_FOLDER",
            "UPDATE_FOLDER",
            "MARK_FOLDER_AS_ARCHIVE",
            "MARK_AS_REGULAR_FOLDER",
            "CHANGE_PARENT_FOLDER",
            "UPDATE_FOLDER_NAME",
            "UPDATE_FOLDER_NOTE",
            "DELETE_FOLDER_NOTE",
            "MARK_FOLDERS_AS_ROOT",
            "ADD_A_NEW_PANEL",
            "ADD_A_NEW_FOLDER_IN_A_PANEL",
            "DELETE_A_PANEL",
            "UPDATE_A_PANEL_NAME",
            "DELETE_A_FOLDER_FROM_ALL_PANELS",
            "DELETE_A_FOLDER_FROM_A_PANEL",
            "UPDATE_LINK_TITLE",
            "UPDATE_LINK_NOTE",
            "CREATE_A_NEW_LINK",
            "DELETE_A_LINK",
            "UPDATE_LINKED_FOLDER_ID",
            "UPDATE_USER_AGENT",
            "GET_LINKS_FROM_A_FOLDER",
            "GET_LINKS",
            "ARCHIVE_LINK",
            "UNARCHIVE_LINK",
            "MARK_AS_IMP",
            "UNMARK_AS_IMP",
            "UPDATE_LINK",
            "DELETE_DUPLICATE_LINKS",
            "TEST_BEARER",
            "GET_UPDATES",
            "GET_TOMBSTONES",
            "DELETE_EVERYTHING",
            "ARCHIVE_MULTIPLE_ITEMS",
            "DELETE_MULTIPLE_ITEMS",
            "MOVE_EXISTING_ITEMS",
            "COPY_EXISTING_ITEMS",
            "UNARCHIVE_MULTIPLE_ITEMS",
            "CREATE_TAG",
            "DELETE_TAG",
            "RENAME_TAG",
            "FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS");

    static String createFolderBody(String name, String correlation) {
        return "{\"name\":\"" + name + "\",\"note\":\"n\",\"parentFolderId\":null,\"isArchived\":false,"
                + "\"eventTimestamp\":1,\"correlation\":" + correlation + "}";
    }

    /** Creates a uniquely named folder and returns its answered id. */
    static long createFolder(String name, String correlation) {
        Response response = post("CREATE_FOLDER", createFolderBody(name, correlation));
        assertEquals(200, response.statusCode());
        return response.jsonPath().getLong("id");
    }

    static boolean isFolderNamed(JsonNode frame, String name) {
        return "CREATE_FOLDER".equals(frame.path("operation").asText())
                && name.equals(frame.path("payload").path("name").asText());
    }

    @Test
    @DisplayName(
            "C96 upgrade with a valid token and an encoded correlation succeeds (101); the server sends nothing on connect")
    void upgrade() {
        try (EventSocket socket = EventSocket.connect(correlation("Brave Fox"))) {
            assertTrue(socket.isOpen());
            socket.assertSilentFor(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName(
            "C97 upgrade without a token, with a bad scheme or a wrong token: plain 401 with the reference's text, no upgrade")
    void unauthorized() throws IOException {
        String query = "?correlation=" + URLEncoder.encode(correlation("x"), StandardCharsets.UTF_8);
        assertRaw401(RawHandshake.exchange(query, null), "Missing Authorization header");
        assertRaw401(
                RawHandshake.exchange(query, "Basic x"),
                "Invalid Authorization header format. Expected 'Bearer <token>'.");
        assertRaw401(RawHandshake.exchange(query, "Bearer nope"), "Invalid token.");
    }

    private static void assertRaw401(String answer, String message) {
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: text/plain; charset=utf-8"), answer);
        assertFalse(answer.toLowerCase().contains("upgrade: websocket"), answer);
        assertTrue(answer.endsWith("\r\n\r\n" + message), answer);
    }

    @Test
    @DisplayName("/events with another method than GET: 405 with an empty body; GET without an upgrade: 400")
    void otherMethods() {
        Response post = LinkoraClient.app().post("/events");
        assertEquals(405, post.statusCode());
        assertEquals("", post.body().asString());
        assertEquals(
                400,
                LinkoraClient.app()
                        .get("/events?correlation=" + URLEncoder.encode(correlation("x"), StandardCharsets.UTF_8))
                        .statusCode());
    }

    @Test
    @DisplayName("C98 upgrade without correlation: 101, then close 1003 with the reference's reason")
    void missingCorrelation() {
        try (EventSocket socket =
                EventSocket.connect(HttpClient.newHttpClient(), EventSocket.testUri(null), LinkoraClient.TOKEN)) {
            assertEquals(
                    new EventSocket.Close(
                            1003,
                            "Expected `correlation` as an encoded JSON string via parameter, but it was not provided."),
                    socket.awaitClose());
        }
    }

    @Test
    @DisplayName(
            "C99 correlation that is not JSON, or JSON of another shape: 101, then close 1003 with the reference's reason")
    void invalidCorrelation() {
        for (String bad : List.of(
                "{not json",
                "[]",
                "{\"id\":\"a\"}",
                "{\"id\":1,\"clientName\":\"b\"}",
                "{\"id\":\"a\",\"clientName\":\"b\"}x")) {
            try (EventSocket socket =
                    EventSocket.connect(HttpClient.newHttpClient(), EventSocket.testUri(bad), LinkoraClient.TOKEN)) {
                assertEquals(
                        new EventSocket.Close(
                                1003, "The schema of the provided JSON does not match the expected format."),
                        socket.awaitClose(),
                        bad);
            }
        }
    }

    @Test
    @DisplayName("C100 correlation JSON with an extra key is accepted (decision D20) and receives events")
    void extraKey() {
        String name = "extra-" + UUID.randomUUID();
        try (EventSocket socket =
                EventSocket.connect("{\"id\":\"x1\",\"clientName\":\"Calm Owl\",\"platform\":\"web\"}")) {
            createFolder(name, correlation("other"));
            assertTrue(isFolderNamed(socket.awaitMatching(f -> isFolderNamed(f, name)), name));
            assertTrue(socket.isOpen());
        }
    }

    @Test
    @DisplayName(
            "C101 a mutation's event arrives as one text frame {operation, payload} at every socket, the originator's included")
    void everySocket() {
        String origin = correlation("Brave Fox");
        String name = "every-" + UUID.randomUUID();
        try (EventSocket originator = EventSocket.connect(origin);
                EventSocket other = EventSocket.connect(correlation("Calm Owl"))) {
            long id = createFolder(name, origin);
            for (EventSocket socket : List.of(originator, other)) {
                JsonNode frame = socket.awaitMatching(f -> isFolderNamed(f, name));
                List<String> keys = new ArrayList<>();
                frame.fieldNames().forEachRemaining(keys::add);
                assertEquals(Set.of("operation", "payload"), Set.copyOf(keys));
                assertEquals(2, keys.size());
                JsonNode payload = frame.get("payload");
                assertEquals(id, payload.get("id").asLong());
                assertEquals(
                        origin.replace(" ", ""),
                        payload.get("correlation").toString().replace(" ", ""));
                assertTrue(payload.has("eventTimestamp"));
            }
        }
    }

    @Test
    @DisplayName(
            "C102 failed requests produce no event; a successful one's event refers to the answered (committed) row")
    void onlySuccessfulMutations() {
        String origin = correlation("Brave Fox");
        try (EventSocket socket = EventSocket.connect(correlation("Calm Owl"))) {
            assertEquals(400, post("CREATE_FOLDER", "{\"name\":").statusCode());
            assertEquals(
                    400,
                    post(
                                    "CREATE_FOLDER",
                                    "{\"name\":\"x\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,"
                                            + "\"eventTimestamp\":1,\"correlation\":null}")
                            .statusCode());
            assertEquals(
                    415,
                    LinkoraClient.app()
                            .body(createFolderBody("no-type", origin))
                            .post("/CREATE_FOLDER")
                            .statusCode());
            assertEquals(
                    401,
                    RestAssured.given()
                            .contentType(ContentType.JSON)
                            .body(createFolderBody("no-token", origin))
                            .post("/CREATE_FOLDER")
                            .statusCode());
            String name = "after-" + UUID.randomUUID();
            long id = createFolder(name, origin);
            JsonNode first = socket.next();
            assertTrue(isFolderNamed(first, name), "the first frame is the successful request's: " + first);
            assertEquals(id, first.get("payload").get("id").asLong());
            socket.assertSilentFor(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName(
            "C103 the server pings (every 1 s in tests, 15 s in production); a client answering pongs stays connected")
    void pings() throws InterruptedException {
        try (EventSocket socket = EventSocket.connect(correlation("Brave Fox"))) {
            Thread.sleep(6_000); // three pong timeouts of the test profile
            assertTrue(socket.pings() >= 3, "pings received: " + socket.pings());
            assertTrue(socket.isOpen());
            String name = "alive-" + UUID.randomUUID();
            createFolder(name, correlation("other"));
            socket.awaitMatching(f -> isFolderNamed(f, name));
        }
    }

    @Test
    @DisplayName(
            "C104 a client that never answers pings is dropped after the pong timeout (2 s in tests, 15 s in production)")
    void silentClientDropped() throws IOException {
        String query = "?correlation=" + URLEncoder.encode(correlation("Mute Mole"), StandardCharsets.UTF_8);
        try (Socket raw = new Socket("localhost", RestAssured.port)) {
            raw.setSoTimeout(15_000);
            RawHandshake.send(raw, query, "Bearer " + LinkoraClient.TOKEN);
            String head = RawHandshake.readHead(raw.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            long start = System.nanoTime();
            int pings = 0;
            InputStream in = raw.getInputStream();
            while (true) {
                int opcode = RawHandshake.readFrameOpcode(in);
                if (opcode == 0x9) {
                    pings++;
                } else if (opcode == 0x8 || opcode == -1) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(pings >= 1, "pinged before the close");
            assertTrue(seconds >= 1.5 && seconds < 10, "dropped after " + seconds + " s");
        }
    }

    @Test
    @DisplayName(
            "C105 two sockets with the same correlation id both receive events; closing one does not silence the other (D13)")
    void sameCorrelation() {
        String shared = correlation("Twin Cat");
        EventSocket first = EventSocket.connect(shared);
        try (EventSocket second = EventSocket.connect(shared)) {
            String name = "twin-" + UUID.randomUUID();
            createFolder(name, correlation("other"));
            first.awaitMatching(f -> isFolderNamed(f, name));
            second.awaitMatching(f -> isFolderNamed(f, name));
            first.close();
            String later = "twin-later-" + UUID.randomUUID();
            createFolder(later, correlation("other"));
            second.awaitMatching(f -> isFolderNamed(f, later));
        }
    }

    @Test
    @DisplayName("C106 text frames sent by a client are ignored: no close, events keep arriving")
    void incomingFramesIgnored() {
        try (EventSocket socket = EventSocket.connect(correlation("Chatty Jay"))) {
            socket.send("hello");
            socket.send("{\"operation\":\"DELETE_EVERYTHING\",\"payload\":{}}");
            String name = "chatty-" + UUID.randomUUID();
            createFolder(name, correlation("other"));
            socket.awaitMatching(f -> isFolderNamed(f, name));
            assertTrue(socket.isOpen());
        }
    }

    @Test
    @DisplayName("C107 only operation names of spec 9.6 are ever sent (every route name, valid and broken bodies)")
    void onlyKnownOperations() {
        String c = correlation("Fuzzy Fox");
        List<String> routes = List.of(
                "CREATE_FOLDER",
                "UPDATE_FOLDER",
                "DELETE_FOLDER",
                "GET_CHILD_FOLDERS",
                "SEARCH_FOR_FOLDERS",
                "MARK_FOLDER_AS_ARCHIVE",
                "MARK_AS_REGULAR_FOLDER",
                "UPDATE_FOLDER_NAME",
                "UPDATE_FOLDER_NOTE",
                "DELETE_FOLDER_NOTE",
                "MARK_FOLDERS_AS_ROOT",
                "CREATE_A_NEW_LINK",
                "DELETE_A_LINK",
                "UPDATE_LINKED_FOLDER_ID",
                "UPDATE_LINK_TITLE",
                "UPDATE_LINK_NOTE",
                "UPDATE_USER_AGENT",
                "ARCHIVE_LINK",
                "UNARCHIVE_LINK",
                "MARK_AS_IMP",
                "UNMARK_AS_IMP",
                "UPDATE_LINK",
                "DELETE_DUPLICATE_LINKS",
                "ADD_A_NEW_PANEL",
                "ADD_A_NEW_FOLDER_IN_A_PANEL",
                "DELETE_A_PANEL",
                "UPDATE_A_PANEL_NAME",
                "DELETE_A_FOLDER_FROM_ALL_PANELS",
                "DELETE_A_FOLDER_FROM_A_PANEL",
                "DELETE_ALL_FOLDERS_FROM_A_PANEL",
                "CREATE_TAG",
                "RENAME_TAG",
                "DELETE_TAG",
                "ARCHIVE_MULTIPLE_ITEMS",
                "DELETE_MULTIPLE_ITEMS",
                "MOVE_EXISTING_ITEMS",
                "COPY_EXISTING_ITEMS",
                "UNARCHIVE_MULTIPLE_ITEMS");
        String ids =
                "\"id\":1,\"folderId\":1,\"linkId\":1,\"panelId\":1,\"folderID\":1,\"folderIds\":[],\"linkIds\":[],\"foldersIds\":[],";
        List<String> bodies = List.of(
                "{" + ids + "\"name\":\"fz\",\"note\":\"\",\"parentFolderId\":null,\"isArchived\":false,"
                        + "\"eventTimestamp\":1,\"correlation\":" + c + "}",
                "{\"correlation\":" + c + "}",
                "{",
                "[]");
        try (EventSocket socket = EventSocket.connect(correlation("Watcher"))) {
            for (String route : routes) {
                for (String body : bodies) {
                    post(route, body);
                }
            }
            for (String route : List.of(
                    "FORCE_SET_DEFAULT_FOLDER_TO_INTERNAL_IDS",
                    "GET_UPDATES?eventTimestamp=0",
                    "GET_TOMBSTONES?eventTimestamp=0")) {
                LinkoraClient.get(route);
            }
            String marker = "fuzz-end-" + UUID.randomUUID();
            createFolder(marker, c);
            List<JsonNode> seen = new ArrayList<>();
            JsonNode frame;
            do {
                frame = socket.next();
                seen.add(frame);
            } while (!isFolderNamed(frame, marker));
            for (JsonNode each : seen) {
                assertTrue(APP_OPERATIONS.contains(each.path("operation").asText()), "unknown operation in " + each);
                assertTrue(each.path("payload").isObject(), "payload is an object in " + each);
            }
        }
    }

    @Test
    @DisplayName("socket gauge and sent-events counter are exported (Micrometer)")
    void metrics() {
        try (EventSocket socket = EventSocket.connect(correlation("Metric Moth"))) {
            String name = "metric-" + UUID.randomUUID();
            createFolder(name, correlation("other"));
            socket.awaitMatching(f -> isFolderNamed(f, name));
            String metrics = RestAssured.given().get(metricsUrl).asString();
            assertTrue(metrics.contains("linkora_events_sockets"), "gauge exported");
            assertTrue(metrics.contains("linkora_events_sent_total"), "counter exported");
        }
    }

    @Inject
    EventFanOut fanOut;

    @Inject
    Pool pool;

    @Test
    @DisplayName("event entries older than linkora.events.retention are discarded from the shared log; newer ones stay")
    void retention() {
        createFolder("kept-" + UUID.randomUUID(), correlation("other"));
        String count = "SELECT count(*) FROM linkora.oplog WHERE stream = 'events'";
        long before = pool.query(count)
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
        assertTrue(before > 0);
        // age every entry but the newest past the retention (1 h)
        pool.query("UPDATE linkora.oplog SET recorded_at = recorded_at - interval '2 hours' WHERE stream = 'events' "
                        + "AND seq < (SELECT max(seq) FROM linkora.oplog WHERE stream = 'events')")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10));
        int discarded = fanOut.discardExpired().await().atMost(Duration.ofSeconds(10));
        assertEquals(before - 1, discarded);
        assertEquals(
                1,
                pool.query(count)
                        .execute()
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .iterator()
                        .next()
                        .getLong(0));
    }

    /** A hand-written upgrade request, to see the plain HTTP answer and to be a client that never pongs. */
    static final class RawHandshake {

        static void send(Socket socket, String query, String authorization) throws IOException {
            String key = Base64.getEncoder()
                    .encodeToString(
                            UUID.randomUUID().toString().substring(0, 16).getBytes(StandardCharsets.US_ASCII));
            StringBuilder request = new StringBuilder()
                    .append("GET ")
                    .append(EventSocket.basePath())
                    .append("/events")
                    .append(query)
                    .append(" HTTP/1.1\r\n")
                    .append("Host: localhost:")
                    .append(RestAssured.port)
                    .append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                    .append("Sec-WebSocket-Key: ")
                    .append(key)
                    .append("\r\n");
            if (authorization != null) {
                request.append("Authorization: ").append(authorization).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The whole answer of a refused handshake: status line, headers and body. */
        static String exchange(String query, String authorization) throws IOException {
            try (Socket socket = new Socket("localhost", RestAssured.port)) {
                socket.setSoTimeout(10_000);
                send(socket, query, authorization);
                InputStream in = socket.getInputStream();
                String head = readHead(in);
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                return head + new String(body, StandardCharsets.UTF_8);
            }
        }

        static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1
                        : 0;
            }
            return head.toString(StandardCharsets.UTF_8);
        }

        /** Reads one server frame and returns its opcode, -1 at the end of the stream. */
        static int readFrameOpcode(InputStream in) throws IOException {
            try {
                int first = in.read();
                if (first < 0) {
                    return -1;
                }
                int second = in.read();
                long length = second & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                in.readNBytes((int) length);
                return first & 0x0f;
            } catch (SocketTimeoutException e) {
                fail("no frame within the socket timeout");
                return -1;
            }
        }
    }
}
