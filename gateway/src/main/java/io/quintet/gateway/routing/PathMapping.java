package io.quintet.gateway.routing;

import io.vertx.core.http.HttpServerRequest;

/**
 * How a listener's request path becomes the upstream path. The services serve under their prefix, so
 * on the main listeners the path goes upstream unchanged; on Linkora's own listener pair the client
 * sees the service at the root, and the route's prefix is put in front of the path.
 *
 * @param prepend         what is put in front of the client's path ("" when nothing is)
 * @param forwardedPrefix the {@code X-Forwarded-Prefix} value: the prefix under which the client sees the
 *                        service ({@code /} for the root, which Quarkus' forwarded-prefix support ignores)
 * @param secure          whether the listener is the TLS one; null when one mapping serves both
 */
public record PathMapping(String prepend, String forwardedPrefix, Boolean secure) {

    /** Main listeners: {@code /kosync/x?y} goes upstream as {@code /kosync/x?y}; TLS or not asked of each request. */
    public static PathMapping unchanged(Route route) {
        return new PathMapping("", route.prefix(), null);
    }

    /** The same on a listener known to be plain or TLS. */
    public static PathMapping unchanged(Route route, boolean secure) {
        return new PathMapping("", route.prefix(), secure);
    }

    /** A listener dedicated to one service: {@code /x?y} goes upstream as {@code <prefix>/x?y}. */
    public static PathMapping rootOf(Route route, boolean secure) {
        return new PathMapping(route.prefix(), "/", secure);
    }

    /**
     * Whether the request came over TLS: known from the listener where possible, because asking the
     * request walks the connection's channel pipeline each time.
     */
    public boolean secure(HttpServerRequest request) {
        return secure != null ? secure : request.isSSL();
    }

    /** The path and query to request upstream. */
    public String upstreamUri(HttpServerRequest request) {
        String uri = request.uri();
        if (prepend.isEmpty() && uri.startsWith("/")) {
            return uri;
        }
        if (!uri.startsWith("/")) {
            // absolute form ("http://host/x") or "*": keep only what names the resource
            String query = request.query();
            uri = request.path() + (query == null ? "" : "?" + query);
            if (!uri.startsWith("/")) uri = "/" + uri;
        }
        return prepend + uri;
    }

    /**
     * An origin-form URI of visible ASCII characters allowed in URIs, without dot segments or empty
     * segments in its path: what Quarkus' validation would accept and Vert.x Web's normalisation leave
     * unchanged, so the prefix test on the raw path gives the router's answer.
     */
    public static boolean plainlyWritten(String uri) {
        if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') return false;
        int n = uri.length();
        boolean inPath = true;
        for (int i = 0; i < n; i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                    || c == '{' || c == '|' || c == '}' || c == '#') {
                return false;
            }
            if (c == '?') {
                inPath = false;
            } else if (inPath && c == '/' && i + 1 < n) {
                char next = uri.charAt(i + 1);
                if (next == '/' || next == '.' || next == '%') return false; // "//", "/.", "/..", encoded dots
            }
        }
        return true;
    }
}
