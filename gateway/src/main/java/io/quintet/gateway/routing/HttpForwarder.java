package io.quintet.gateway.routing;

import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

/**
 * Forwards plain HTTP requests of one route with the Vert.x HTTP client: headers are copied in one pass
 * without hop-by-hop ones, bodies are piped both ways with back-pressure (never buffered). Around that:
 * replica choice, the body limit, the response timeout, one retry of a body-less idempotent request on
 * a dropped connection, and JSON answers for every failure.
 *
 * <p>Written against the client directly rather than vertx-http-proxy's ProxyRequest/ProxyResponse:
 * those copy every header map twice per direction and parse cache and date headers on each answer,
 * which cost a quarter of the gateway's time per request, for features the gateway does not use.
 */
final class HttpForwarder {

    private static final Logger LOG = Logger.getLogger(HttpForwarder.class);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    private static final Set<HttpMethod> BODYLESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.DELETE, HttpMethod.TRACE);
    /** Headers that describe one connection, not the message (RFC 9110 7.6.1); Host is set by the client. */
    private static final Set<String> HOP_BY_HOP_REQUEST_HEADERS = caseInsensitive("connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host");
    private static final Set<String> HOP_BY_HOP_RESPONSE_HEADERS = caseInsensitive("connection", "keep-alive",
            "proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

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

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(java.util.List.of(names));
        return set;
    }

    /**
     * @param uri        path and query to request upstream (see {@link PathMapping})
     * @param startNanos when the request arrived, for the latency meter
     */
    void forward(HttpServerRequest request, String uri, long startNanos) {
        String transferEncoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            ErrorResponses.send(request.response(), 400, "unsupported Transfer-Encoding: " + transferEncoding);
            metrics.recordRequest(route.name(), 400, System.nanoTime() - startNanos);
            return;
        }
        long declared = declaredLength(request);
        if (declared > route.maxBodySize()) {
            metrics.recordFailure(route.name(), "too_large");
            LingeringClose.announce(request);
            ErrorResponses.send(request.response(), 413, tooLargeMessage());
            metrics.recordRequest(route.name(), 413, System.nanoTime() - startNanos);
            LingeringClose.after(vertx, request);
            return;
        }
        // HTTP/2 frames a body of unknown length itself; towards the HTTP/1.1 upstream it must be chunked
        boolean chunked = transferEncoding != null
                || declared < 0 && request.version() == HttpVersion.HTTP_2 && !BODYLESS.contains(request.method());
        if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            // the body is within the limit: let the client send it now; the upstream is not asked again
            request.headers().remove(HttpHeaders.EXPECT);
            request.response().writeContinue();
        }
        // hold the body until an upstream request exists to take it
        request.pause();
        new Exchange(request, uri, declared, chunked, startNanos).send();
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
        final HttpServerResponse response;
        final RequestOptions options;
        final long declared;
        final boolean chunked;
        final long startNanos;
        HttpClientRequest upstream;
        long timer = -1;
        boolean timedOut;
        boolean tooLarge;
        boolean retried;
        boolean bodyStarted;

        Exchange(HttpServerRequest request, String uri, long declared, boolean chunked, long startNanos) {
            this.request = request;
            this.response = request.response();
            this.options = new RequestOptions().setMethod(request.method()).setURI(uri);
            this.declared = declared;
            this.chunked = chunked;
            this.startNanos = startNanos;
        }

        boolean hasBody() {
            return declared > 0 || chunked;
        }

        void send() {
            replicas.open(clients.requests(), options).onComplete(opened -> {
                if (opened.failed()) {
                    failed(opened.cause());
                    return;
                }
                HttpClientRequest up = opened.result();
                upstream = up;
                // failures surface through the response future; without a handler Vert.x logs each one as an error
                up.exceptionHandler(failure -> LOG.debugf("route=%s upstream request failed: %s", route.name(), failure.getMessage()));
                // a client that goes away while waiting frees the upstream connection too
                response.exceptionHandler(failure -> up.reset(0, failure));
                copyRequestHeaders(up);
                up.response().onComplete(answered -> {
                    cancelTimer();
                    if (answered.succeeded()) {
                        relay(answered.result());
                    } else {
                        failed(answered.cause());
                    }
                });
                if (!hasBody()) {
                    up.end();
                    requestForwarded();
                    request.resume();
                } else {
                    pipeBody(up);
                }
            });
        }

        private void copyRequestHeaders(HttpClientRequest up) {
            MultiMap headers = up.headers();
            for (Map.Entry<String, String> header : request.headers()) {
                if (!HOP_BY_HOP_REQUEST_HEADERS.contains(header.getKey())) {
                    headers.add(header.getKey(), header.getValue());
                }
            }
            if (chunked) {
                headers.remove(HttpHeaders.CONTENT_LENGTH);
                up.setChunked(true);
            }
        }

        private void pipeBody(HttpClientRequest up) {
            bodyStarted = true;
            Pipe<Buffer> pipe = new LimitedBody(request, route.maxBodySize(), this::requestForwarded, this::tooLarge).pipe();
            pipe.endOnComplete(true);
            pipe.endOnFailure(false);
            pipe.to(up).onFailure(failure -> up.reset(0, failure));
        }

        private void relay(HttpClientResponse answer) {
            HttpServerResponse out = response;
            if (out.ended() || out.closed()) {
                answer.request().reset();
                finished();
                return;
            }
            out.setStatusCode(answer.statusCode());
            String message = answer.statusMessage();
            if (message != null) out.setStatusMessage(message);
            MultiMap headers = out.headers();
            for (Map.Entry<String, String> header : answer.headers()) {
                if (!HOP_BY_HOP_RESPONSE_HEADERS.contains(header.getKey())) {
                    headers.add(header.getKey(), header.getValue());
                }
            }
            if (!headers.contains(HttpHeaders.CONTENT_LENGTH) && request.version() != HttpVersion.HTTP_1_0) {
                out.setChunked(true);
            }
            Pipe<Buffer> pipe = answer.pipe();
            pipe.endOnSuccess(true);
            pipe.endOnFailure(false);
            pipe.to(out).onComplete(ar -> {
                if (ar.failed()) {
                    // the answer broke off mid-body (client or upstream went away); nothing left to tell anyone
                    LOG.debugf("route=%s %s %s: response interrupted: %s", route.name(), request.method(),
                            request.path(), ar.cause().getMessage());
                    answer.request().reset();
                    out.reset();
                }
                finished();
            });
        }

        private void finished() {
            metrics.recordRequest(route.name(), response.getStatusCode(), System.nanoTime() - startNanos);
            if (tooLarge) {
                LingeringClose.after(vertx, request);
            }
        }

        /** A pooled connection the upstream had just closed, or a replica that died: try once more elsewhere. */
        private boolean mayRetry(Throwable failure) {
            return !retried && !timedOut && !tooLarge
                    && !(failure instanceof UpstreamUnavailableException)
                    && IDEMPOTENT.contains(request.method())
                    && !hasBody()
                    && !response.headWritten();
        }

        /** The whole request is upstream: from now on the upstream has {@code response-timeout} to answer. */
        void requestForwarded() {
            HttpClientRequest up = upstream;
            if (up == null || timer != -1) return;
            timer = vertx.setTimer(route.responseTimeout().toMillis(), id -> {
                timer = -1;
                timedOut = true;
                up.reset(0, new TimeoutException("upstream did not answer in time"));
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

        private void failed(Throwable failure) {
            if (mayRetry(failure)) {
                retried = true;
                upstream = null;
                send();
                return;
            }
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
            } else if (!bodyStarted) {
                // nothing will read the body any more; let it drain so the connection can serve the next request
                request.resume();
            }
            ErrorResponses.send(response, status, message);
            finished();
        }
    }
}
