package io.quintet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own connections to the upstreams: kept alive and reused, never reused after the upstream
 * said (or showed) it is done with one, a dropped connection retried once for a body-less request, and the
 * client's HTTP/1.1 framing (pipelining, chunked and sized answers, 100-continue) intact on the way back.
 */
@QuarkusTest
@QuarkusTestResource(TestUpstreams.class)
class UpstreamConnectionsTest {

    private static final String HOST = "Host: localhost\r\n";

    @Test
    void aKeptAliveUpstreamConnectionServesTheNextRequests() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            Integer first = null;
            for (int i = 0; i < 4; i++) {
                exchange.send("GET /kosync/echo?i=" + i + " HTTP/1.1\r\n" + HOST + "\r\n");
                RawExchange.Answer answer = exchange.answer();
                assertEquals(200, answer.status(), answer.body());
                int connection = new JsonObject(answer.body()).getInteger("connection");
                if (first == null) first = connection;
                assertEquals(first, connection, "request " + i + " came on another upstream connection");
            }
        }
    }

    @Test
    void anAnswerWithConnectionCloseEndsItsUpstreamConnection() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/echo HTTP/1.1\r\n" + HOST + "\r\n");
            int before = new JsonObject(exchange.answer().body()).getInteger("connection");
            exchange.send("GET /kosync/conn-close HTTP/1.1\r\n" + HOST + "\r\n");
            RawExchange.Answer closing = exchange.answer();
            assertEquals(200, closing.status());
            assertEquals("closed after this", closing.body());
            assertNull(closing.header("connection"), "the upstream's Connection header is hop-by-hop");
            exchange.send("GET /kosync/echo HTTP/1.1\r\n" + HOST + "\r\n");
            RawExchange.Answer after = exchange.answer();
            assertEquals(200, after.status());
            assertNotEquals(before, new JsonObject(after.body()).getInteger("connection"));
        }
    }

    @Test
    void aPooledConnectionTheUpstreamClosedUnannouncedIsNotAFailure() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            for (int i = 0; i < 5; i++) {
                exchange.send("GET /kosync/close-after HTTP/1.1\r\n" + HOST + "\r\n");
                assertEquals("closing", exchange.answer().body());
                // either the gateway saw the close already or its request meets it and is retried
                exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n");
                RawExchange.Answer next = exchange.answer();
                assertEquals(200, next.status(), next.body());
                assertEquals("primary", next.body());
            }
        }
    }

    @Test
    void anUpstreamThatDropsTheConnectionIs502AfterOneRetryOfABodylessRequestOnly() throws Exception {
        long before = TestUpstreams.primary.drops.get();
        HttpProxyTest.assertError(HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/kosync/drop"))), 502);
        assertEquals(before + 2, TestUpstreams.primary.drops.get(), "a GET is tried once more");

        before = TestUpstreams.primary.drops.get();
        HttpProxyTest.assertError(
                HttpProxyTest.send(HttpRequest.newBuilder(Gateway.http("/kosync/drop"))
                        .POST(HttpRequest.BodyPublishers.ofString("not twice"))
                        .build()),
                502);
        assertEquals(before + 1, TestUpstreams.primary.drops.get(), "a request with a body is never sent twice");

        // and the route serves the next request as usual
        assertEquals(
                200,
                HttpProxyTest.send(HttpProxyTest.get(Gateway.http("/kosync/who")))
                        .statusCode());
    }

    @Test
    void requestsBeyondThePoolWaitForAConnectionInsteadOfFailing() throws Exception {
        // 8 connections per upstream and event loop (TestUpstreams); each answer takes 50 ms upstream
        java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers =
                new java.util.ArrayList<>();
        for (int i = 0; i < 48; i++) {
            answers.add(Gateway.CLIENT.sendAsync(
                    HttpProxyTest.get(Gateway.http("/kosync/sized?i=" + i)), HttpResponse.BodyHandlers.ofString()));
        }
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(200_000, response.body().length());
        }
    }

    @Test
    void pipelinedRequestsGetTheirAnswersInOrder() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n"
                    + "GET /kosync/download?bytes=10 HTTP/1.1\r\n" + HOST + "\r\n"
                    + "PUT /kosync/echo?third HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\n\r\nabc"
                    + "GET /kosync/sized HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("primary", exchange.answer().body());
            RawExchange.Answer chunked = exchange.answer();
            assertEquals("chunked", chunked.header("transfer-encoding"));
            assertEquals(10, chunked.body().length());
            JsonObject third = new JsonObject(exchange.answer().body());
            assertEquals("/kosync/echo?third", third.getString("uri"));
            assertEquals(3, third.getInteger("bodyLength"));
            RawExchange.Answer sized = exchange.answer();
            assertEquals("200000", sized.header("content-length"));
            assertEquals(200_000, sized.body().length());
        }
    }

    @Test
    void expectContinueIsAnsweredByTheGatewayAndNotForwarded() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("POST /kosync/echo HTTP/1.1\r\n" + HOST
                    + "Expect: 100-continue\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
            assertEquals(100, exchange.headOnly().status());
            exchange.send("hello");
            RawExchange.Answer answer = exchange.answer();
            assertEquals(200, answer.status(), answer.body());
            JsonObject echo = new JsonObject(answer.body());
            assertEquals(5, echo.getInteger("bodyLength"));
            assertFalse(echo.getJsonObject("headers").containsKey("expect"));
        }
    }

    @Test
    void informationalAnswersOfTheUpstreamStayBetweenGatewayAndUpstream() throws Exception {
        try (RawExchange exchange = RawExchange.plain(Gateway.httpPort())) {
            exchange.send("GET /kosync/hints HTTP/1.1\r\n" + HOST + "\r\n");
            RawExchange.Answer answer = exchange.answer();
            assertEquals(200, answer.status());
            assertEquals("after hints", answer.body());
            exchange.send("GET /kosync/who HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals("primary", exchange.answer().body());
        }
        HttpResponse<String> viaClient = HttpProxyTest.send(HttpProxyTest.get(Gateway.https("/kosync/hints")));
        assertEquals("after hints", viaClient.body());
    }
}
