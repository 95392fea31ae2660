package io.quintet.gateway.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * After answering 413 before the body was read: read and discard what the client is still sending for
 * a moment, then close. Closing at once would make the kernel reset the connection, and many clients
 * would then report "connection reset" instead of showing the 413.
 */
final class LingeringClose {

    private static final long LINGER_MILLIS = 2_000;

    private LingeringClose() {
    }

    /** Tells an HTTP/1.x client not to send its next request on this connection. Call before answering. */
    static void announce(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_2) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }

    static void after(Vertx vertx, HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (connection == null || request.version() == HttpVersion.HTTP_2) {
            return; // an HTTP/2 stream ends with its answer; the connection serves other streams
        }
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = vertx.setTimer(LINGER_MILLIS, id -> connection.close());
        request.handler(ignored -> {
        });
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            connection.close();
        });
        request.resume();
    }
}
