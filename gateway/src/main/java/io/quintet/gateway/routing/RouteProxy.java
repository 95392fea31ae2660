package io.quintet.gateway.routing;

import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * The one forwarding mechanism of one route, shared by every listener: WebSocket handshakes go to the
 * tunnel, everything else to the HTTP forwarder, both towards the path the listener's {@link PathMapping}
 * gives. A route without upstreams answers a JSON 503. Works on a bare Vert.x request, so it does not
 * depend on which server or router received it.
 */
public final class RouteProxy {

    private final Route route;
    private final RouteMetrics metrics;
    private final HttpForwarder http;
    private final WebSocketTunnel webSockets;
    private final boolean operationalPublic;

    RouteProxy(
            Vertx vertx,
            Route route,
            ReplicaSet replicas,
            UpstreamClients clients,
            UpstreamChannels channels,
            RouteMetrics metrics,
            boolean operationalPublic,
            long maxWebSocketFrame) {
        this.route = route;
        this.metrics = metrics;
        this.operationalPublic = operationalPublic;
        this.http = replicas == null ? null : new HttpForwarder(vertx, route, replicas, channels, metrics);
        this.webSockets = replicas == null
                ? null
                : new WebSocketTunnel(vertx, route, replicas, clients.upgrades(), metrics, maxWebSocketFrame);
    }

    public Route route() {
        return route;
    }

    /**
     * The forwarder of a request to {@code path} that may skip Vert.x ({@link DirectForwarding}): null when the
     * route has no upstreams or the path is an operational one hidden from the public listeners.
     */
    HttpForwarder directForwarder(String path) {
        if (http == null) return null;
        if (!operationalPublic && route.isOperational(OperationalPaths.canonical(path))) return null;
        return http;
    }

    /** The canonical path as the upstream sees it; no concatenation (a copy per request) on the main listeners. */
    private static String operationalPath(HttpServerRequest request, PathMapping mapping) {
        String canonical = OperationalPaths.canonical(request.path());
        return mapping.prepend().isEmpty() ? canonical : mapping.prepend() + canonical;
    }

    public void handle(HttpServerRequest request, PathMapping mapping) {
        long start = System.nanoTime();
        if (!operationalPublic && route.isOperational(operationalPath(request, mapping))) {
            // health, metrics, OpenAPI and status pages belong to the management network, not to every client
            metrics.recordRequest(route.name(), 404, 0);
            ErrorResponses.send(request.response(), 404, "no service is served under " + request.path());
            return;
        }
        if (http == null) {
            metrics.recordRequest(route.name(), 503, 0);
            ErrorResponses.send(request.response(), 503, "service " + route.name() + " is not running");
            return;
        }
        String uri = mapping.upstreamUri(request);
        if (WebSocketTunnel.isUpgrade(request)) {
            ForwardedHeaders.apply(request, mapping.forwardedPrefix(), mapping.secure(request));
            webSockets.handshake(request, uri, start);
        } else {
            http.forward(request, uri, mapping.forwardedPrefix(), mapping.secure(request), start);
        }
    }
}
