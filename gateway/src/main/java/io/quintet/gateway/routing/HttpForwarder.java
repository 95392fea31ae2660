package io.quintet.gateway.routing;

import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Forwards plain HTTP requests of one route with vertx-http-proxy's request/response API: headers are
 * copied without hop-by-hop ones, bodies are piped both ways with back-pressure (never buffered).
 * Around that it adds what the library leaves to the caller: replica choice, the body limit, the
 * response timeout, one retry of a body-less idempotent request on a dropped connection, and JSON
 * answers for every failure.
 */
final class HttpForwarder {

    private static final Logger LOG = Logger.getLogger(HttpForwarder.class);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    private static final Set<HttpMethod> BODYLESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.DELETE, HttpMethod.TRACE);
    private static final List<String> HOP_BY_HOP_RESPONSE_HEADERS = List.of("connection", "keep-alive",
            "proxy-authenticate", "proxy-connection", "te", "trailer", "upgrade");

    private final Vertx vertx;
    private final Route route;
    private final ReplicaSet replicas;
    private final UpstreamClients clients;
    private final RouteMetrics metrics;

    HttpForwarder(Vertx vertx, Route route, ReplicaSet replicas, UpstreamClients clients, RouteMetrics metrics) {
        this.vertx = vertx;
        this.route = route;
        this.replicas = replicas;
        this.clients = clients;
        this.metrics = metrics;
    }

    void forward(HttpServerRequest request) {
        String transferEncoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            ErrorResponses.send(request.response(), 400, "unsupported Transfer-Encoding: " + transferEncoding);
            return;
        }
        long declared = declaredLength(request);
        if (declared > route.maxBodySize()) {
            metrics.recordFailure(route.name(), "too_large");
            LingeringClose.announce(request);
            ErrorResponses.send(request.response(), 413, tooLargeMessage());
            LingeringClose.after(vertx, request);
            return;
        }
        if (declared < 0 && request.version() == HttpVersion.HTTP_2 && !BODYLESS.contains(request.method())) {
            // HTTP/2 frames a body of unknown length itself; towards the HTTP/1.1 upstream it must be chunked
            request.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            // the body is within the limit: let the client send it now; the upstream is not asked again
            request.headers().remove(HttpHeaders.EXPECT);
            request.response().writeContinue();
        }
        Exchange exchange = new Exchange(request);
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        Body body = proxyRequest.getBody();
        proxyRequest.setBody(Body.body(
                new LimitedBody(body.stream(), route.maxBodySize(), exchange::requestForwarded, exchange::tooLarge),
                body.length()));
        exchange.send(proxyRequest)
                .recover(failure -> Future.succeededFuture(exchange.errorResponse(proxyRequest, failure)))
                .compose(response -> {
                    MultiMap headers = response.headers();
                    HOP_BY_HOP_RESPONSE_HEADERS.forEach(headers::remove);
                    return response.send();
                })
                .onComplete(ar -> {
                    if (exchange.tooLarge) {
                        LingeringClose.after(vertx, request);
                    } else if (ar.failed()) {
                        // the answer broke off mid-body (client or upstream went away); nothing left to tell anyone
                        LOG.debugf("route=%s %s %s: response interrupted: %s", route.name(), request.method(),
                                request.path(), ar.cause().getMessage());
                    }
                });
    }

    private String tooLargeMessage() {
        return "request body larger than " + route.maxBodySize() + " bytes";
    }

    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) return -1;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One proxied request: the upstream request, its response timer and how it ended. */
    private final class Exchange {
        final HttpServerRequest request;
        HttpClientRequest upstreamRequest;
        long timer = -1;
        boolean timedOut;
        boolean tooLarge;
        boolean retried;

        Exchange(HttpServerRequest request) {
            this.request = request;
        }

        Future<ProxyResponse> send(ProxyRequest proxyRequest) {
            return replicas.open(clients.requests(), new RequestOptions())
                    .compose(upstream -> {
                        upstreamRequest = upstream;
                        // failures surface through the response future; without a handler Vert.x logs each one as an error
                        upstream.exceptionHandler(failure -> LOG.debugf("route=%s upstream request failed: %s", route.name(), failure.getMessage()));
                        if (proxyRequest.getBody() == null) {
                            requestForwarded();
                        }
                        return proxyRequest.send(upstream);
                    })
                    .andThen(ar -> cancelTimer())
                    .recover(failure -> mayRetry(failure) ? retry(proxyRequest) : Future.failedFuture(failure));
        }

        /** A pooled connection the upstream had just closed, or a replica that died: try once more elsewhere. */
        private boolean mayRetry(Throwable failure) {
            return !retried && !timedOut && !tooLarge
                    && !(failure instanceof UpstreamUnavailableException)
                    && IDEMPOTENT.contains(request.method())
                    && declaredLength(request) <= 0
                    && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null
                    && !request.response().headWritten();
        }

        private Future<ProxyResponse> retry(ProxyRequest proxyRequest) {
            retried = true;
            proxyRequest.setBody(null);
            return send(proxyRequest);
        }

        /** The whole request is upstream: from now on the upstream has {@code response-timeout} to answer. */
        void requestForwarded() {
            HttpClientRequest upstream = upstreamRequest;
            if (upstream == null || timer != -1) return;
            timer = vertx.setTimer(route.responseTimeout().toMillis(), id -> {
                timer = -1;
                timedOut = true;
                upstream.reset(0, new TimeoutException("upstream did not answer in time"));
            });
        }

        void tooLarge() {
            tooLarge = true;
            cancelTimer();
        }

        private void cancelTimer() {
            if (timer != -1) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        ProxyResponse errorResponse(ProxyRequest proxyRequest, Throwable failure) {
            int status;
            String message;
            String reason;
            if (tooLarge) {
                status = 413;
                message = tooLargeMessage();
                reason = "too_large";
            } else if (timedOut) {
                status = 504;
                message = "service " + route.name() + " did not answer within " + route.responseTimeout().toMillis() + " ms";
                reason = "timeout";
            } else if (failure instanceof UpstreamUnavailableException) {
                status = 503;
                message = "service " + route.name() + " is not reachable";
                reason = "unavailable";
            } else {
                status = 502;
                message = "service " + route.name() + " closed the connection before answering";
                reason = "broken";
            }
            metrics.recordFailure(route.name(), reason);
            if (status == 504 || status == 502) {
                LOG.warnf("route=%s method=%s path=%s status=%d cause=%s", route.name(), request.method(), request.path(),
                        status, timedOut ? "no answer within " + route.responseTimeout().toMillis() + " ms" : failure.getMessage());
            } else {
                // 503: ReplicaSet already warned once per replica and back-off window; 413 is the client's doing
                LOG.debugf("route=%s method=%s path=%s status=%d cause=%s", route.name(), request.method(), request.path(),
                        status, failure.getMessage());
            }
            if (tooLarge) {
                LingeringClose.announce(request);
            }
            return proxyRequest.release().response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ErrorResponses.JSON)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .setBody(Body.body(ErrorResponses.body(status, message)));
        }
    }
}
