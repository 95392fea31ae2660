package io.quintet.linkora.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;

/**
 * Registers the Linkora routes (spec 7): every route is one upper-case path segment under the
 * service prefix, case-sensitive; all but the public ones check the bearer token first.
 */
public final class RouteRegistry {

    private final Router router;
    private final RouteHandlers handlers;
    private final Set<String> paths = new HashSet<>();

    RouteRegistry(Router router, RouteHandlers handlers) {
        this.router = router;
        this.handlers = handlers;
    }

    /** {@code POST /<name>} with a JSON object body (415 without a JSON content type, 400 if malformed). */
    public void postJson(String name, Handler<JsonFields> handler) {
        handlers.withBody(router.route(HttpMethod.POST, path(name))).handler(ctx -> handlers.json(ctx, handler));
    }

    /** {@code POST /<name>} whose raw body the handler reads itself ({@code SEARCH_FOR_FOLDERS}). */
    public void postRaw(String name, Handler<RoutingContext> handler) {
        handlers.withBody(router.route(HttpMethod.POST, path(name))).handler(ctx -> handlers.raw(ctx, handler, false));
    }

    /** {@code GET /<name>} behind the bearer token. */
    public void get(String name, Handler<RoutingContext> handler) {
        router.route(HttpMethod.GET, path(name)).handler(ctx -> handlers.raw(ctx, handler, true));
    }

    /** {@code GET /<name>} without authentication (spec 3.1 lists the only such pages). */
    public void publicGet(String name, Handler<RoutingContext> handler) {
        router.route(HttpMethod.GET, path(name)).handler(ctx -> handlers.raw(ctx, handler, false));
    }

    /**
     * Direct access for routes that are not request/answer (the {@code /events} WebSocket): the
     * caller checks the token itself with {@link RouteHandlers#authorize}.
     */
    public Router router() {
        return router;
    }

    public RouteHandlers handlers() {
        return handlers;
    }

    String path(String name) {
        String path = name.isEmpty() ? "/" : "/" + name;
        paths.add(path);
        return path;
    }

    /** Whether some method is served at {@code path} (relative to the service prefix, no trailing slash). */
    boolean serves(String path) {
        return paths.contains(path);
    }
}
