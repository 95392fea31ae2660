package io.quintet.synkronus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 (item 7): what no resource answers gets synkronus' own answers (shared-protocol's
 * ServiceFallbacks through {@code SynkronusFallbacks}), never Quarkus' error id or Vert.x' HTML.
 */
@QuarkusTest
class RequestHeadTest {

    private static void plain(RawHttp.Reply reply, int status, String text) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals("text/plain; charset=utf-8", reply.header("Content-Type"), reply.toString());
        assertEquals(text + "\n", reply.text());
    }

    @Test
    @DisplayName("HTTP/1.1 without Host: 400 as plain text, and the connection serves the next request")
    void noHost() {
        List<RawHttp.Reply> replies = RawHttp.raw(
                "GET /synkronus/health HTTP/1.1\r\n\r\nGET /synkronus/health HTTP/1.1\r\nHost: x\r\n\r\n", 2);
        plain(replies.get(0), 400, "Bad Request");
        assertEquals(200, replies.get(1).status(), replies.get(1).toString());
    }

    @Test
    @DisplayName("HTTP/1.0 needs no Host")
    void http10WithoutHost() {
        RawHttp.Reply reply =
                RawHttp.raw("GET /synkronus/health HTTP/1.0\r\n\r\n", 1).get(0);
        assertEquals(200, reply.status(), reply.toString());
    }

    @Test
    @DisplayName("GET *, OPTIONS *, paths outside /synkronus and unknown paths: the reference's 404 line")
    void notFound() {
        for (String target : new String[] {"*", "/elsewhere", "/synkronusx", "/synkronus/no/such/route"}) {
            for (String method : new String[] {"GET", "OPTIONS"}) {
                if (method.equals("OPTIONS") && target.startsWith("/synkronus")) continue; // CORS preflight
                RawHttp.Reply reply = RawHttp.raw(method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 1)
                        .get(0);
                plain(reply, 404, "404 page not found");
                assertTrue(!reply.text().contains("Error id"), reply.toString());
            }
        }
    }

    @Test
    @DisplayName("a target that does not parse (a broken percent-escape): the reference's 400 line")
    void brokenEscape() {
        for (String target : new String[] {"/synkronus/api/a%zz", "/synkronus/health?x=%2", "/elsewhere%"}) {
            RawHttp.Reply reply = RawHttp.raw("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 1)
                    .get(0);
            plain(reply, 400, "Bad Request");
        }
    }
}
