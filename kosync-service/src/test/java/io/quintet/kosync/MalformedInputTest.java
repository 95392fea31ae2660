package io.quintet.kosync;

import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every route with broken JSON, wrong types, huge bodies, missing or doubled headers, odd methods
 * and odd paths: always a JSON answer with one of the protocol's statuses, never a 500.
 */
@QuarkusTest
class MalformedInputTest {

    private static final Set<Integer> ALLOWED = Set.of(200, 201, 204, 400, 401, 402, 403, 404, 405, 409, 412, 413, 422);

    @Test
    @DisplayName("malformed-input sweep over every route: the protocol's error, never 500")
    void sweep() {
        String key = md5("malformed");
        String user = registered("sweep", key);
        String[][] routes = {
            {"GET", "/healthcheck"},
            {"POST", "/users/create"},
            {"GET", "/users/auth"},
            {"PUT", "/users/password"},
            {"DELETE", "/users/me"},
            {"PUT", "/syncs/progress"},
            {"GET", "/syncs/progress/doc"},
            {"GET", "/admin/users"},
            {"POST", "/admin/users"},
            {"PUT", "/admin/users/x/key"},
            {"POST", "/admin/import"},
            {"PATCH", "/syncs/progress"},
            {"POST", "/syncs/progress"},
            {"GET", "/syncs/progress/%00"},
            {"GET", "/syncs/progress/" + "x".repeat(3000)},
            {"HEAD", "/users/auth"},
            {"OPTIONS", "/users/auth"}
        };
        List<String> bodies = List.of(
                "",
                "{",
                "}",
                "[",
                "nul",
                "{\"document\":",
                "{\"a\":1}{",
                "\u0000\u0001",
                "{\"document\":{\"x\":1},\"percentage\":[1],\"progress\":{},\"device\":[]}",
                "{\"username\":{},\"password\":[]}",
                "{\"password\":1e99999}",
                "{\"percentage\":-1e-400}",
                "[".repeat(5000) + "]".repeat(5000),
                "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
                "{\"document\":\"d\",\"percentage\":\"0x10\",\"progress\":\"1\",\"device\":\"d\"}",
                "\"just a string\"",
                "12345678901234567890123456789",
                "{\"document\":\"\\ud800\"}");
        List<List<String>> headerSets = new ArrayList<>();
        headerSets.add(List.of());
        headerSets.add(KosyncClient.credentials(user, key));
        headerSets.add(List.of("x-auth-user: " + user, "x-auth-user: other", "x-auth-key: " + key));
        headerSets.add(List.of(
                "x-auth-user: " + user, "x-auth-key: " + key, "Content-Type: application/x-www-form-urlencoded"));
        headerSets.add(
                List.of("x-auth-user: " + user, "x-auth-key: " + key, "Content-Type: multipart/form-data; boundary=x"));
        headerSets.add(List.of(Admin.AUTH, "Content-Type: text/plain"));
        int requests = 0;
        for (String[] route : routes) {
            for (List<String> headers : headerSets) {
                for (String body : bodies) {
                    RawHttp.Reply reply = RawHttp.send(
                            route[0],
                            KosyncClient.PREFIX + route[1],
                            headers,
                            route[0].equals("GET") || route[0].equals("HEAD")
                                    ? null
                                    : body.getBytes(StandardCharsets.UTF_8));
                    requests++;
                    String what = route[0] + " " + route[1] + " " + headers + " "
                            + body.substring(0, Math.min(40, body.length()));
                    assertTrue(ALLOWED.contains(reply.status()), () -> what + " -> " + reply);
                    if (reply.status() == 204) {
                        assertEquals("OPTIONS", route[0], what);
                        assertEquals(0, reply.body().length, what);
                    } else if (!route[0].equals("HEAD")) {
                        assertEquals("application/json", reply.header("Content-Type"), what);
                        Json.assertJsonObject(reply);
                        assertTrue(
                                !reply.text().contains("Exception")
                                        && !reply.text().contains("\tat "),
                                what);
                    }
                }
            }
        }
        assertTrue(requests > 1000);
        // an undecodable escape is refused by the HTTP layer itself (like nginx does), before any route
        assertEquals(
                400,
                RawHttp.send(
                                "GET",
                                KosyncClient.PREFIX + "/syncs/progress/%ZZ",
                                KosyncClient.credentials(user, key),
                                null)
                        .status());
        // a NUL in an admin path or query is the admin API's own 400, not a storage error (issue 17)
        for (String target :
                List.of("/admin/users/a%00b/history", "/admin/users?after=a%00b", "/admin/users/a%00b/key")) {
            RawHttp.Reply nul = RawHttp.send(
                    target.endsWith("key") ? "PUT" : "GET",
                    KosyncClient.PREFIX + target,
                    List.of(Admin.AUTH),
                    target.endsWith("key") ? "{}".getBytes(StandardCharsets.UTF_8) : null);
            assertEquals(400, nul.status(), target + " -> " + nul);
            assertEquals("application/json", nul.header("Content-Type"));
            Json.assertJsonObject(nul);
        }
        // (the sweep's DELETE /users/me removed the account; a new one works)
        String after = registered("after", key);
        assertEquals(200, KosyncClient.auth(after, key).status(), "still serving");
    }

    @Test
    @DisplayName(
            "huge bodies (a megabyte, declared or chunked) on every body route answer 413 and the service keeps serving")
    void hugeBodies() throws Exception {
        String key = md5("huge");
        String user = registered("huge", key);
        byte[] mega = ("{\"document\":\"" + "d".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String[] route :
                new String[][] {{"POST", "/users/create"}, {"PUT", "/syncs/progress"}, {"PUT", "/users/password"}}) {
            RawHttp.Reply reply =
                    RawHttp.send(route[0], KosyncClient.PREFIX + route[1], KosyncClient.credentials(user, key), mega);
            assertEquals(413, reply.status(), route[1]);
            assertEquals(
                    413,
                    Chunked.send(route[0], KosyncClient.PREFIX + route[1], KosyncClient.credentials(user, key), mega)
                            .status(),
                    route[1]);
        }
        assertEquals(200, KosyncClient.auth(user, key).status());
    }

    @Test
    @DisplayName(
            "every route without Host or with a broken Host, and targets outside /kosync, answer in kosync's envelope")
    void requestHeadSweep() {
        String[][] routes = {
            {"GET", "/healthcheck"},
            {"POST", "/users/create"},
            {"GET", "/users/auth"},
            {"PUT", "/users/password"},
            {"DELETE", "/users/me"},
            {"PUT", "/syncs/progress"},
            {"GET", "/syncs/progress/doc"},
            {"GET", "/admin/users"},
            {"POST", "/admin/import"}
        };
        int requests = 0;
        for (String[] route : routes) {
            String body = "{\"username\":\"a\",\"password\":\"b\"}";
            for (String host : List.of("", "Host: a b\r\n", "Host: x\r\nHost: \u00e9 \r\n")) {
                RawHttp.Reply reply = RawHttp.raw(
                                route[0] + " " + KosyncClient.PREFIX + route[1] + " HTTP/1.1\r\n" + host
                                        + "Content-Type: application/json\r\nContent-Length: " + body.length()
                                        + "\r\nConnection: close\r\n\r\n" + body,
                                1)
                        .get(0);
                String what = route[0] + " " + route[1] + " " + host.trim();
                assertTrue(reply.status() < 500, () -> what + " -> " + reply);
                assertEquals("application/json", reply.header("Content-Type"), what);
                Json.assertJsonObject(reply);
                requests++;
            }
        }
        for (String target : List.of("*", "/", "/nope", "/kosyncX", "/q/health", "/kosync/../users/auth")) {
            for (String method : List.of("GET", "POST", "PUT", "OPTIONS", "DELETE")) {
                RawHttp.Reply reply = RawHttp.raw(
                                method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1)
                        .get(0);
                Json.assertError(404, 404, "Not found.", reply);
                requests++;
            }
        }
        assertTrue(requests > 50);
    }
}
