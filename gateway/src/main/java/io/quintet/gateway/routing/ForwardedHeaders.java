package io.quintet.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * Adds the {@code X-Forwarded-*} headers to the incoming request before it is copied upstream, so the
 * same code serves plain requests and WebSocket handshakes. The client's own X-Forwarded-For chain is
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
