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
import io.vertx.core.streams.Pipe;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

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
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(
            HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    private static final Set<HttpMethod> BODYLESS =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.DELETE, HttpMethod.TRACE);
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

    /**
     * Headers that describe one connection, not the message (RFC 9110 7.6.1), and Host (the client sets its
     * own). A switch on the length first: most headers are rejected without a single character compared.
     */
    static boolean hopByHopRequestHeader(String name) {
        return switch (name.length()) {
            case 4 -> name.equalsIgnoreCase("host");
            case 19 -> name.equalsIgnoreCase("proxy-authorization");
            default -> hopByHopResponseHeader(name);
        };
    }

    static boolean hopByHopResponseHeader(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("trailer");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 18 -> name.equalsIgnoreCase("proxy-authenticate");
            default -> false;
        };
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
        return value == null ? -1 : parseLength(value);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One proxied request: the upstream request, its response timer and how it ended. */
    private final class Exchange extends ResponseDeadlines.Waiting {
        final HttpServerRequest request;
        final HttpServerResponse response;
        final String uri;
        final long declared;
        final boolean chunked;
        final long startNanos;
        HttpClientRequest upstream;
        /** The response timeout runs (see {@link ResponseDeadlines}). */
        boolean awaitingAnswer;

        boolean timedOut;
        boolean tooLarge;
        boolean retried;
        boolean bodyStarted;
        /** The whole request body went upstream. */
        boolean bodyForwarded;
        /** The upstream stopped taking the body (it answered early and closed, or broke): the client's rest is unread. */
        boolean bodyAbandoned;

        Exchange(HttpServerRequest request, String uri, long declared, boolean chunked, long startNanos) {
            this.request = request;
            this.response = request.response();
            this.uri = uri;
            this.declared = declared;
            this.chunked = chunked;
            this.startNanos = startNanos;
        }

        boolean hasBody() {
            return declared > 0 || chunked;
        }

        void send() {
            replicas.open(clients.requests(), request.method(), uri).onComplete(opened -> {
                if (opened.failed()) {
                    failed(opened.cause());
                    return;
                }
                HttpClientRequest up = opened.result();
                upstream = up;
                // failures surface through the response future; without a handler Vert.x logs each one as an error
                up.exceptionHandler(failure ->
                        LOG.debugf("route=%s upstream request failed: %s", route.name(), failure.getMessage()));
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
                if (!hopByHopRequestHeader(header.getKey())) {
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
            Pipe<Buffer> pipe =
                    new LimitedBody(request, route.maxBodySize(), this::requestForwarded, this::tooLarge).pipe();
            pipe.endOnComplete(true);
            pipe.endOnFailure(false);
            pipe.to(up).onFailure(failure -> {
                if (failure instanceof LimitedBody.TooLarge || tooLarge || response.closed()) {
                    up.reset(0, failure);
                    return;
                }
                // The upstream side failed: typically a service that answered early (413, 401) and closed
                // without reading the rest. Its answer may already be here or still on its way, and a reset
                // would throw it away: let the response decide, under the response timeout.
                LOG.debugf("route=%s upstream stopped taking the request body: %s", route.name(), failure.getMessage());
                bodyAbandoned = true;
                requestForwarded();
            });
        }

        private void relay(HttpClientResponse answer) {
            HttpServerResponse out = response;
            if (out.ended() || out.closed()) {
                answer.request().reset();
                finished();
                return;
            }
            if (bodyStarted && !bodyForwarded && answer.statusCode() >= 400) {
                // an early refusal: the upstream will not read the rest, so neither will this connection
                bodyAbandoned = true;
                LingeringClose.announce(request);
            }
            out.setStatusCode(answer.statusCode());
            String message = answer.statusMessage();
            if (message != null) out.setStatusMessage(message);
            MultiMap headers = out.headers();
            for (Map.Entry<String, String> header : answer.headers()) {
                if (!hopByHopResponseHeader(header.getKey())) {
                    headers.add(header.getKey(), header.getValue());
                }
            }
            long length = -1;
            String declaredLength = headers.get(HttpHeaders.CONTENT_LENGTH);
            if (declaredLength == null) {
                if (request.version() != HttpVersion.HTTP_1_0) out.setChunked(true);
            } else if (request.method() != HttpMethod.HEAD) {
                length = parseLength(declaredLength);
            }
            // forwarded by hand rather than with a Pipe: the same back-pressure without a pipe and its
            // promises per answer
            long[] unsent = {length};
            answer.handler(chunk -> {
                if (unsent[0] > 0 && (unsent[0] -= chunk.length()) == 0) {
                    // the last bytes of a body of known length: head, body and end leave in one write, as
                    // most answers are a single chunk
                    out.end(chunk);
                    return;
                }
                out.write(chunk);
                if (out.writeQueueFull()) {
                    answer.pause();
                    out.drainHandler(v -> answer.resume());
                }
            });
            answer.exceptionHandler(failure -> {
                // the answer broke off mid-body (client or upstream went away); nothing left to tell anyone
                LOG.debugf(
                        "route=%s %s %s: response interrupted: %s",
                        route.name(), request.method(), request.path(), failure.getMessage());
                answer.handler(null);
                answer.endHandler(null);
                answer.request().reset();
                out.reset();
                finished();
            });
            answer.endHandler(v -> {
                if (!out.ended()) out.end();
                finished();
            });
        }

        private void finished() {
            metrics.recordRequest(route.name(), response.getStatusCode(), System.nanoTime() - startNanos);
            if (tooLarge || bodyAbandoned && !bodyForwarded) {
                LingeringClose.after(vertx, request);
            }
        }

        /** A pooled connection the upstream had just closed, or a replica that died: try once more elsewhere. */
        private boolean mayRetry(Throwable failure) {
            return !retried
                    && !timedOut
                    && !tooLarge
                    && !(failure instanceof UpstreamUnavailableException)
                    && IDEMPOTENT.contains(request.method())
                    && !hasBody()
                    && !response.headWritten();
        }

        /** The whole request is upstream: from now on the upstream has {@code response-timeout} to answer. */
        void requestForwarded() {
            if (!bodyAbandoned) bodyForwarded = true;
            if (upstream == null || awaitingAnswer) return;
            awaitingAnswer = true;
            ResponseDeadlines.await(vertx, this, route.responseTimeout().toMillis());
        }

        @Override
        void expired() {
            HttpClientRequest up = upstream;
            if (!awaitingAnswer || up == null) return;
            awaitingAnswer = false;
            timedOut = true;
            up.reset(0, new TimeoutException("upstream did not answer in time"));
        }

        void tooLarge() {
            tooLarge = true;
            cancelTimer();
        }

        private void cancelTimer() {
            awaitingAnswer = false;
            stopWaiting();
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
                message = "service " + route.name() + " did not answer within "
                        + route.responseTimeout().toMillis() + " ms";
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
                LOG.warnf(
                        "route=%s method=%s path=%s status=%d cause=%s",
                        route.name(),
                        request.method(),
                        request.path(),
                        status,
                        timedOut
                                ? "no answer within " + route.responseTimeout().toMillis() + " ms"
                                : failure.getMessage());
            } else {
                // 503: ReplicaSet already warned once per replica and back-off window; 413 is the client's doing
                LOG.debugf(
                        "route=%s method=%s path=%s status=%d cause=%s",
                        route.name(), request.method(), request.path(), status, failure.getMessage());
            }
            if (tooLarge || bodyAbandoned && !bodyForwarded) {
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
