package io.quintet.gateway.routing;

import io.vertx.core.net.SocketAddress;
import java.net.URI;

/**
 * One replica of a service. Remembers for a short while that it refused a connection, so that requests
 * go to its healthy siblings first instead of paying a failed connect each time.
 */
public final class Upstream {

    private final URI uri;
    private final String host;
    private final int port;
    private final boolean ssl;
    /** Built once: the client would otherwise parse the host into an address on every request. */
    private final SocketAddress address;
    /** The Host header a request to this replica carries: the port only where it is not the scheme's default. */
    private final String hostHeader;

    private volatile long downUntilNanos;

    Upstream(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("upstream must be an http:// or https:// address with a host: " + uri);
        }
        this.uri = uri;
        this.host = uri.getHost();
        this.ssl = scheme.equals("https");
        this.port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        this.address = SocketAddress.inetSocketAddress(port, host);
        this.hostHeader = port == (ssl ? 443 : 80) ? hostForHeader() : hostForHeader() + ":" + port;
    }

    private String hostForHeader() {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    String hostHeader() {
        return hostHeader;
    }

    SocketAddress address() {
        return address;
    }

    public URI uri() {
        return uri;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean ssl() {
        return ssl;
    }

    void markDown(long backoffNanos) {
        downUntilNanos = System.nanoTime() + backoffNanos;
    }

    void markUp() {
        // read first: a write on every request would bounce the field between the event loops' caches
        if (downUntilNanos != 0) downUntilNanos = 0;
    }

    boolean isMarkedDown() {
        long until = downUntilNanos;
        return until != 0 && System.nanoTime() - until < 0;
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
