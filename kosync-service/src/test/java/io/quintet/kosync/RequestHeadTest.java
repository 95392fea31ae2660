package io.quintet.kosync;

import static io.quintet.kosync.KosyncClient.md5;
import static io.quintet.kosync.KosyncClient.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 7: requests Vert.x or Quarkus would answer before any kosync route runs (no
 * {@code Host}, {@code GET *}, paths outside {@code /kosync}) get kosync's own envelope, exactly
 * {@code application/json}, instead of Quarkus' JSON error id or Vert.x' HTML page. Raw sockets.
 */
@QuarkusTest
class RequestHeadTest {

    static RawHttp.Reply one(String request) {
        return RawHttp.raw(request, 1).get(0);
    }

    static void assertBadRequest(RawHttp.Reply reply) {
        Json.assertError(400, 400, "Bad request.", reply);
    }

    static void assertNotFound(RawHttp.Reply reply) {
        Json.assertError(404, 404, "Not found.", reply);
    }

    @Test
    @DisplayName("HTTP/1.1 without Host, with a broken Host or in absolute form without Host: kosync's 400 envelope")
    void http11WithoutHost() {
        String key = md5("head");
        String user = registered("head", key);
        String credentials = "x-auth-user: " + user + "\r\nx-auth-key: " + key + "\r\n";
        assertBadRequest(one("GET /kosync/users/auth HTTP/1.1\r\n" + credentials + "Connection: close\r\n\r\n"));
        assertBadRequest(one("GET /kosync/healthcheck HTTP/1.1\r\n\r\n"));
        assertBadRequest(one("GET /kosync/healthcheck HTTP/1.1\r\nHost: a b\r\n\r\n"));
        assertBadRequest(one("GET http://x/kosync/healthcheck HTTP/1.1\r\n\r\n"));
        assertBadRequest(one("GET /nope HTTP/1.1\r\n\r\n"));
        RawHttp.Reply reply = RawHttp.rawThenClosed("PUT /kosync/syncs/progress HTTP/1.1\r\n" + credentials
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"doc");
        assertBadRequest(reply);
        assertEquals("close", reply.header("Connection"));
    }

    @Test
    @DisplayName("HTTP/1.0 needs no Host: served as usual")
    void http10WithoutHost() {
        Json.assertAnswer(200, "{\"state\":\"OK\"}", one("GET /kosync/healthcheck HTTP/1.0\r\n\r\n"));
        assertNotFound(one("GET /kosync/nope HTTP/1.0\r\n\r\n"));
        assertNotFound(one("GET /nope HTTP/1.0\r\n\r\n"));
    }

    @Test
    @DisplayName("C10 GET *, OPTIONS * and every path outside /kosync: kosync's 404 envelope")
    void outsideTheRoutes() {
        for (String target : List.of(
                "GET *",
                "OPTIONS *",
                "GET /",
                "GET /nope",
                "GET /kosyncX",
                "GET /q/health",
                "GET /q/metrics",
                "GET /kosync/../nope",
                "POST /linkora/CREATE_FOLDER",
                "DELETE /")) {
            assertNotFound(one(target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        }
        assertNotFound(one("GET /kosync/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        Json.assertError(
                405,
                405,
                "Method not allowed.",
                one("DELETE /kosync/healthcheck HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        RawHttp.Reply reply = RawHttp.rawThenClosed("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
        assertNotFound(reply);
    }

    @Test
    @DisplayName("after a 404 outside /kosync the connection serves the next request")
    void keepAliveAfterRefusal() {
        List<RawHttp.Reply> replies = RawHttp.raw(
                "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET * HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /kosync/healthcheck HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                3);
        assertNotFound(replies.get(0));
        assertNotFound(replies.get(1));
        Json.assertAnswer(200, "{\"state\":\"OK\"}", replies.get(2));
    }

    @Test
    @DisplayName("a path or query with a broken percent-escape: kosync's 400 envelope, also on protocol routes")
    void brokenEscapes() {
        String key = md5("escape");
        String user = registered("escape", key);
        String credentials = "x-auth-user: " + user + "\r\nx-auth-key: " + key + "\r\n";
        for (String target : List.of(
                "GET /kosync/a%zz",
                "GET /kosync/%",
                "GET /kosync/syncs/progress/%zz",
                "GET /kosync/syncs/progress/ab%2",
                "GET /kosync/healthcheck?x=%zz",
                "GET /kosync/admin/users/a%zz/history",
                "GET /nope%zz")) {
            assertBadRequest(one(target + " HTTP/1.1\r\nHost: x\r\n" + credentials + "Connection: close\r\n\r\n"));
        }
    }
}
