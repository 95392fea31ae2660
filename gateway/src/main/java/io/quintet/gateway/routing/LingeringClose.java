package io.quintet.gateway.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * After answering before the body was read (413, an upstream's early refusal): read and discard what
 * the client is still sending, then close. Closing at once would make the kernel reset the connection,
 * and many clients (the JDK's among them) only read the answer once they have sent their whole body, so
 * they would report "connection reset" instead of showing the 413. As nginx' lingering close: the
 * connection closes once the client has been silent for {@link #IDLE_MILLIS} or after
 * {@link #MAX_MILLIS} in all, whichever comes first.
 */
final class LingeringClose {

    static final long IDLE_MILLIS = 2_000;
    static final long MAX_MILLIS = 30_000;
    private static final long CHECK_MILLIS = 250;

    private LingeringClose() {}

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
        long start = System.nanoTime();
        long[] lastData = {start};
        long[] timer = {-1};
        timer[0] = vertx.setPeriodic(CHECK_MILLIS, id -> {
            long now = System.nanoTime();
            if (now - lastData[0] > IDLE_MILLIS * 1_000_000 || now - start > MAX_MILLIS * 1_000_000) {
                vertx.cancelTimer(id);
                connection.close();
            }
        });
        request.handler(ignored -> lastData[0] = System.nanoTime());
        request.endHandler(v -> {
            vertx.cancelTimer(timer[0]);
            connection.close();
        });
        request.exceptionHandler(failure -> vertx.cancelTimer(timer[0]));
        request.resume();
    }
}
