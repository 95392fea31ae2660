package io.quintet.gateway.routing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * One request forwarded by a {@link DirectConnection}: the same forwarding as {@link HttpForwarder}'s
 * (replica order and failover, one retry of a body-less idempotent request on a dropped pooled connection,
 * the response timeout, early refusals relayed with a lingering close, metrics, JSON errors), with Netty's
 * messages on both sides. The answer's head and body parts go to the client as the upstream's decoder made
 * them, without a copy. Everything runs on the client connection's event loop.
 */
final class DirectExchange extends ResponseDeadlines.Waiting
        implements UpstreamChannels.Acquirer, UpstreamConnection.Listener {

    private static final Logger LOG = Logger.getLogger(DirectExchange.class);
    private static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("Strict-Transport-Security");
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached(ForwardedHeaders.FOR);
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached(ForwardedHeaders.PROTO);
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached(ForwardedHeaders.HOST);
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached(ForwardedHeaders.PORT);
    private static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached(ForwardedHeaders.PREFIX);
    private static final AsciiString HTTPS = AsciiString.cached("https");
    private static final AsciiString HTTP = AsciiString.cached("http");

    private final DirectConnection client;
    private final HttpForwarder forwarder;
    private final Route route;
    private final HttpRequest request;
    private final long declared;
    private final long startNanos;
    /** The client asked to close after this answer. */
    private final boolean clientCloses;

    /** The request head as it goes upstream, built on the first attempt. */
    private HeadersMultiMap headers;

    private List<Upstream> order;
    private int attempt;
    private Throwable lastFailure;
    private UpstreamConnection upstream;
    /** Body parts that arrived before an upstream connection was lent. */
    private ArrayDeque<HttpContent> pending;

    /** The client's request has not been read to its end. */
    boolean receivingBody = true;

    private boolean awaitingAnswer;
    private boolean timedOut;
    private boolean retried;
    private boolean bodyStarted;
    private boolean bodyForwarded;
    private boolean bodyAbandoned;
    private boolean interim;
    private boolean answering;
    private boolean keepAlive;
    private boolean closeClient;
    private boolean clientClosed;
    private boolean waitingForClient;
    /** Body parts were written upstream but not flushed yet (see {@link #readComplete}). */
    private boolean upstreamUnflushed;

    private boolean done;
    private int status = 200;

    DirectExchange(DirectConnection client, HttpForwarder forwarder, HttpRequest request) {
        this.client = client;
        this.forwarder = forwarder;
        this.route = forwarder.route;
        this.request = request;
        String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        this.declared = length == null ? -1 : DirectForwarding.declaredLength(length);
        this.clientCloses = request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        this.closeClient = clientCloses;
        this.startNanos = System.nanoTime();
    }

    private boolean hasBody() {
        return declared > 0;
    }

    void start() {
        order = forwarder.replicas.attemptOrder();
        attempt = 0;
        lastFailure = null;
        tryNext();
    }

    private void tryNext() {
        if (attempt == order.size()) {
            failed(forwarder.replicas.unavailable(lastFailure));
            return;
        }
        forwarder.channels.acquire(client.channel.eventLoop(), order.get(attempt), this);
    }

    @Override
    public void acquireFailed(Throwable cause) {
        forwarder.replicas.failed(order.get(attempt), cause);
        lastFailure = cause;
        attempt++;
        if (clientClosed) {
            finished();
            return;
        }
        tryNext();
    }

    @Override
    public void acquired(UpstreamConnection connection) {
        Upstream target = order.get(attempt);
        forwarder.replicas.connected(target);
        if (clientClosed) {
            // the client went away while this request waited for a connection
            connection.release(true);
            finished();
            return;
        }
        upstream = connection;
        connection.listener = this;
        if (headers == null) headers = copyRequestHeaders();
        headers.set(HttpHeaderNames.HOST, target.hostHeader());
        Channel channel = connection.channel;
        HttpMethod method = request.method();
        if (!hasBody()) {
            channel.writeAndFlush(
                    new DefaultFullHttpRequest(
                            HttpVersion.HTTP_1_1,
                            method,
                            request.uri(),
                            Unpooled.EMPTY_BUFFER,
                            headers,
                            EmptyHttpHeaders.INSTANCE),
                    channel.voidPromise());
            requestForwarded();
            return;
        }
        // the head leaves with the first piece of the body
        channel.write(
                new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, request.uri(), headers), channel.voidPromise());
        bodyStarted = true;
        ArrayDeque<HttpContent> parts = pending;
        pending = null;
        boolean last = false;
        if (parts != null) {
            HttpContent part;
            while ((part = parts.poll()) != null) {
                last |= part instanceof LastHttpContent;
                channel.write(part, channel.voidPromise());
            }
        }
        channel.flush();
        if (last) {
            requestForwarded();
        } else if (channel.isWritable()) {
            client.channel.config().setAutoRead(true);
        }
    }

    private HeadersMultiMap copyRequestHeaders() {
        // not validated again: the decoder accepted every name and value already
        HeadersMultiMap copy = HeadersMultiMap.headers();
        String priorFor = null;
        HttpHeaders in = request.headers();
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            CharSequence name = header.getKey();
            if (HttpForwarder.hopByHopRequestHeader(name)) continue;
            if (ForwardedHeaders.writtenByThisHop(name)) {
                if (AsciiString.contentEqualsIgnoreCase(name, ForwardedHeaders.FOR)) {
                    String value = header.getValue().toString();
                    priorFor = priorFor == null ? value : priorFor + ", " + value;
                }
                continue;
            }
            copy.add(name, header.getValue());
        }
        String address = client.clientAddress();
        copy.add(X_FORWARDED_FOR, priorFor == null ? address : priorFor + ", " + address);
        copy.add(X_FORWARDED_PROTO, client.forwarding.secure ? HTTPS : HTTP);
        copy.add(X_FORWARDED_HOST, in.get(HttpHeaderNames.HOST));
        String port = client.localPortText();
        if (port != null) copy.add(X_FORWARDED_PORT, port);
        copy.add(X_FORWARDED_PREFIX, route.prefix());
        return copy;
    }

    /** A part of the client's body, in order; this exchange owns it. */
    void bodyPart(HttpContent part) {
        boolean last = part instanceof LastHttpContent;
        if (last) receivingBody = false;
        if (!hasBody() || done || bodyAbandoned) {
            part.release();
            return;
        }
        UpstreamConnection up = upstream;
        if (up == null) {
            if (bodyStarted) {
                part.release(); // answered and released already: the rest is not wanted
                return;
            }
            // no connection yet: keep it, and read no more until there is one
            if (pending == null) pending = new ArrayDeque<>(2);
            pending.add(part);
            client.channel.config().setAutoRead(false);
            return;
        }
        Channel channel = up.channel;
        if (last) {
            channel.writeAndFlush(part, channel.voidPromise());
            upstreamUnflushed = false;
            requestForwarded();
            return;
        }
        // flushed when this read of the client's connection is over: one write upstream per read, not per part
        channel.write(part, channel.voidPromise());
        upstreamUnflushed = true;
        if (!channel.isWritable()) {
            channel.flush();
            upstreamUnflushed = false;
            // the flush may have drained it already (and reported it writable again): pause only if it did not
            if (!channel.isWritable()) client.channel.config().setAutoRead(false); // resumed by upstreamWritable
        }
    }

    /** The client connection's current read is over: what it brought goes upstream now. */
    void readComplete() {
        UpstreamConnection up = upstream;
        if (upstreamUnflushed && up != null) {
            upstreamUnflushed = false;
            up.channel.flush();
        }
    }

    @Override
    public void upstreamWritable(boolean writable) {
        if (writable && bodyStarted && receivingBody && !bodyAbandoned && !done) {
            client.channel.config().setAutoRead(true);
        }
    }

    /** The client connection's outbound buffer crossed a water mark. */
    void clientWritable(boolean writable) {
        UpstreamConnection up = upstream;
        if (writable && waitingForClient && up != null) {
            waitingForClient = false;
            up.channel.config().setAutoRead(true);
        }
    }

    @Override
    public void upstreamRead(HttpObject part) {
        if (part instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                // not an HTTP answer the gateway can relay
                ReferenceCountUtil.release(part);
                lastFailure = head.decoderResult().cause();
                abandonUpstream();
                failed(lastFailure);
                return;
            }
            interim = head.status().code() < 200;
            // informational answers (103 Early Hints and the like) stay between gateway and service
            if (!interim) relayHead(head);
            if (!(part instanceof HttpContent)) return;
        }
        if (part instanceof HttpContent content) relayContent(content);
    }

    private void relayHead(HttpResponse head) {
        cancelTimer();
        if (clientClosed) {
            abandonUpstream();
            finished();
            return;
        }
        answering = true;
        status = head.status().code();
        if (bodyStarted && !bodyForwarded && status >= 400) {
            // an early refusal: the upstream will not read the rest, so neither will this connection
            bodyAbandoned = true;
        }
        HttpHeaders answer = head.headers();
        keepAlive = HttpUtil.isKeepAlive(head);
        boolean chunked = HttpUtil.isTransferEncodingChunked(head);
        removeHopByHop(answer);
        if (chunked || !answer.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            // relayed chunk by chunk; a body that ends with the upstream's connection gets chunked too
            answer.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (client.forwarding.hsts != null) answer.set(STRICT_TRANSPORT_SECURITY, client.forwarding.hsts);
        if (bodyAbandoned) closeClient = true;
        if (closeClient) answer.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        ChannelHandlerContext out = client.ctx;
        out.write(head, out.voidPromise());
    }

    private static void removeHopByHop(HttpHeaders headers) {
        List<String> found = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            if (HttpForwarder.hopByHopResponseHeader(name)) {
                if (found == null) found = new java.util.ArrayList<>(2);
                found.add(name.toString());
            }
        }
        if (found != null) {
            for (String name : found) headers.remove(name);
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
        ChannelHandlerContext out = client.ctx;
        if (!last) {
            out.writeAndFlush(content, out.voidPromise());
            if (!client.channel.isWritable()) {
                UpstreamConnection up = upstream;
                waitingForClient = true;
                up.channel.config().setAutoRead(false); // resumed by clientWritable
            }
            return;
        }
        if (closeClient && !lingers()) {
            out.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE);
        } else {
            out.writeAndFlush(content, out.voidPromise());
        }
        UpstreamConnection up = upstream;
        upstream = null;
        if (up != null) {
            if (!up.channel.config().isAutoRead()) up.channel.config().setAutoRead(true);
            up.release(keepAlive && bodyForwarded && !bodyAbandoned);
        }
        finished();
    }

    @Override
    public void upstreamClosed() {
        upstream = null;
        if (answering) {
            interrupted(lastFailure != null ? lastFailure : new UpstreamClosedException());
        } else {
            failed(lastFailure != null ? lastFailure : new UpstreamClosedException());
        }
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        if (upstream == null) return;
        if (bodyStarted && !bodyForwarded && cause instanceof java.io.IOException) {
            // a service that answered early and closed without reading the rest: its answer may still come
            lastFailure = cause;
            if (!bodyAbandoned) {
                LOG.debugf("route=%s upstream stopped taking the request body: %s", route.name(), cause.getMessage());
                bodyAbandoned = true;
                client.channel.config().setAutoRead(false);
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
    }

    /** The answer broke off mid-body: the client can only learn it from the connection's end. */
    private void interrupted(Throwable cause) {
        LOG.debugf("route=%s %s %s: response interrupted: %s", route.name(), request.method(), request.uri(), cause);
        abandonUpstream();
        closeClient = true;
        client.channel.close();
        finished();
    }

    /** The client connection closed. */
    void clientGone() {
        clientClosed = true;
        cancelTimer();
        releasePending();
        if (upstream != null) abandonUpstream();
        if (!done) recordDone();
    }

    private void abandonUpstream() {
        UpstreamConnection up = upstream;
        upstream = null;
        if (up != null) up.abandon();
    }

    private void releasePending() {
        ArrayDeque<HttpContent> parts = pending;
        pending = null;
        if (parts == null) return;
        HttpContent part;
        while ((part = parts.poll()) != null) part.release();
    }

    private void recordDone() {
        done = true;
        forwarder.requests.record(status, System.nanoTime() - startNanos);
    }

    private void finished() {
        if (done) return;
        recordDone();
        releasePending();
        if (clientClosed) return;
        client.exchangeDone(closeClient, lingers(), receivingBody);
    }

    /**
     * The body was abandoned part-way and the client is still sending it: read and drop the rest before
     * closing, or the client may see a reset instead of the answer (see {@link LingeringClose}).
     */
    private boolean lingers() {
        return bodyAbandoned && !bodyForwarded && receivingBody;
    }

    private boolean mayRetry(Throwable failure) {
        return !retried
                && !timedOut
                && !(failure instanceof UpstreamUnavailableException)
                && HttpForwarder.IDEMPOTENT_NETTY.contains(request.method())
                && !hasBody()
                && !answering
                && !clientClosed;
    }

    /** The whole request is upstream: from now on the upstream has {@code response-timeout} to answer. */
    private void requestForwarded() {
        if (!bodyAbandoned) bodyForwarded = true;
        if (upstream == null || awaitingAnswer || answering) return;
        awaitingAnswer = true;
        ResponseDeadlines.await(
                client.channel.eventLoop(), this, route.responseTimeout().toMillis());
    }

    @Override
    void expired() {
        if (!awaitingAnswer || upstream == null) return;
        awaitingAnswer = false;
        timedOut = true;
        abandonUpstream();
        failed(new TimeoutException("upstream did not answer in time"));
    }

    private void cancelTimer() {
        awaitingAnswer = false;
        stopWaiting();
    }

    private void failed(Throwable failure) {
        if (done) return;
        if (clientClosed) {
            finished();
            return;
        }
        if (mayRetry(failure)) {
            retried = true;
            upstream = null;
            start();
            return;
        }
        HttpForwarder.Failure answer = forwarder.describeFailure(
                false, timedOut, failure, request.method().name(), request.uri());
        if (answering) {
            // the head is out already: only the connection's end can tell
            closeClient = true;
            client.channel.close();
            finished();
            return;
        }
        status = answer.status();
        if (bodyAbandoned && !bodyForwarded) closeClient = true;
        ByteBuf body = Unpooled.wrappedBuffer(
                ErrorResponses.body(status, answer.message()).getBytes());
        DefaultFullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), body);
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, ErrorResponses.JSON);
        h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (client.forwarding.hsts != null) h.set(STRICT_TRANSPORT_SECURITY, client.forwarding.hsts);
        if (closeClient) h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ChannelHandlerContext out = client.ctx;
        if (closeClient && !lingers()) {
            out.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            out.writeAndFlush(response, out.voidPromise());
        }
        finished();
    }

    /** The connection ended before the answer did. */
    private static final class UpstreamClosedException extends RuntimeException {
        UpstreamClosedException() {
            super("the connection closed", null, false, false);
        }
    }
}
