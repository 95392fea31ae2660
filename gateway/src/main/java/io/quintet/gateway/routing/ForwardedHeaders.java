package io.quintet.gateway.routing;

import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The {@code X-Forwarded-*} headers: added while a plain request's headers are copied upstream
 * ({@link #addTo}), or to the incoming request itself before a WebSocket handshake copies it ({@link #apply}). The client's own X-Forwarded-For chain is
 * kept and extended; Proto, Host, Port and Prefix describe this hop and replace anything the client sent.
 * The prefix is the one the client sees ({@link PathMapping#forwardedPrefix()}); the path upstream always
 * carries the service's own prefix.
 */
final class ForwardedHeaders {

    static final String FOR = "X-Forwarded-For";
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String PORT = "X-Forwarded-Port";
    static final String PREFIX = "X-Forwarded-Prefix";

    private ForwardedHeaders() {}

    /** Whether {@code name} is one of the headers this hop writes itself (X-Forwarded-For is extended, not copied). */
    static boolean writtenByThisHop(CharSequence name) {
        int n = name.length();
        return n >= 15
                && n <= 18
                && AsciiString.regionMatches(name, true, 0, "x-forwarded-", 0, 12)
                && (AsciiString.contentEqualsIgnoreCase(name, FOR)
                        || AsciiString.contentEqualsIgnoreCase(name, PROTO)
                        || AsciiString.contentEqualsIgnoreCase(name, HOST)
                        || AsciiString.contentEqualsIgnoreCase(name, PORT)
                        || AsciiString.contentEqualsIgnoreCase(name, PREFIX));
    }

    /**
     * Adds this hop's headers to {@code upstream}, a copy of the request's headers without the ones
     * {@link #writtenByThisHop} names; {@code priorFor} is the client's own X-Forwarded-For chain, or null.
     */
    static void addTo(MultiMap upstream, HttpServerRequest request, String priorFor, String prefix, boolean secure) {
        SocketAddress remote = request.remoteAddress();
        String client = remote == null ? "unknown" : remote.hostAddress();
        upstream.add(FOR, priorFor == null ? client : priorFor + ", " + client);
        upstream.add(PROTO, secure ? "https" : "http");
        HostAndPort authority = request.authority();
        if (authority != null) {
            upstream.add(HOST, authority.toString());
        }
        SocketAddress local = request.localAddress();
        if (local != null && local.port() > 0) {
            upstream.add(PORT, Integer.toString(local.port()));
        }
        upstream.add(PREFIX, prefix);
    }

    static void apply(HttpServerRequest request, String prefix, boolean secure) {
        MultiMap headers = request.headers();
        SocketAddress remote = request.remoteAddress();
        String client = remote == null ? "unknown" : remote.hostAddress();
        if (headers.contains(FOR)) {
            List<String> prior = headers.getAll(FOR);
            headers.set(FOR, String.join(", ", prior) + ", " + client);
        } else {
            headers.set(FOR, client);
        }
        headers.set(PROTO, secure ? "https" : "http");
        HostAndPort authority = request.authority();
        if (authority != null) {
            headers.set(HOST, authority.toString());
        }
        SocketAddress local = request.localAddress();
        if (local != null && local.port() > 0) {
            headers.set(PORT, Integer.toString(local.port()));
        }
        headers.set(PREFIX, prefix);
    }
}
