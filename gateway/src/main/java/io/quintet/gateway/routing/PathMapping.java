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
 */
public record PathMapping(String prepend, String forwardedPrefix) {

    /** Main listeners: {@code /kosync/x?y} goes upstream as {@code /kosync/x?y}. */
    public static PathMapping unchanged(Route route) {
        return new PathMapping("", route.prefix());
    }

    /** A listener dedicated to one service: {@code /x?y} goes upstream as {@code <prefix>/x?y}. */
    public static PathMapping rootOf(Route route) {
        return new PathMapping(route.prefix(), "/");
    }

    /** The path and query to request upstream. */
    public String upstreamUri(HttpServerRequest request) {
        String uri = request.uri();
        if (prepend.isEmpty()) {
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
}
