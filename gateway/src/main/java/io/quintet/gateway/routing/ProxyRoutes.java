package io.quintet.gateway.routing;

import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Puts one proxy route per configured prefix on the Quarkus router (both {@code /prefix} and
 * {@code /prefix/...}), plus the JSON 404 for everything no route or gateway page claims.
 * No body handler runs on these routes: bodies stream through.
 */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    private final Vertx vertx;
    private final RouteTable table;
    private final UpstreamClients clients;
    private final RouteMetrics metrics;
    private final GatewayConfig config;

    public ProxyRoutes(Vertx vertx, RouteTable table, UpstreamClients clients, RouteMetrics metrics, GatewayConfig config) {
        this.vertx = vertx;
        this.table = table;
        this.clients = clients;
        this.metrics = metrics;
        this.config = config;
    }

    void register(@Observes Router router) {
        for (Route route : table.routes()) {
            Handler<RoutingContext> handler = handlerFor(route);
            router.route(route.prefix() + "/*").order(RouteOrder.PROXY).handler(handler).failureHandler(this::internalError);
            LOG.infof("route=%s prefix=%s upstreams=%s", route.name(), route.prefix(),
                    route.configured() ? route.upstreams() : "(not configured)");
        }
        router.route().last().handler(rc -> {
            metrics.recordRequest(RouteMetrics.UNROUTED, 404, 0);
            ErrorResponses.send(rc.response(), 404, "no service is served under " + rc.request().path());
        });
    }

    private Handler<RoutingContext> handlerFor(Route route) {
        if (!route.configured()) {
            return rc -> {
                metrics.recordRequest(route.name(), 503, 0);
                ErrorResponses.send(rc.response(), 503, "service " + route.name() + " is not running");
            };
        }
        ReplicaSet replicas = new ReplicaSet(route, config.connectTimeout(), config.downBackoff());
        HttpForwarder http = new HttpForwarder(vertx, route, replicas, clients, metrics);
        WebSocketTunnel webSockets = new WebSocketTunnel(vertx, route, replicas, clients.upgrades(), metrics);
        return rc -> {
            long start = System.nanoTime();
            HttpServerRequest request = rc.request();
            ForwardedHeaders.apply(request, route);
            if (WebSocketTunnel.isUpgrade(request)) {
                webSockets.handshake(request, start);
                return;
            }
            rc.addEndHandler(ended -> metrics.recordRequest(route.name(), rc.response().getStatusCode(), System.nanoTime() - start));
            http.forward(request);
        };
    }

    private void internalError(RoutingContext rc) {
        LOG.errorf(rc.failure(), "route handler failed for %s %s", rc.request().method(), rc.request().path());
        ErrorResponses.send(rc.response(), 500, "internal gateway error");
    }
}
