package io.quintet.gateway.routing;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.Http1xServerConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Plain HTTP/1.1 requests of one main listener, forwarded straight from the client connection's Netty
 * pipeline: a {@link DirectConnection} sits in front of Vert.x' own handler on every HTTP/1.x connection and
 * relays a request it {@link #accepts} to the route's upstream over {@link UpstreamChannels}, without Vert.x'
 * request, response, context and write-queue objects, which cost more CPU per small request than the
 * forwarding itself (issue 19). Whatever else arrives (pages, certificates, WebSocket upgrades, HEAD,
 * {@code Expect}, chunked or oversized bodies, HTTP/1.0, URIs that need normalising, malformed requests)
 * goes on to Vert.x unchanged, and so does everything after it on that connection.
 */
public final class DirectForwarding {

    /** Name of the handler in the connection's pipeline. */
    static final String HANDLER_NAME = "quintet-direct";

    private record Prefix(String prefix, RouteProxy proxy) {}

    private final Prefix[] prefixes;
    private final String certificatePagePath;
    final boolean secure;
    /** The Strict-Transport-Security value for every answer, or null. */
    final CharSequence hsts;

    public DirectForwarding(
            Iterable<RouteProxy> proxies, String certificatePagePath, boolean secure, CharSequence hsts) {
        List<Prefix> list = new ArrayList<>();
        for (RouteProxy proxy : proxies) list.add(new Prefix(proxy.route().prefix(), proxy));
        this.prefixes = list.toArray(Prefix[]::new);
        this.certificatePagePath = certificatePagePath;
        this.secure = secure;
        this.hsts = hsts;
    }

    /**
     * Puts a {@link DirectConnection} in front of Vert.x' handler of a new HTTP/1.x connection (called before
     * its first request is read); HTTP/2 connections stay with Vert.x alone.
     */
    public void install(HttpConnection connection) {
        if (!(connection instanceof Http1xServerConnection http1)) return;
        ChannelPipeline pipeline = http1.channelHandlerContext().pipeline();
        if (pipeline.get("handler") == null || pipeline.get(HANDLER_NAME) != null) return;
        // the connection's idle timeout moves into the new handler, which sees every read and write anyway
        long idleTimeoutNanos = 0;
        if (pipeline.get("idle") instanceof IdleStateHandler idle
                && idle.getReaderIdleTimeInMillis() == 0
                && idle.getWriterIdleTimeInMillis() == 0
                && idle.getAllIdleTimeInMillis() > 0) {
            idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idle.getAllIdleTimeInMillis());
            pipeline.remove(idle);
        }
        pipeline.addBefore("handler", HANDLER_NAME, new DirectConnection(this, http1.channel(), idleTimeoutNanos));
    }

    /**
     * The forwarder of a request the gateway relays itself, or null for one that goes to Vert.x: only an
     * origin-form HTTP/1.1 request to a route with upstreams, plainly written (no normalising to do), with a
     * Host, without Upgrade, Expect or Transfer-Encoding, and a body of declared length within the route's
     * limit. Anything else needs an answer or a check Vert.x' path already gives.
     */
    HttpForwarder accepts(HttpRequest request) {
        if (!request.decoderResult().isSuccess() || request.protocolVersion() != HttpVersion.HTTP_1_1) return null;
        HttpMethod method = request.method();
        // HEAD: the response encoder does not know the answer has no body; CONNECT is not proxied
        if (method == HttpMethod.HEAD || method == HttpMethod.CONNECT) return null;
        String uri = request.uri();
        if (!PathMapping.plainlyWritten(uri)) return null;
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        RouteProxy proxy = match(path);
        if (proxy == null || path.equals(certificatePagePath)) return null;
        HttpForwarder forwarder = proxy.directForwarder(path);
        if (forwarder == null) return null;
        HttpHeaders headers = request.headers();
        if (!headers.contains(HttpHeaderNames.HOST)
                || headers.contains(HttpHeaderNames.UPGRADE)
                || headers.contains(HttpHeaderNames.EXPECT)
                || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            long declared = declaredLength(length);
            if (declared < 0
                    || declared > forwarder.route.maxBodySize()
                    || headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() != 1) {
                return null;
            }
        }
        return forwarder;
    }

    /** A Content-Length value as a number, -1 when it is not one. */
    static long declaredLength(String value) {
        int n = value.length();
        if (n == 0 || n > 18) return -1;
        long result = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return -1;
            result = result * 10 + (c - '0');
        }
        return result;
    }

    private RouteProxy match(String path) {
        for (Prefix p : prefixes) {
            String prefix = p.prefix();
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return p.proxy();
            }
        }
        return null;
    }
}
