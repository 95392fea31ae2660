package io.quintet.kora.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: every HTTP route of kora answered with hostile input — no or wrong admin token, wrong
 * methods, broken and oversized bodies, NUL, lone surrogates, 100 000-deep nesting, a 6 000-character
 * path, a 30 KB header — gets kora's own answer: never a 5xx, never a hang, never a class name or
 * database text; the admin API's refusals carry its error body ({@code error}, {@code message}).
 */
@QuarkusTest
class HostileInputSweepTest {

    private static final String ADMIN = "Bearer test-admin-token";
    private static final List<String> LEAKS =
            List.of("com.fasterxml", "java.", "io.vertx", "io.quarkus", "Exception", "ERROR:", "SQLSTATE", "at io.");

    /** method, path, whether the admin token is required */
    private record Route(String method, String path, boolean admin) {}

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/kora/", false),
            new Route("GET", "/kora/", false),
            new Route("GET", "/kora/status", false),
            new Route("PUT", "/kora/admin/schema", true),
            new Route("GET", "/kora/admin/schema", true),
            new Route("GET", "/kora/admin/collections/todos/records/r1", true),
            new Route("GET", "/kora/admin/collections/todos/records", true),
            new Route("POST", "/kora/admin/collections/todos/query", true),
            new Route("GET", "/kora/admin/collections/todos/count", true),
            new Route("POST", "/kora/admin/blobs/gc", true));

    @TestHTTPResource("/")
    URL base;

    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    @Test
    @DisplayName("admin routes without a token or with a wrong one: 401 in the admin API's own shape")
    void adminRoutesRefuseMissingAndWrongTokens() throws IOException {
        for (Route route : ROUTES) {
            if (!route.admin()) continue;
            for (String authorization : new String[] {null, "Bearer wrong", "Basic YWRtaW46YWRtaW4=", "Bearer "}) {
                Answer answer = exchange(route.method(), route.path(), authorization, "{}".getBytes());
                String what = route + " with " + authorization;
                assertEquals(401, answer.status(), what + ": " + answer.body());
                ownShape(answer, what);
            }
        }
    }

    @Test
    @DisplayName("wrong methods on every route: a 4xx, never a 5xx or a leak")
    void wrongMethodsAreRefused() throws IOException {
        for (Route route : ROUTES) {
            for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "BREW"}) {
                if (method.equals(route.method())) continue;
                Answer answer = exchange(method, route.path(), ADMIN, "{}".getBytes());
                String what = method + " " + route.path();
                assertTrue(answer.status() < 500, what + ": " + answer.status() + " " + answer.body());
                noLeak(answer, what);
            }
        }
    }

    @Test
    @DisplayName("broken, deep, oversized, NUL and lone-surrogate bodies: kora's own 4xx (admin: its error body)")
    void brokenBodiesGetOwnAnswers() throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (String text : new String[] {
            "",
            "{",
            "[]",
            "null",
            "\"x\"",
            "{\"version\":1e999999}",
            "{\"version\":\"\\ud800\"}",
            "{\"type\":\"handshake\",\"nodeId\":\"a\u0000b\"}",
            "{\"a\":1} trailing",
            "[".repeat(100_000) + "]".repeat(100_000),
            "{\"a\":".repeat(100_000),
            "{\"s\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"
        }) {
            bodies.add(text.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.add(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bodies.add(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F});
        for (Route route : ROUTES) {
            if (route.method().equals("GET")) continue;
            for (byte[] body : bodies) {
                Answer answer = exchange(route.method(), route.path(), ADMIN, body);
                String what = route + " with a " + body.length + "-byte body starting "
                        + new String(body, 0, Math.min(body.length, 20), StandardCharsets.ISO_8859_1);
                assertTrue(answer.status() < 500, what + ": " + answer.status() + " " + answer.body());
                noLeak(answer, what);
                if (route.admin() && answer.status() >= 400) ownShape(answer, what);
            }
        }
    }

    @Test
    @DisplayName("a body over the HTTP limit is refused with 413 before it is read whole")
    void oversizedBodyIs413() throws IOException {
        byte[] body = new byte[11 * 1024 * 1024];
        for (Route route : ROUTES) {
            if (route.method().equals("GET")) continue;
            Answer answer = exchange(route.method(), route.path(), ADMIN, body);
            assertEquals(413, answer.status(), route.toString());
        }
    }

    @Test
    @DisplayName("NUL in path and query, a 6 000-character path, a 30 KB header: a 4xx, never a 5xx or a hang")
    void hostileRequestLinesAndHeaders() throws IOException {
        List<String> requests = List.of(
                "GET /kora/admin/collections/to%00dos/count HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN
                        + "\r\n\r\n",
                "GET /kora/admin/collections/todos/records?limit=1%00 HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN
                        + "\r\n\r\n",
                "GET /kora/admin/collections/todos/records?limit=-1&after=%ff%fe HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: " + ADMIN + "\r\n\r\n",
                "GET /kora/status\u0000 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /kora/" + "a".repeat(6_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /kora/admin/collections/" + "b".repeat(6_000) + "/count HTTP/1.1\r\nHost: x\r\nAuthorization: "
                        + ADMIN + "\r\n\r\n",
                "GET /kora/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "c".repeat(30_000) + "\r\n\r\n",
                "GET /kora/ HTTP/1.1\r\nHost: x\r\nX-Kora-Client-Id: " + "d".repeat(30_000) + "\r\n\r\n",
                "GET /kora/ HTTP/1.1\r\nHost: x\r\nX-Kora-Client-Id: a\u0000b\r\n\r\n",
                "POST /kora/ HTTP/1.1\r\nHost: x\r\nX-Kora-Client-Id: sweep\r\nContent-Length: 5\r\n"
                        + "Content-Type: application/json\r\n\r\n{\"a\":");
        for (String request : requests) {
            Answer answer = raw(request.getBytes(StandardCharsets.ISO_8859_1));
            String what = request.substring(0, Math.min(80, request.length()));
            assertTrue(answer.status() >= 200 && answer.status() < 500, what + ": " + answer.status());
            noLeak(answer, what);
        }
    }

    @Test
    @DisplayName(
            "no Host, broken escapes, GET *, paths outside /kora, unknown paths, wrong methods: kora's error body, not Quarkus' or Vert.x'")
    void whatNoRouteAnswersHasKorasShape() throws IOException {
        record Case(String request, int status) {}
        List<Case> cases = List.of(
                new Case("GET /kora/status HTTP/1.1\r\n\r\n", 400),
                new Case("GET /kora/a%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                new Case("GET /kora/status?x=%2 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                new Case("GET * HTTP/1.1\r\nHost: x\r\n\r\n", 404),
                new Case("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 404),
                new Case("GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n", 404),
                new Case("GET /korax HTTP/1.1\r\nHost: x\r\n\r\n", 404),
                new Case("GET /kora/no/such/path HTTP/1.1\r\nHost: x\r\n\r\n", 404),
                new Case("DELETE /kora/status HTTP/1.1\r\nHost: x\r\n\r\n", 405));
        for (Case c : cases) {
            Answer answer = raw(c.request().getBytes(StandardCharsets.ISO_8859_1));
            String what = c.request().split("\r\n")[0];
            assertEquals(c.status(), answer.status(), what + ": " + answer.body());
            ownShape(answer, what);
        }
    }

    private static void ownShape(Answer answer, String what) {
        String type = answer.header("content-type");
        assertNotNull(type, what);
        assertTrue(type.toLowerCase(Locale.ROOT).startsWith("application/json"), what + ": " + type);
        assertTrue(answer.body().contains("\"error\""), what + ": " + answer.body());
        assertTrue(answer.body().contains("\"message\""), what + ": " + answer.body());
        noLeak(answer, what);
    }

    private static void noLeak(Answer answer, String what) {
        for (String leak : LEAKS) {
            assertFalse(answer.body().contains(leak), what + " leaks " + leak + ": " + answer.body());
        }
    }

    private Answer exchange(String method, String path, String authorization, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        head.append("Connection: close\r\nContent-Type: application/json\r\nX-Kora-Client-Id: sweep-client\r\n");
        if (authorization != null)
            head.append("Authorization: ").append(authorization).append("\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        return raw(request.toByteArray());
    }

    /** Sends the bytes on a fresh connection and reads the answer until the connection ends or its body is in. */
    private Answer raw(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer and close before it has read everything (413, 431): read that answer
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int headEnd = -1;
            long wanted = -1;
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketException reset) {
                    break;
                }
                if (n < 0) break;
                all.write(buffer, 0, n);
                String text = all.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    Answer partial = new Answer(0, text.substring(0, headEnd), "");
                    String length = partial.header("content-length");
                    wanted = length == null ? -1 : headEnd + 4 + Long.parseLong(length);
                }
                if (wanted >= 0 && all.size() >= wanted) break;
            }
            String text = all.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1."), "no answer at all: " + text);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            return new Answer(Integer.parseInt(head.split(" ")[1]), head, body);
        }
    }
}
