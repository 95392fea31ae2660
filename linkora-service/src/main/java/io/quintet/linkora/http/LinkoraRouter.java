package io.quintet.linkora.http;

import io.quintet.linkora.error.LinkoraError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Puts the Linkora routes on the Quarkus router: CORS first (spec 2.5), then every feature's
 * {@link LinkoraRoutes}. Unknown paths answer 404 and known paths with another method 405, both
 * with empty bodies and whether or not a token was sent (spec 2.4).
 */
@ApplicationScoped
public class LinkoraRouter {

    /** Before every route, including Quarkus' own. */
    static final int CORS_ORDER = -300;

    private static final Set<HttpMethod> PREFLIGHT_METHODS =
            Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** After every route: what reaches it was not served. */
    static final int FALLBACK_ORDER = Integer.MAX_VALUE - 10;

    private final RouteHandlers handlers;
    private final Instance<LinkoraRoutes> features;
    private final String rootPath;

    public LinkoraRouter(
            RouteHandlers handlers,
            Instance<LinkoraRoutes> features,
            @ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/") String rootPath) {
        this.handlers = handlers;
        this.features = features;
        this.rootPath = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
    }

    void register(@Observes Router router) {
        router.route().order(CORS_ORDER).handler(LinkoraRouter::cors);
        RouteRegistry registry = new RouteRegistry(router, handlers);
        for (LinkoraRoutes feature : features) {
            feature.register(registry);
        }
        // What Vert.x would answer with its own 404/405 (and whatever reaches no route at all, such as
        // a request without Host or outside /linkora) comes from LinkoraFallbacks through the shared
        // ServiceFallbacks; this route only tells a known path with another method from an unknown one.
        router.route()
                .order(FALLBACK_ORDER)
                .handler(ctx -> handlers.answer(
                        ctx,
                        registry.serves(relative(ctx.normalizedPath()))
                                ? LinkoraError.WRONG_METHOD
                                : LinkoraError.UNKNOWN_PATH));
    }

    private String relative(String path) {
        String relative = path.startsWith(rootPath) ? path.substring(rootPath.length()) : path;
        if (relative.length() > 1 && relative.endsWith("/")) {
            relative = relative.substring(0, relative.length() - 1);
        }
        return relative.isEmpty() ? "/" : relative;
    }

    /**
     * Any origin, with credentials: the request's Origin is echoed (spec 2.5). A preflight for a
     * method other than the simple ones is refused with 403.
     */
    static void cors(RoutingContext ctx) {
        var response = ctx.response();
        response.headers().add(HttpHeaders.VARY, "Origin");
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
        String requested = ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (ctx.request().method() == HttpMethod.OPTIONS && origin != null && requested != null) {
            if (!PREFLIGHT_METHODS.contains(HttpMethod.valueOf(requested.trim().toUpperCase()))) {
                response.setStatusCode(403).end();
                return;
            }
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "OPTIONS")
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type")
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
                    .setStatusCode(200)
                    .end();
            return;
        }
        ctx.next();
    }
}
