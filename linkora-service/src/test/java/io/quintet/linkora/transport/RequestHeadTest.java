package io.quintet.linkora.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.linkora.LinkoraClient;
import io.quintet.protocol.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 7: requests Vert.x or Quarkus would answer before any Linkora route runs (no
 * {@code Host}, {@code GET *}, paths outside {@code /linkora}) get Linkora's own 4xx, empty and
 * without a {@code Content-Type} (spec 2.4, 4.3), instead of Quarkus' JSON error id or Vert.x'
 * HTML page. Raw sockets, since no HTTP client sends these.
 */
@QuarkusTest
class RequestHeadTest {

    static RawHttp.Reply one(String request) {
        return RawHttp.raw(request, 1).get(0);
    }

    static void assertEmpty(int status, RawHttp.Reply reply) {
        assertEquals(status, reply.status(), reply::toString);
        assertEquals(0, reply.body().length, reply::toString);
        assertNull(reply.header("Content-Type"), reply::toString);
    }

    @Test
    @DisplayName("HTTP/1.1 without Host, with a broken Host or in absolute form without Host: Linkora's empty 400")
    void http11WithoutHost() {
        String auth = "Authorization: Bearer " + LinkoraClient.TOKEN + "\r\n";
        assertEmpty(400, one("GET /linkora/TEST_BEARER HTTP/1.1\r\n" + auth + "Connection: close\r\n\r\n"));
        assertEmpty(400, one("GET /linkora/GET_UPDATES?eventTimestamp=0 HTTP/1.1\r\n" + auth + "\r\n"));
        assertEmpty(400, one("GET /linkora/TEST_BEARER HTTP/1.1\r\nHost: a b\r\n" + auth + "\r\n"));
        assertEmpty(400, one("GET http://x/linkora/TEST_BEARER HTTP/1.1\r\n" + auth + "\r\n"));
        assertEmpty(400, one("GET /nope HTTP/1.1\r\n\r\n"));
        // a target java.net.URI cannot parse (a broken percent-escape), with Host
        assertEmpty(400, one("GET /linkora/a%zz HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n"));
        assertEmpty(400, one("GET /linkora/GET_UPDATES?eventTimestamp=%2 HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"));
        assertEmpty(400, one("POST /linkora/CREATE_FOLDER HTTP/1.1\r\n" + auth + "Content-Length: 0\r\n\r\n"));
    }

    @Test
    @DisplayName("a body announced without Host is not read: 400, then the connection is closed")
    void withoutHostBodyNotRead() {
        RawHttp.Reply reply = RawHttp.rawThenClosed("POST /linkora/CREATE_FOLDER HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"name\":");
        assertEmpty(400, reply);
        assertEquals("close", reply.header("Connection"));
        reply = RawHttp.rawThenClosed("POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
        assertEmpty(404, reply);
    }

    @Test
    @DisplayName("HTTP/1.0 needs no Host: served as usual")
    void http10WithoutHost() {
        RawHttp.Reply reply = one("GET /linkora/TEST_BEARER HTTP/1.0\r\n\r\n");
        assertEquals(401, reply.status(), reply::toString);
        assertEquals("Missing Authorization header", reply.text());
        reply = one("GET /linkora/TEST_BEARER HTTP/1.0\r\nAuthorization: Bearer " + LinkoraClient.TOKEN + "\r\n\r\n");
        assertEquals(200, reply.status(), reply::toString);
        assertEmpty(404, one("GET /linkora/NOPE HTTP/1.0\r\n\r\n"));
        assertEmpty(404, one("GET /nope HTTP/1.0\r\n\r\n"));
    }

    @Test
    @DisplayName("C8 GET *, OPTIONS * and every path outside /linkora: Linkora's empty 404, with or without a token")
    void outsideTheRoutes() {
        String auth = "Authorization: Bearer " + LinkoraClient.TOKEN + "\r\n";
        for (String target : List.of(
                "GET *",
                "OPTIONS *",
                "GET /",
                "GET /nope",
                "GET /linkoraX",
                "GET /q/health",
                "GET /q/metrics",
                "GET /linkora/../nope",
                "POST /kosync/users/create",
                "DELETE /")) {
            assertEmpty(404, one(target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            assertEmpty(404, one(target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n"));
        }
        // inside /linkora: an unknown route is 404 and a known one with another method 405 (spec 2.4)
        assertEmpty(404, one("GET /linkora/NOPE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertEmpty(405, one("DELETE /linkora/TEST_BEARER HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        assertEmpty(
                405, one("PUT /linkora/CREATE_FOLDER HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n"));
    }

    @Test
    @DisplayName("after a 404 outside /linkora the connection serves the next request")
    void keepAliveAfterRefusal() {
        List<RawHttp.Reply> replies = RawHttp.raw(
                "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET * HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /linkora/TEST_BEARER HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + LinkoraClient.TOKEN + "\r\nConnection: close\r\n\r\n",
                3);
        assertEmpty(404, replies.get(0));
        assertEmpty(404, replies.get(1));
        assertEquals(200, replies.get(2).status(), replies.get(2)::toString);
    }
}
