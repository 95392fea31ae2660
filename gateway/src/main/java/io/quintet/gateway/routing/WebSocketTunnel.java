package io.quintet.gateway.routing;

import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * WebSocket handshakes of one route: the upgrade request goes to a replica at the mapped path, with
 * query and headers unchanged; on 101 both connections become raw sockets whose bytes a {@link TunnelRelay} passes
 * between their Netty channels, so every frame (text, binary, ping, close with its code) passes untouched, with
 * back-pressure in both directions; client frames pass the {@link ClientFrameGuard}.
 * A refusal (401, 404, ...) is passed back as an ordinary answer.
 */
final class WebSocketTunnel {

    private static final Logger LOG = Logger.getLogger(WebSocketTunnel.class);
    /** How long a client whose frame was refused may keep sending before its connection is dropped. */
    static final long REFUSED_LINGER_MILLIS = 3_000;

    private static final List<String> HOP_BY_HOP = List.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private final Vertx vertx;
    private final Route route;
    private final ReplicaSet replicas;
    private final HttpClient client;
    private final RouteMetrics metrics;
    private final long maxFrameSize;

    WebSocketTunnel(
            Vertx vertx, Route route, ReplicaSet replicas, HttpClient client, RouteMetrics metrics, long maxFrameSize) {
        this.vertx = vertx;
        this.route = route;
        this.replicas = replicas;
        this.client = client;
        this.metrics = metrics;
        this.maxFrameSize = maxFrameSize;
    }

    static boolean isUpgrade(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) return false;
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        String connection = request.getHeader(HttpHeaders.CONNECTION);
        return upgrade != null
                && upgrade.toLowerCase().contains("websocket")
                && connection != null
                && connection.toLowerCase().contains("upgrade");
    }

    /** @param uri path and query of the upstream's WebSocket endpoint (see {@link PathMapping}) */
    void handshake(HttpServerRequest request, String uri, long startNanos) {
        request.pause();
        replicas.open(client, HttpMethod.GET, uri).onComplete(opened -> {
            if (opened.failed()) {
                // an upstream that answers but fails the TLS handshake (certificate not trusted, another host
                // name) is a broken upstream, a 502 as for plain requests; no answer at all is a 503
                boolean tls = failedTls(opened.cause());
                fail(
                        request,
                        tls ? 502 : 503,
                        tls
                                ? "service " + route.name() + " failed the TLS handshake"
                                : "service " + route.name() + " is not reachable",
                        tls ? "broken" : "unavailable",
                        opened.cause(),
                        startNanos);
                return;
            }
            HttpClientRequest upstream = opened.result();
            upstream.exceptionHandler(
                    failure -> LOG.debugf("route=%s handshake request failed: %s", route.name(), failure.getMessage()));
            for (Map.Entry<String, String> header : request.headers()) {
                if (!header.getKey().equalsIgnoreCase(HttpHeaders.HOST.toString())) {
                    upstream.headers().add(header.getKey(), header.getValue());
                }
            }
            // some browsers send "Connection: keep-alive, Upgrade"; the upstream must see a plain upgrade
            upstream.headers().set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
            boolean[] timedOut = {false};
            long timer = vertx.setTimer(route.responseTimeout().toMillis(), id -> {
                timedOut[0] = true;
                upstream.reset(0, new TimeoutException("no handshake answer"));
            });
            upstream.connect().onComplete(answered -> {
                vertx.cancelTimer(timer);
                if (answered.failed()) {
                    boolean slow = timedOut[0];
                    fail(
                            request,
                            slow ? 504 : 502,
                            slow
                                    ? "service " + route.name() + " did not answer the WebSocket handshake within "
                                            + route.responseTimeout().toMillis() + " ms"
                                    : "service " + route.name()
                                            + " closed the connection during the WebSocket handshake",
                            slow ? "timeout" : "broken",
                            answered.cause(),
                            startNanos);
                    return;
                }
                HttpClientResponse response = answered.result();
                if (response.statusCode() == 101) {
                    // hold whatever the upstream sends right after 101 until the client side is wired
                    NetSocket upstreamSocket = response.netSocket().pause();
                    open(request, response, upstreamSocket, startNanos);
                } else {
                    refuse(request, response, startNanos);
                }
            });
            request.endHandler(v -> upstream.end());
            request.resume();
        });
    }

    private static boolean failedTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) return true;
        }
        return false;
    }

    private void open(
            HttpServerRequest request, HttpClientResponse response, NetSocket upstreamSocket, long startNanos) {
        HttpServerResponse out = request.response();
        response.headers().forEach(h -> out.headers().add(h.getKey(), h.getValue()));
        String extensions = response.getHeader("Sec-WebSocket-Extensions");
        ClientFrameGuard guard = new ClientFrameGuard(
                maxFrameSize,
                extensions != null
                        && extensions.toLowerCase(java.util.Locale.ROOT).contains("permessage-deflate"));
        request.toNetSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                LOG.debugf(
                        "route=%s WebSocket upgrade towards the client failed: %s",
                        route.name(), upgraded.cause().getMessage());
                upstreamSocket.close();
                return;
            }
            NetSocket clientSocket = upgraded.result();
            metrics.recordRequest(route.name(), 101, System.nanoTime() - startNanos);
            metrics.webSocketOpened(route.name());
            boolean[] closed = {false};
            Runnable closeBoth = () -> {
                if (closed[0]) return;
                closed[0] = true;
                metrics.webSocketClosed(route.name());
                clientSocket.close();
                upstreamSocket.close();
            };
            TunnelRelay relay = new TunnelRelay(clientSocket, response.request().connection(), guard, refused -> {
                LOG.debugf(
                        "route=%s WebSocket client broke the protocol (%s): closing with %d",
                        route.name(), refused.reason(), refused.closeCode());
                // the client's connection then stays open, its bytes read and dropped, until the client closes
                // it or the linger time passes: closing a socket the peer is still writing to (the rest of an
                // oversized frame) answers with a reset that can discard the close frame unread
                clientSocket.write(ClientFrameGuard.closeFrame(refused.closeCode(), refused.reason()));
                vertx.setTimer(REFUSED_LINGER_MILLIS, t -> closeBoth.run());
            });
            clientSocket.closeHandler(v -> closeBoth.run());
            // after a refused frame the client is left its linger time to read the close frame
            upstreamSocket.closeHandler(v -> {
                if (!relay.refused) closeBoth.run();
            });
            relay.start(clientSocket, upstreamSocket);
        });
    }

    private void refuse(HttpServerRequest request, HttpClientResponse response, long startNanos) {
        HttpServerResponse out = request.response().setStatusCode(response.statusCode());
        MultiMap headers = out.headers();
        response.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) headers.add(h.getKey(), h.getValue());
        });
        if (!headers.contains(HttpHeaders.CONTENT_LENGTH)) out.setChunked(true);
        response.pipeTo(out).onComplete(ar -> {
            metrics.recordRequest(route.name(), response.statusCode(), System.nanoTime() - startNanos);
            // the upgrade connection cannot be reused for anything else
            response.request().connection().close();
        });
    }

    private void fail(
            HttpServerRequest request, int status, String message, String reason, Throwable cause, long startNanos) {
        LOG.warnf(
                "route=%s WebSocket handshake path=%s status=%d cause=%s",
                route.name(), request.path(), status, cause == null ? "-" : cause.getMessage());
        metrics.recordFailure(route.name(), reason);
        metrics.recordRequest(route.name(), status, System.nanoTime() - startNanos);
        request.resume();
        ErrorResponses.send(request.response(), status, message);
    }
}
