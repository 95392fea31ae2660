package io.quintet.objectstore.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quintet.objectstore.admin.Admin;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireFormat;
import io.quintet.protocol.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's malformed-input sweep for objectstore: every admin, GraphQL and sync route and every
 * OSP/1 message path gets hostile input and must answer with its own error (admin: {@code
 * {"error","message"}} with a 4xx; OSP: ERROR / close codes of 12.10), never a 5xx, a stack trace or
 * a hang; the service answers normally afterwards.
 */
@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/")
    URI base;

    private static final String ROOT = "/objectstore";

    /** Routes that take a body, with a body that is valid for them. */
    private static final List<String[]> BODY_ROUTES = List.of(
            new String[] {"POST", "/api/v2/sessions"},
            new String[] {"PUT", "/api/v1/log-level"},
            new String[] {"POST", "/api/v1/schema/versions"},
            new String[] {"PATCH", "/api/v1/schema/versions/1"},
            new String[] {"POST", "/api/v1/schema/current"},
            new String[] {"POST", "/api/v1/users"},
            new String[] {"PUT", "/api/v1/users/root/password"},
            new String[] {"POST", "/api/graphql"});

    private static final List<String> BROKEN_BODIES = List.of(
            "{",
            "[]",
            "null",
            "\"text\"",
            "42",
            "{\"versionId\":\"x\",\"level\":{},\"clientsAllowed\":\"maybe\",\"query\":7,\"password\":[]}",
            "{\"username\":\"\\ud800\",\"password\":\"\\udfff\",\"name\":\"a\\u0000b\",\"query\":\"{ \\ud800 }\"}",
            "[".repeat(100_000),
            "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000));

    private static void notServerError(String what, RawHttp.Reply r) {
        // GraphQL answers a request it could not run with 200 and its own "errors" list (GraphQL over HTTP)
        boolean graphQlErrors =
                r.status() == 200 && what.contains("/api/graphql") && r.text().contains("\"errors\"");
        assertTrue(
                graphQlErrors || (r.status() >= 400 && r.status() < 500), what + " → " + r.status() + " " + r.text());
        String body = r.text();
        assertFalse(
                body.contains("\"stack\"") || body.contains("Exception") || body.contains("\tat "),
                what + " → " + body);
    }

    @Test
    @DisplayName(
            "Malformed-input sweep, HTTP: wrong credentials, wrong methods, broken/deep/lone-surrogate bodies, wrong content type, oversize, NUL, long path, big header → the admin API's own 4xx, never 5xx")
    void httpSweep() {
        String token = Admin.root();
        List<String> auth = List.of("Authorization: Bearer " + token, "Content-Type: application/json");
        // wrong or broken credentials
        for (String header : List.of(
                "Authorization: Bearer nope",
                "Authorization: Basic cm9vdDpyb290",
                "Authorization: Bearer ",
                "Cookie: objectstore-admin=%00%ff"))
            notServerError(header, RawHttp.send("GET", ROOT + "/api/v1/status", List.of(header), null));
        // wrong methods
        for (String[] r : List.of(
                new String[] {"DELETE", "/api/v1/status"},
                new String[] {"PATCH", "/api/v1/types"},
                new String[] {"PUT", "/api/graphql"},
                new String[] {"DELETE", "/api/sync/prometheus"},
                new String[] {"PUT", "/api/v2/sessions"},
                new String[] {"POST", "/api/v1/cluster"},
                new String[] {"TRACE", "/api/v1/status"}))
            notServerError(r[0] + " " + r[1], RawHttp.send(r[0], ROOT + r[1], auth, null));
        // broken bodies, with and without a session
        for (String[] route : BODY_ROUTES) {
            for (String body : BROKEN_BODIES) {
                String what = route[0] + " " + route[1] + " " + body.substring(0, Math.min(40, body.length()));
                notServerError(
                        what, RawHttp.send(route[0], ROOT + route[1], auth, body.getBytes(StandardCharsets.UTF_8)));
                notServerError(
                        "no session: " + what,
                        RawHttp.send(
                                route[0],
                                ROOT + route[1],
                                List.of("Content-Type: application/json"),
                                body.getBytes(StandardCharsets.UTF_8)));
            }
            notServerError(
                    "wrong content type: " + route[1],
                    RawHttp.send(
                            route[0],
                            ROOT + route[1],
                            List.of("Authorization: Bearer " + token, "Content-Type: text/plain"),
                            "x".getBytes(StandardCharsets.UTF_8)));
        }
        // oversize: refused on the declared length, before the body is read
        for (String[] route : BODY_ROUTES) {
            int status = RawHttp.statusBeforeBody(
                    route[0],
                    ROOT + route[1],
                    List.of(
                            "Authorization: Bearer " + token,
                            "Content-Type: application/json",
                            "Content-Length: 209715200"),
                    "{\"a\":\"".getBytes(StandardCharsets.UTF_8));
            assertEquals(413, status, route[1]);
        }
        // NUL, odd escapes, a long path, a big header
        for (String path : List.of(
                "/api/v1/types/a%00b/objects",
                "/api/v1/types/Note/objects?offset=%00&limit=-5&filter=%00",
                "/api/v1/sync/history/%00",
                "/api/v1/sync/history/99999999999999999999999",
                "/api/v1/users/%ff%fe/password",
                "/api/v1/schema/versions/-1/model",
                "/admin/%00",
                "/api/v1/" + "a".repeat(20_000)))
            notServerError(
                    path.substring(0, Math.min(60, path.length())), RawHttp.send("GET", ROOT + path, auth, null));
        notServerError(
                "big header",
                RawHttp.send(
                        "GET",
                        ROOT + "/api/v1/status",
                        List.of("Authorization: Bearer " + token, "X-Big: " + "b".repeat(64 * 1024)),
                        null));
        // and the service answers normally
        assertEquals(
                200, RawHttp.send("GET", ROOT + "/api/v1/status", auth, null).status());
    }

    @Test
    @DisplayName(
            "Malformed-input sweep, OSP/1 WebSocket: broken/deep JSON, broken CBOR, wrong frame kind, lone surrogates, unknown and mistyped messages, fragments, oversize → ERROR or the 12.10 close code, never a crash or hang")
    void webSocketSweep() throws Exception {
        // broken and deeply nested JSON before and after login: fatal PROTOCOL error, close 4002
        for (boolean loggedIn : new boolean[] {false, true}) {
            for (String frame : List.of(
                    "{", "[".repeat(200_000), "{\"t\":[" + "[".repeat(100_000) + "]}", "\"LOGIN\"", "{\"t\":null}")) {
                try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
                    if (loggedIn) c.loginOk("MANUAL");
                    c.sendRawText(frame);
                    ObjectNode error = c.expect("ERROR");
                    assertEquals(
                            "PROTOCOL", error.path("code").asText(), frame.substring(0, Math.min(30, frame.length())));
                    assertEquals(4002, c.closeCode());
                }
            }
        }
        // broken CBOR, and the wrong frame kind for the subprotocol
        for (byte[] cbor :
                List.of(new byte[] {(byte) 0xbf}, new byte[] {(byte) 0x9f, (byte) 0x9f, (byte) 0x9f}, new byte[] {
                    (byte) 0xa1, 0x61, 0x74, (byte) 0xf7
                })) {
            try (RawClient c = RawClient.connect(base, WireFormat.CBOR)) {
                c.sendRawBinary(cbor);
                assertEquals("PROTOCOL", c.expect("ERROR").path("code").asText());
                assertEquals(4002, c.closeCode());
            }
        }
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.sendRawBinary(new byte[] {1, 2, 3});
            assertTrue(c.closeCode() >= 1002, "a binary frame on the JSON subprotocol closes the connection");
        }
        // unknown and mistyped messages after login: non-fatal errors, the session goes on
        try (RawClient c = RawClient.connect(base, WireFormat.JSON)) {
            c.loginOk("MANUAL");
            for (String frame : List.of(
                    "{\"t\":\"NO_SUCH_MESSAGE\"}",
                    "{\"t\":\"RX_ACK\",\"hseq\":{}}",
                    "{\"t\":\"PING\",\"ts\":[1]}",
                    "{\"t\":\"FILTER_VARS\",\"vars\":7}",
                    "{\"t\":\"UPDATES_REQUEST\",\"subscribe\":\"yes\"}",
                    "{\"t\":\"FULL_SYNC_ACK\",\"n\":-1}",
                    "{\"t\":\"MSG_OBJECTS\",\"objects\":\"x\"}")) {
                c.sendRawText(frame);
            }
            // a lone surrogate in a value: the TX is answered (applied or rejected), not dropped
            c.sendRawText("{\"t\":\"APPLY_TX\",\"cseq\":\"1\",\"ops\":[{\"op\":\"PUT\",\"type\":\"" + RawClient.NOTE
                    + "\",\"gid\":\"" + c.gid(1) + "\",\"p\":{\"title\":\"\\ud800\"}}]}");
            c.expect("ACK_TX");
            c.cseq(2);
            c.send(props("PING"));
            c.expect("PONG");
        }
        // a message in fragments is one message
        try (Fragments f = new Fragments(RawClient.wsUri(base))) {
            String login = RawClient.login(RawClient.newClientId(), "MANUAL").toString();
            f.socket.sendText(login.substring(0, 10), false).join();
            f.socket.sendText(login.substring(10, 30), false).join();
            f.socket.sendText(login.substring(30), true).join();
            assertTrue(f.awaitText("LOGIN_OK"), f.received.toString());
        }
        // an unknown subprotocol is refused at the handshake, without a hang
        CompletableFuture<WebSocket> wrong = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("osp.v9.xml")
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(RawClient.wsUri(base), new WebSocket.Listener() {});
        try {
            WebSocket ws = wrong.get(60, TimeUnit.SECONDS);
            assertTrue(!"osp.v9.xml".equals(ws.getSubprotocol()));
            ws.abort();
        } catch (java.util.concurrent.ExecutionException refused) {
            // refused at the handshake: fine
        }
        // the server is unaffected
        try (RawClient c = RawClient.connect(base, WireFormat.CBOR)) {
            c.loginOk("MANUAL");
            assertEquals(
                    "APPLIED",
                    c.apply(RawClient.put(
                                    RawClient.NOTE, c.gid(1), RawClient.props().put("title", "after the sweep")))
                            .path("status")
                            .asText());
        }
    }

    private static ObjectNode props(String type) {
        return RawClient.props().put("t", type).put("ts", "1");
    }

    /** A bare JDK WebSocket that sends fragments and records whole text messages. */
    static final class Fragments implements WebSocket.Listener, AutoCloseable {
        final List<String> received = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        final WebSocket socket;

        Fragments(URI ws) {
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols("osp.v1.json")
                    .buildAsync(ws, this)
                    .join();
        }

        @Override
        public synchronized CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
                notifyAll();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1);
            return null;
        }

        synchronized boolean awaitText(String type) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.stream().noneMatch(m -> m.contains("\"" + type + "\""))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
