package io.quintet.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import io.vertx.core.impl.ContextInternal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Forwards plain HTTP requests of one route over kept-alive Netty channels ({@link UpstreamChannels}):
 * headers are copied in one pass without hop-by-hop ones, bodies stream both ways with back-pressure
 * (never buffered). Around that: replica choice, the body limit, the response timeout, one retry of a
 * body-less idempotent request on a dropped connection, and JSON answers for every failure.
 *
 * <p>The client side is Vert.x' server request and response; the upstream side is Netty's HTTP codec
 * without the Vert.x HTTP client, whose pool, request objects, futures and context hops cost more per
 * request than everything else the gateway does.
 */
final class HttpForwarder {
    private static final Logger LOG = Logger.getLogger(HttpForwarder.class);
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(
            HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    static final Set<io.netty.handler.codec.http.HttpMethod> IDEMPOTENT_NETTY = Set.of(
            io.netty.handler.codec.http.HttpMethod.GET,
            io.netty.handler.codec.http.HttpMethod.HEAD,
            io.netty.handler.codec.http.HttpMethod.OPTIONS,
            io.netty.handler.codec.http.HttpMethod.PUT,
            io.netty.handler.codec.http.HttpMethod.DELETE,
            io.netty.handler.codec.http.HttpMethod.TRACE);
    private static final Set<HttpMethod> BODYLESS =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.DELETE, HttpMethod.TRACE);
    private final Vertx vertx;
    final Route route;
    final ReplicaSet replicas;
    final UpstreamChannels channels;
    final RouteMetrics metrics;
    /** This route's request meters. */
    final RouteMetrics.Requests requests;

    HttpForwarder(Vertx vertx, Route route, ReplicaSet replicas, UpstreamChannels channels, RouteMetrics metrics) {
        this.vertx = vertx;
        this.route = route;
        this.replicas = replicas;
        this.channels = channels;
        this.metrics = metrics;
        RouteMetrics.Requests perRoute = metrics.requests(route.name());
        this.requests = perRoute != null ? perRoute : (status, nanos) -> {};
    }

    /**
     * Headers that describe one connection, not the message (RFC 9110 7.6.1), and Host (the client sets its
     * own). A switch on the length first: most headers are rejected without a single character compared.
     */
    static boolean hopByHopRequestHeader(CharSequence name) {
        return switch (name.length()) {
            case 4 -> AsciiString.contentEqualsIgnoreCase(name, "host");
            case 19 -> AsciiString.contentEqualsIgnoreCase(name, "proxy-authorization");
            default -> hopByHopResponseHeader(name);
        };
    }

    static boolean hopByHopResponseHeader(CharSequence name) {
        return switch (name.length()) {
            case 2 -> AsciiString.contentEqualsIgnoreCase(name, "te");
            case 7 ->
                AsciiString.contentEqualsIgnoreCase(name, "upgrade")
                        || AsciiString.contentEqualsIgnoreCase(name, "trailer");
            case 10 ->
                AsciiString.contentEqualsIgnoreCase(name, "connection")
                        || AsciiString.contentEqualsIgnoreCase(name, "keep-alive");
            case 16 -> AsciiString.contentEqualsIgnoreCase(name, "proxy-connection");
            case 17 -> AsciiString.contentEqualsIgnoreCase(name, "transfer-encoding");
            case 18 -> AsciiString.contentEqualsIgnoreCase(name, "proxy-authenticate");
            default -> false;
        };
    }

    /**
     * @param uri        path and query to request upstream (see {@link PathMapping})
     * @param forwardedPrefix the X-Forwarded-Prefix value (see {@link PathMapping#forwardedPrefix()})
     * @param secure     whether the client came over TLS
     * @param startNanos when the request arrived, for the latency meter
     */
    void forward(HttpServerRequest request, String uri, String forwardedPrefix, boolean secure, long startNanos) {
        String transferEncoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            ErrorResponses.send(request.response(), 400, "unsupported Transfer-Encoding: " + transferEncoding);
            requests.record(400, System.nanoTime() - startNanos);
            return;
        }
        long declared = declaredLength(request);
        if (declared > route.maxBodySize()) {
            metrics.recordFailure(route.name(), "too_large");
            LingeringClose.announce(request);
            ErrorResponses.send(request.response(), 413, tooLargeMessage());
            requests.record(413, System.nanoTime() - startNanos);
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
        if (declared > 0 || chunked) request.pause();
        new Exchange(request, uri, forwardedPrefix, secure, declared, chunked, startNanos).send();
    }

    String tooLargeMessage() {
        return "request body larger than " + route.maxBodySize() + " bytes";
    }

    /** The gateway's own answer to a request it could not forward. */
    record Failure(int status, String message) {}

    /** The answer to a failed forwarding, counted in the metrics and logged (502 and 504 as warnings). */
    Failure describeFailure(boolean tooLarge, boolean timedOut, Throwable failure, String method, String path) {
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
                    method,
                    path,
                    status,
                    timedOut ? "no answer within " + route.responseTimeout().toMillis() + " ms" : failure.getMessage());
        } else {
            // 503: ReplicaSet already warned once per replica and back-off window; 413 is the client's doing
            LOG.debugf(
                    "route=%s method=%s path=%s status=%d cause=%s",
                    route.name(), method, path, status, failure.getMessage());
        }
        return new Failure(status, message);
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

    /** The connection ended before the answer did. */
    private static final class UpstreamClosed extends RuntimeException {
        UpstreamClosed() {
            super("the connection closed", null, false, false);
        }
    }

    /** The request body went over the route's limit. */
    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("request body exceeds the route's limit", null, false, false);
        }
    }

    /**
     * One proxied request: the replicas it may try, the upstream connection lent to it, its response timer
     * and how it ended. Netty's callbacks (connection lent, answer parts, connection closed) run inside the
     * request's Vert.x context, as the client side's own handlers do.
     */
    private final class Exchange extends ResponseDeadlines.Waiting
            implements UpstreamChannels.Acquirer, UpstreamConnection.Listener {
        final HttpServerRequest request;
        final HttpServerResponse response;
        final String uri;
        final String forwardedPrefix;
        final boolean secure;
        final long declared;
        final boolean chunked;
        final long startNanos;
        final ContextInternal context;
        /** The request head as it goes upstream, built on the first attempt. */
        HeadersMultiMap headers;

        List<Upstream> order;
        int attempt;
        Throwable lastFailure;
        UpstreamConnection upstream;
        long bodyBytes;

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
        /** An informational (1xx) answer is being skipped. */
        boolean interim;
        /** The final answer's head has been relayed. */
        boolean answering;
        /** The upstream lets its connection serve another request after this answer. */
        boolean keepAlive;
        /** Recorded in the metrics. */
        boolean done;

        Exchange(
                HttpServerRequest request,
                String uri,
                String forwardedPrefix,
                boolean secure,
                long declared,
                boolean chunked,
                long startNanos) {
            this.request = request;
            this.forwardedPrefix = forwardedPrefix;
            this.secure = secure;
            this.response = request.response();
            this.uri = uri;
            this.declared = declared;
            this.chunked = chunked;
            this.startNanos = startNanos;
            this.context = (ContextInternal) vertx.getOrCreateContext();
        }

        boolean hasBody() {
            return declared > 0 || chunked;
        }

        void send() {
            order = replicas.attemptOrder();
            attempt = 0;
            lastFailure = null;
            EventLoop loop = context.nettyEventLoop();
            if (loop.inEventLoop()) {
                tryNext();
            } else {
                loop.execute(() -> dispatch(this::tryNext));
            }
        }

        private void tryNext() {
            if (attempt == order.size()) {
                failed(replicas.unavailable(lastFailure));
                return;
            }
            channels.acquire(context.nettyEventLoop(), order.get(attempt), this);
        }

        private void dispatch(Runnable action) {
            ContextInternal previous = context.beginDispatch();
            try {
                action.run();
            } finally {
                context.endDispatch(previous);
            }
        }

        @Override
        public void acquireFailed(Throwable cause) {
            dispatch(() -> {
                replicas.failed(order.get(attempt), cause);
                lastFailure = cause;
                attempt++;
                tryNext();
            });
        }

        @Override
        public void acquired(UpstreamConnection connection) {
            ContextInternal previous = context.beginDispatch();
            try {
                start(connection);
            } finally {
                context.endDispatch(previous);
            }
        }

        private void start(UpstreamConnection connection) {
            Upstream target = order.get(attempt);
            replicas.connected(target);
            if (response.closed()) {
                // the client went away while this request waited for a connection
                connection.release(true);
                finished();
                return;
            }
            upstream = connection;
            connection.listener = this;
            if (headers == null) {
                headers = copyRequestHeaders();
                // a client that goes away while waiting frees the upstream connection too
                response.exceptionHandler(failure -> clientGone());
            }
            headers.set(HttpHeaders.HOST, target.hostHeader());
            Channel channel = connection.channel;
            io.netty.handler.codec.http.HttpMethod method = request.method().toNetty();
            if (!hasBody()) {
                channel.writeAndFlush(
                        new DefaultFullHttpRequest(
                                io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                                method,
                                uri,
                                Unpooled.EMPTY_BUFFER,
                                headers,
                                EmptyHttpHeaders.INSTANCE),
                        channel.voidPromise());
                requestForwarded();
            } else {
                // flushed with the first piece of the body: head and body usually leave in one packet
                channel.write(
                        new DefaultHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, method, uri, headers),
                        channel.voidPromise());
                pipeBody();
            }
        }

        private HeadersMultiMap copyRequestHeaders() {
            // not validated again: the decoder accepted every name and value already
            HeadersMultiMap copy = HeadersMultiMap.headers();
            String priorFor = null;
            for (Map.Entry<String, String> header : request.headers()) {
                String name = header.getKey();
                if (hopByHopRequestHeader(name)) continue;
                if (ForwardedHeaders.writtenByThisHop(name)) {
                    if (name.equalsIgnoreCase(ForwardedHeaders.FOR)) {
                        priorFor = priorFor == null ? header.getValue() : priorFor + ", " + header.getValue();
                    }
                    continue;
                }
                copy.add(name, header.getValue());
            }
            ForwardedHeaders.addTo(copy, request, priorFor, forwardedPrefix, secure);
            if (chunked) {
                copy.remove(HttpHeaders.CONTENT_LENGTH);
                copy.set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
            }
            return copy;
        }

        private void pipeBody() {
            bodyStarted = true;
            request.handler(this::bodyPiece);
            request.endHandler(v -> bodyEnd());
            request.resume();
        }

        private void bodyPiece(Buffer piece) {
            if (tooLarge || bodyAbandoned) return;
            bodyBytes += piece.length();
            if (bodyBytes > route.maxBodySize()) {
                tooLarge();
                return;
            }
            UpstreamConnection up = upstream;
            if (up == null) return; // answered and released already: the rest is not wanted
            Channel channel = up.channel;
            channel.writeAndFlush(new DefaultHttpContent(piece.getByteBuf()), channel.voidPromise());
            if (!channel.isWritable()) request.pause(); // resumed by upstreamWritable
        }

        private void bodyEnd() {
            if (tooLarge || bodyAbandoned) return;
            UpstreamConnection up = upstream;
            if (up != null) up.channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, up.channel.voidPromise());
            requestForwarded();
        }

        @Override
        public void upstreamWritable(boolean writable) {
            if (writable && bodyStarted && !bodyForwarded && !bodyAbandoned && !tooLarge) {
                dispatch(request::resume);
            }
        }

        @Override
        public void upstreamRead(HttpObject part) {
            // without a lambda per read: this runs for every part of every answer
            ContextInternal previous = context.beginDispatch();
            try {
                read(part);
            } finally {
                context.endDispatch(previous);
            }
        }

        private void read(HttpObject part) {
            if (part instanceof HttpResponse head) {
                if (head.decoderResult().isFailure()) {
                    // not an HTTP answer the gateway can relay
                    io.netty.util.ReferenceCountUtil.release(part);
                    lastFailure = head.decoderResult().cause();
                    abandonUpstream();
                    failed(lastFailure);
                    return;
                }
                int status = head.status().code();
                interim = status < 200;
                // informational answers (103 Early Hints and the like) stay between gateway and service
                if (!interim) relayHead(head);
                if (!(part instanceof HttpContent)) return;
            }
            if (part instanceof HttpContent content) {
                relayContent(content);
            }
        }

        private void relayHead(HttpResponse head) {
            cancelTimer();
            HttpServerResponse out = response;
            if (out.ended() || out.closed()) {
                abandonUpstream();
                finished();
                return;
            }
            answering = true;
            int status = head.status().code();
            if (bodyStarted && !bodyForwarded && status >= 400) {
                // an early refusal: the upstream will not read the rest, so neither will this connection
                bodyAbandoned = true;
                LingeringClose.announce(request);
            }
            out.setStatusCode(status);
            // the decoder hands out Netty's own constant when the reason is the standard one: nothing to set then
            if (head.status() != HttpResponseStatus.valueOf(status))
                out.setStatusMessage(head.status().reasonPhrase());
            MultiMap headers = out.headers();
            io.netty.handler.codec.http.HttpHeaders answer = head.headers();
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = answer.iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> header = it.next();
                if (!hopByHopResponseHeader(header.getKey())) {
                    headers.add(header.getKey(), header.getValue());
                }
            }
            keepAlive = HttpUtil.isKeepAlive(head);
            if (!answer.contains(HttpHeaders.CONTENT_LENGTH) && request.version() != HttpVersion.HTTP_1_0) {
                out.setChunked(true);
            }
        }

        private void relayContent(HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            if (interim || !answering) {
                content.release();
                if (last) interim = false;
                return;
            }
            if (content.decoderResult().isFailure()) {
                // the connection closed before the declared body was complete
                content.release();
                interrupted(content.decoderResult().cause());
                return;
            }
            // a copy the client connection's writes own; the upstream's pooled buffer goes back at once
            ByteBuf bytes = content.content();
            Buffer chunk = null;
            if (bytes.isReadable()) {
                chunk = Buffer.buffer(bytes.readableBytes());
                ((BufferImpl) chunk).byteBuf().writeBytes(bytes);
            }
            content.release();
            HttpServerResponse out = response;
            if (last) {
                // with a body of declared length, the last bytes, head and end leave in one write
                // no completion handler: Vert.x then writes without a promise and its listener
                if (!out.ended()) {
                    if (chunk != null) out.end(chunk, null);
                    else out.end((Handler<AsyncResult<Void>>) null);
                }
                UpstreamConnection up = upstream;
                upstream = null;
                if (up != null) {
                    if (!up.channel.config().isAutoRead()) up.channel.config().setAutoRead(true);
                    up.release(keepAlive && bodyForwarded && !bodyAbandoned);
                }
                finished();
                return;
            }
            if (chunk != null) out.write(chunk, null);
            if (out.writeQueueFull()) {
                UpstreamConnection up = upstream;
                up.channel.config().setAutoRead(false);
                out.drainHandler(v -> {
                    if (upstream == up) up.channel.config().setAutoRead(true);
                });
            }
        }

        @Override
        public void upstreamClosed() {
            dispatch(() -> {
                upstream = null;
                if (answering) {
                    interrupted(lastFailure != null ? lastFailure : new UpstreamClosed());
                } else {
                    failed(lastFailure != null ? lastFailure : new UpstreamClosed());
                }
            });
        }

        @Override
        public void upstreamFailed(Throwable cause) {
            dispatch(() -> {
                if (upstream == null) return;
                if (bodyStarted && !bodyForwarded && cause instanceof java.io.IOException) {
                    // Typically a service that answered early (413, 401) and closed without reading the rest: the
                    // writes fail (each queued one in turn), but its answer may already be here or still on its
                    // way. Stop sending and let the answer or the connection's end decide, under the response
                    // timeout.
                    lastFailure = cause;
                    if (!bodyAbandoned) {
                        LOG.debugf(
                                "route=%s upstream stopped taking the request body: %s",
                                route.name(), cause.getMessage());
                        bodyAbandoned = true;
                        request.pause();
                        requestForwarded();
                    }
                    return;
                }
                LOG.debugf("route=%s upstream connection failed: %s", route.name(), cause.getMessage());
                lastFailure = cause;
                abandonUpstream();
                if (answering) {
                    interrupted(cause);
                } else {
                    failed(cause);
                }
            });
        }

        /** The answer broke off mid-body (client or upstream went away); nothing left to tell anyone. */
        private void interrupted(Throwable cause) {
            LOG.debugf(
                    "route=%s %s %s: response interrupted: %s",
                    route.name(), request.method(), request.path(), cause.getMessage());
            abandonUpstream();
            response.reset();
            finished();
        }

        private void clientGone() {
            cancelTimer();
            if (upstream != null) {
                abandonUpstream();
                finished();
            }
        }

        private void abandonUpstream() {
            UpstreamConnection up = upstream;
            upstream = null;
            if (up != null) up.abandon();
        }

        private void finished() {
            if (done) return;
            done = true;
            requests.record(response.getStatusCode(), System.nanoTime() - startNanos);
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
                    && !response.headWritten()
                    && !response.closed();
        }

        /** The whole request is upstream: from now on the upstream has {@code response-timeout} to answer. */
        void requestForwarded() {
            if (!bodyAbandoned) bodyForwarded = true;
            if (upstream == null || awaitingAnswer || answering) return;
            awaitingAnswer = true;
            ResponseDeadlines.await(vertx, this, route.responseTimeout().toMillis());
        }

        @Override
        void expired() {
            if (!awaitingAnswer || upstream == null) return;
            awaitingAnswer = false;
            timedOut = true;
            abandonUpstream();
            failed(new TimeoutException("upstream did not answer in time"));
        }

        void tooLarge() {
            tooLarge = true;
            cancelTimer();
            abandonUpstream();
            failed(new BodyTooLarge());
        }

        private void cancelTimer() {
            awaitingAnswer = false;
            stopWaiting();
        }

        private void failed(Throwable failure) {
            if (done) return;
            if (mayRetry(failure)) {
                retried = true;
                upstream = null;
                send();
                return;
            }
            Failure answer = describeFailure(
                    tooLarge, timedOut, failure, request.method().name(), request.path());
            int status = answer.status();
            String message = answer.message();
            if (tooLarge || bodyAbandoned && !bodyForwarded) {
                LingeringClose.announce(request);
            } else if (!bodyStarted && hasBody()) {
                // nothing will read the body any more; let it drain so the connection can serve the next request
                request.resume();
            }
            ErrorResponses.send(response, status, message);
            finished();
        }
    }
}
