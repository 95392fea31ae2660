package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken HTTP on both listeners: each gets the gateway's own JSON error with the status the
 * fault deserves, never a 5xx other than the documented 502/503/504, never an empty answer or a trace.
 */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class MalformedInputTest {

    private static final Set<Integer> DOCUMENTED_5XX = Set.of(502, 503, 504);

    /** Raw request → the status the gateway must answer. */
    private static Map<String, Integer> cases() {
        Map<String, Integer> cases = new LinkedHashMap<>();
        cases.put("GET /kosync/echo HTTP/1.1\r\n\r\n", 400); // no Host
        cases.put("GET / HTTP/1.1\r\n\r\n", 400);
        cases.put("GET /kosync/echo HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(40_000) + "\r\n\r\n", 431);
        cases.put("GET /kosync/" + "p".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
        cases.put("GET /kosync/a\0b HTTP/1.1\r\nHost: x\r\n\r\n", 400); // NUL in the path
        cases.put("GET /kosync/echo HTTP/1.1\r\nHost: x\r\nX-Nul: a\0b\r\n\r\n", 400); // NUL in a header
        cases.put("G(T /kosync/echo HTTP/1.1\r\nHost: x\r\n\r\n", 400); // not a method token
        cases.put("GET /kosync/echo HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400); // space in a name
        cases.put("GET /kosync/echo HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 400);
        cases.put("POST /kosync/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", 400);
        cases.put("POST /kosync/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400);
        cases.put("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404);
        cases.put("BREW /kora/pot HTTP/1.1\r\nHost: x\r\n\r\n", 503); // route not running
        cases.put("POST /linkora/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", 413);
        return cases;
    }

    @Test
    void everyMalformedRequestGetsTheGatewaysJsonError() throws Exception {
        for (Map.Entry<String, Integer> c : cases().entrySet()) {
            String shown = c.getKey().length() > 80 ? c.getKey().substring(0, 80) + "…" : c.getKey();
            for (boolean tls : new boolean[] {false, true}) {
                try (RawExchange exchange =
                        tls ? RawExchange.tls(Gateway.httpsPort()) : RawExchange.plain(Gateway.httpPort())) {
                    RawExchange.Answer answer = exchange.send(c.getKey()).answer();
                    String what = (tls ? "https " : "http ") + shown.replace("\r\n", "\\r\\n") + " → " + answer.status()
                            + " " + answer.body();
                    assertEquals(c.getValue(), answer.status(), what);
                    assertGatewayError(answer, what);
                }
            }
        }
    }

    @Test
    void answersBelow500OrDocumentedOnesForMethodsAndTargetsNobodyExpects() throws Exception {
        String[] lines = {
            "CONNECT localhost:443 HTTP/1.1",
            "OPTIONS * HTTP/1.1",
            "TRACE /kosync/echo HTTP/1.1",
            "GET http://evil.test/kosync/echo HTTP/1.1",
            "GET kosync/echo HTTP/1.1",
            "GET /kosync/%zz HTTP/1.1",
            "GET /kosync/\u00e9 HTTP/1.1",
            "GET /../../etc/passwd HTTP/1.1",
            "GET /%2e%2e/q/metrics HTTP/1.1"
        };
        for (String line : lines) {
            try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
                RawExchange.Answer answer;
                try {
                    answer = exchange.send(line + "\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                            .answer();
                } catch (IOException closed) {
                    continue; // refusing to talk is an answer too
                }
                String what = line + " → " + answer.status() + " " + answer.body();
                assertTrue(answer.status() < 500 || DOCUMENTED_5XX.contains(answer.status()), what);
                assertTrue(
                        !answer.body().contains("Exception") && !answer.body().contains("\tat "), what);
            }
        }
    }

    private static void assertGatewayError(RawExchange.Answer answer, String what) {
        assertTrue(answer.status() < 500 || DOCUMENTED_5XX.contains(answer.status()), what);
        assertTrue(String.valueOf(answer.header("content-type")).startsWith("application/json"), what);
        JsonObject body = new JsonObject(answer.body());
        assertEquals(answer.status(), body.getInteger("status"), what);
        assertTrue(body.getString("error").length() > 3, what);
    }
}
