package io.quintet.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quintet.protocol.testing.RawHttp;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The guard in front of a plain Vert.x server: what it refuses, in the given shape, and what it passes on. */
class RequestHeadGuardTest {

    static Vertx vertx;
    static HttpServer server;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer()
                .requestHandler(new RequestHeadGuard(
                        request -> request.response().end("served " + request.path()),
                        "/svc/",
                        (request, status) ->
                                request.response().setStatusCode(status).end("refused " + status)))
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        RestAssured.port = server.actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static String answer(String request) {
        return RawHttp.raw(request, 1).get(0).text();
    }

    @Test
    void refusesWhatNoRouteOfTheServiceWouldSee() {
        assertEquals("refused 400", answer("GET /svc/a HTTP/1.1\r\n\r\n"));
        assertEquals("refused 400", answer("GET /svc/a HTTP/1.1\r\nHost: a b\r\n\r\n"));
        assertEquals("refused 404", answer("GET * HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("refused 404", answer("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("refused 404", answer("GET /svcX HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("refused 404", answer("GET /svc/../other HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("refused 400", answer("GET /svc/a%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("refused 400", answer("GET /svc/a?q=%2 HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    @Test
    void passesEverythingElseOn() {
        assertEquals("served /svc/a", answer("GET /svc/a HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("served /svc", answer("GET /svc HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals("served /svc/a", answer("GET /svc/a HTTP/1.0\r\n\r\n"));
    }

    @Test
    void aRefusalWithABodyOnItsWayClosesTheConnection() {
        RawHttp.Reply reply =
                RawHttp.rawThenClosed("POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc");
        assertEquals(404, reply.status());
        assertEquals("close", reply.header("Connection"));
        List<RawHttp.Reply> kept = RawHttp.raw(
                "GET /other HTTP/1.1\r\nHost: x\r\n\r\nGET /svc/b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2);
        assertEquals("refused 404", kept.get(0).text());
        assertEquals("served /svc/b", kept.get(1).text());
    }
}
