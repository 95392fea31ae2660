package io.quintet.linkora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's malformed-input sweep: every JSON route with wrong or no credentials, the wrong
 * method, broken JSON, wrong types, huge and deeply nested bodies, long headers and paths, NUL in
 * the path and lone surrogates in strings. Always Linkora's own answer (spec 4.3: 401 with its
 * text, 400/404/405/413/415 with empty bodies, or a normal 200), never a 5xx.
 */
@QuarkusTest
class HostileInputSweepTest {

    static final Set<Integer> EMPTY_BODIED = Set.of(400, 404, 405, 413, 415);

    static void assertLinkoraAnswer(String what, RawHttp.Reply reply, Set<Integer> allowed) {
        assertTrue(reply.status() < 500, () -> what + " -> " + reply);
        assertTrue(allowed.contains(reply.status()), () -> what + " -> " + reply);
        if (EMPTY_BODIED.contains(reply.status())) {
            assertEquals(0, reply.body().length, () -> what + " -> " + reply);
        }
        if (reply.status() == 401) {
            assertTrue(reply.header("Content-Type").startsWith("text/plain"), what);
        }
    }

    static RawHttp.Reply post(String path, List<String> headers, String body) {
        return RawHttp.send("POST", path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("every JSON route under hostile input answers in Linkora's shape, never 5xx")
    void sweep() {
        String auth = "Authorization: Bearer " + LinkoraClient.TOKEN;
        String json = "Content-Type: application/json";
        String nested = "[".repeat(100_000) + "]".repeat(100_000);
        String huge = " ".repeat(2 * 1024 * 1024) + "{}";
        List<String> broken = List.of(
                "{",
                "[]",
                "\"a string\"",
                "123",
                "null",
                "{\"id\":{}}",
                "{\"correlation\":5}",
                nested,
                huge,
                "{\"a\":" + "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_001));
        int requests = 0;
        for (Map.Entry<String, String> route : MalformedInputTest.VALID.entrySet()) {
            String path = "/linkora/" + route.getKey();
            assertLinkoraAnswer(route.getKey() + " no token", post(path, List.of(json), route.getValue()), Set.of(401));
            assertLinkoraAnswer(
                    route.getKey() + " wrong token",
                    post(path, List.of(json, "Authorization: Bearer wrong"), route.getValue()),
                    Set.of(401));
            assertLinkoraAnswer(route.getKey() + " GET", RawHttp.send("GET", path, List.of(auth), null), Set.of(405));
            for (String body : broken) {
                assertLinkoraAnswer(
                        route.getKey() + " " + body.substring(0, Math.min(30, body.length())),
                        post(path, List.of(json, auth), body),
                        Set.of(400));
                requests++;
            }
            assertLinkoraAnswer(
                    route.getKey() + " NUL in path",
                    RawHttp.send("POST", path + "%00", List.of(json, auth), new byte[0]),
                    Set.of(400, 404));
            assertLinkoraAnswer(
                    route.getKey() + " long path",
                    RawHttp.send("POST", path + "/" + "a".repeat(6_000), List.of(json, auth), new byte[0]),
                    Set.of(404, 414));
            assertLinkoraAnswer(
                    route.getKey() + " long header",
                    post(path, List.of(json, auth, "X-Filler: " + "f".repeat(30_000)), route.getValue()),
                    Set.of(200, 400, 409, 431));
            if (!route.getKey().equals("DELETE_EVERYTHING")) {
                // a lone surrogate where a string goes: stored or refused, never a failure
                String surrogate = route.getValue().replaceFirst(":\"[^\"]*\"", ":\"a\\\\ud800b\"");
                assertLinkoraAnswer(
                        route.getKey() + " lone surrogate",
                        post(path, List.of(json, auth), surrogate),
                        Set.of(200, 400, 409));
            }
            requests += 8;
        }
        assertTrue(requests > 300);
        assertEquals(200, LinkoraClient.get("TEST_BEARER").statusCode(), "still serving");
    }

    @Test
    @DisplayName("every route without Host, with a broken Host, and targets outside /linkora answer in Linkora's shape")
    void requestHeadSweep() {
        String auth = "Authorization: Bearer " + LinkoraClient.TOKEN + "\r\n";
        String json = "Content-Type: application/json\r\n";
        int requests = 0;
        for (Map.Entry<String, String> route : MalformedInputTest.VALID.entrySet()) {
            String path = "/linkora/" + route.getKey();
            String body = route.getValue();
            String withBody = "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
            for (String head : List.of(
                    "POST " + path + " HTTP/1.1\r\n" + json + auth,
                    "POST " + path + " HTTP/1.1\r\nHost: a b\r\n" + json + auth,
                    "POST http://x" + path + " HTTP/1.1\r\n" + json + auth,
                    "GET " + path + " HTTP/1.1\r\n" + auth)) {
                RawHttp.Reply reply = RawHttp.raw(head + "Connection: close\r\n" + withBody, 1)
                        .get(0);
                assertLinkoraAnswer(head.lines().findFirst().orElseThrow(), reply, Set.of(400));
                requests++;
            }
        }
        for (String target : List.of("*", "/", "/nope", "/linkoraX", "/q/health", "/linkora/../CREATE_FOLDER")) {
            for (String method : List.of("GET", "POST", "PUT", "OPTIONS")) {
                RawHttp.Reply reply = RawHttp.raw(
                                method + " " + target + " HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n",
                                1)
                        .get(0);
                assertLinkoraAnswer(method + " " + target, reply, Set.of(404));
                assertEquals(null, reply.header("Content-Type"), method + " " + target);
                requests++;
            }
        }
        assertTrue(requests > 100);
        assertEquals(200, LinkoraClient.get("TEST_BEARER").statusCode(), "still serving");
    }
}
