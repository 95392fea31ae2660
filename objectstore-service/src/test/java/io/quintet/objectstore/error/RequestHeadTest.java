package io.quintet.objectstore.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 (item 7): what no route answers gets objectstore's own answer, the admin API's
 * {@code {"error","message"}} body (shared-protocol's ServiceFallbacks through
 * {@link ObjectstoreFallbacks}), never Quarkus' error id, Vert.x' HTML or an empty body.
 */
@QuarkusTest
class RequestHeadTest {

    private static void error(RawHttp.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals("application/json", reply.header("Content-Type"), reply.toString());
        JsonObject body = new JsonObject(reply.text());
        assertEquals(code, body.getString("error"), reply.toString());
        assertFalse(body.getString("message").isBlank(), reply.toString());
        assertFalse(reply.text().contains("Error id") || reply.text().contains("at io."), reply.toString());
    }

    @Test
    @DisplayName("HTTP/1.1 without Host: 400 BAD_REQUEST, and the connection serves the next request")
    void noHost() {
        List<RawHttp.Reply> replies = RawHttp.raw(
                "GET /objectstore/api/v1/status HTTP/1.1\r\n\r\nGET /objectstore/ HTTP/1.1\r\nHost: x\r\n\r\n", 2);
        error(replies.get(0), 400, "BAD_REQUEST");
        assertEquals(200, replies.get(1).status(), replies.get(1).toString());
    }

    @Test
    @DisplayName("HTTP/1.0 needs no Host")
    void http10WithoutHost() {
        RawHttp.Reply reply =
                RawHttp.raw("GET /objectstore/ HTTP/1.0\r\n\r\n", 1).get(0);
        assertEquals(200, reply.status(), reply.toString());
    }

    @Test
    @DisplayName("GET *, OPTIONS *, paths outside /objectstore and unknown paths: 404 NO_ROUTE")
    void notFound() {
        for (String target : new String[] {
            "*", "/elsewhere", "/objectstorex", "/objectstore/no/such/route", "/objectstore/api/v1/no-such"
        }) {
            for (String method : new String[] {"GET", "OPTIONS", "DELETE"}) {
                RawHttp.Reply reply = RawHttp.raw(method + " " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 1)
                        .get(0);
                if (method.equals("OPTIONS") && target.startsWith("/objectstore/")) {
                    // Quarkus REST answers OPTIONS itself (Allow) for a path its resources' prefixes cover
                    assertTrue(reply.status() < 500, target + ": " + reply);
                    continue;
                }
                error(reply, 404, "NO_ROUTE");
            }
        }
    }

    @Test
    @DisplayName("a method the route does not take: 405 METHOD_NOT_ALLOWED, never a 5xx")
    void wrongMethod() {
        RawHttp.Reply reply = RawHttp.raw("DELETE /objectstore/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 1)
                .get(0);
        error(reply, 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    @DisplayName("a target that does not parse (a broken percent-escape): 400 BAD_REQUEST")
    void brokenEscape() {
        for (String target : new String[] {"/objectstore/a%zz", "/objectstore/api/v1/status?x=%2", "/elsewhere%"}) {
            error(
                    RawHttp.raw("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n", 1)
                            .get(0),
                    400,
                    "BAD_REQUEST");
        }
    }
}
