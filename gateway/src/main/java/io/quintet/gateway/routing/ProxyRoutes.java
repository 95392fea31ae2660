package io.quintet.gateway.routing;

import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Puts one proxy route per configured prefix on the Quarkus router (both {@code /prefix} and
 * {@code /prefix/...}), forwarding paths unchanged, plus the JSON 404 for everything no route or
 * gateway page claims. Most proxied requests never reach the router (the main listeners hand them to
 * the route directly); these routes serve the URIs Quarkus has to validate or normalise first. No body
 * handler runs on these routes: bodies stream through.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    private final RouteProxies proxies;
    private final RouteMetrics metrics;

    public ProxyRoutes(RouteProxies proxies, RouteMetrics metrics) {
        this.proxies = proxies;
        this.metrics = metrics;
    }

    void register(@Observes Router router) {
        for (RouteProxy proxy : proxies.all()) {
            Route route = proxy.route();
            PathMapping unchanged = PathMapping.unchanged(route);
            router.route(route.prefix() + "/*")
                    .order(RouteOrder.PROXY)
                    .handler(rc -> proxy.handle(rc.request(), unchanged))
                    .failureHandler(this::internalError);
            LOG.infof(
                    "route=%s prefix=%s upstreams=%s",
                    route.name(), route.prefix(), route.configured() ? route.upstreams() : "(not configured)");
        }
        // first of all failure handlers: every failure on the gateway's own routes is answered in its JSON shape
        router.route().order(Integer.MIN_VALUE).failureHandler(this::internalError);
        router.route().last().handler(rc -> {
            metrics.recordRequest(RouteMetrics.UNROUTED, 404, 0);
            ErrorResponses.send(
                    rc.response(),
                    404,
                    "no service is served under " + rc.request().path());
        });
    }

    private void internalError(RoutingContext rc) {
        if (rc.failure() == null && rc.statusCode() >= 400 && rc.statusCode() < 500) {
            // the router refused the request itself (a target it cannot normalise): the client's fault
            ErrorResponses.send(
                    rc.response(),
                    rc.statusCode(),
                    rc.statusCode() == 405 ? "method not allowed here" : "malformed request");
            return;
        }
        if (rc.failure() == null && rc.statusCode() == 501) {
            // Vert.x Web's answer to a method it does not know, on the gateway's own pages
            ErrorResponses.send(rc.response(), 405, "method " + rc.request().method() + " is not allowed here");
            return;
        }
        LOG.errorf(
                rc.failure(),
                "route handler failed for %s %s",
                rc.request().method(),
                rc.request().path());
        ErrorResponses.send(rc.response(), 500, "internal gateway error");
    }
}
