package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Plain HTTP/1.1 requests forwarded straight from the client connection's pipeline, and the hand-over to
 * Vert.x for everything else on the same connection: order kept across both, the client's
 * {@code Connection: close} honoured, bodies that arrive after their head, HSTS and JSON errors over TLS.
 */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class DirectForwardingTest {

    private static final String HOST = "Host: localhost\r\n";

    @Test
    void proxiedRequestsAndGatewayPagesPipelinedOnOneConnectionAreAnsweredInOrder() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n"
                    + "GET /nothing/here HTTP/1.1\r\n" + HOST + "\r\n"
                    + "GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("primary", exchange.answer().body());
            RawExchange.Answer page = exchange.answer();
            assertEquals(404, page.status());
            assertTrue(page.body().contains("\"status\":404"), page.body());
            assertEquals("primary", exchange.answer().body());
            // and the connection, now Vert.x', goes on serving both kinds
            exchange.send("POST /kosync/echo HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\nhi");
            assertEquals(2, new JsonObject(exchange.answer().body()).getInteger("bodyLength"));
        }
    }

    @Test
    void aHeadRequestAfterAProxiedOneIsAnsweredWithoutABody() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("primary", exchange.answer().body());
            exchange.send("HEAD /kosync/sized HTTP/1.1\r\n" + HOST + "\r\n");
            RawExchange.Answer head = exchange.headOnly();
            assertEquals(200, head.status());
            assertEquals("200000", head.header("content-length"));
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("primary", exchange.answer().body(), "no body bytes were left before this answer");
        }
    }

    @Test
    void aClientsConnectionCloseEndsTheConnectionAfterTheAnswer() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");
            RawExchange.Answer answer = exchange.answer();
            assertEquals("primary", answer.body());
            assertEquals("close", answer.header("connection"));
            assertEquals(-1, exchange.in.read(), "the gateway closed the connection");
        }
    }

    @Test
    void aBodyArrivingInPiecesAfterItsHeadIsForwardedWhole() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("PUT /kosync/echo?pieces HTTP/1.1\r\n" + HOST + "Content-Length: 12\r\n\r\n");
            exchange.send("hello ");
            exchange.send("world!");
            JsonObject echoed = new JsonObject(exchange.answer().body());
            assertEquals(12, echoed.getInteger("bodyLength"));
            assertEquals("PUT", echoed.getString("method"));
            assertEquals("http", echoed.getJsonObject("headers").getString("x-forwarded-proto"));
            assertEquals("localhost", echoed.getJsonObject("headers").getString("x-forwarded-host"));
        }
    }

    @Test
    void overTlsAnswersAndTheGatewaysOwnErrorsCarryHstsAndTheConnectionStaysUsable() throws Exception {
        try (RawExchange exchange = RawExchange.tls(Gateway.httpsPort())) {
            exchange.send("GET /kosync/echo HTTP/1.1\r\n" + HOST + "X-Forwarded-For: 192.0.2.1\r\n\r\n");
            RawExchange.Answer echo = exchange.answer();
            assertEquals("max-age=31536000", echo.header("strict-transport-security"));
            JsonObject headers = new JsonObject(echo.body()).getJsonObject("headers");
            assertEquals("https", headers.getString("x-forwarded-proto"));
            assertEquals("192.0.2.1, 127.0.0.1", headers.getString("x-forwarded-for"));
            // kosync's response timeout is 1.5 s, /slow answers after 5 s
            exchange.send("GET /kosync/slow HTTP/1.1\r\n" + HOST + "\r\n");
            RawExchange.Answer timeout = exchange.answer();
            assertEquals(504, timeout.status());
            assertEquals("application/json", timeout.header("content-type"));
            assertEquals("max-age=31536000", timeout.header("strict-transport-security"));
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("primary", exchange.answer().body());
        }
    }
}
