package io.quintet.gateway.routing;

import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.metrics.RouteMetrics;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One {@link RouteProxy} per configured route, built once, so that every listener forwarding a route
 * shares its replica rotation, down marks, clients and meters.
 */
@ApplicationScoped
public class RouteProxies {

    private final Map<String, RouteProxy> byName = new LinkedHashMap<>();

    public RouteProxies(
            Vertx vertx,
            RouteTable table,
            UpstreamClients clients,
            UpstreamChannels channels,
            RouteMetrics metrics,
            GatewayConfig config) {
        for (Route route : table.routes()) {
            ReplicaSet replicas =
                    route.configured() ? new ReplicaSet(route, config.connectTimeout(), config.downBackoff()) : null;
            byName.put(
                    route.name(),
                    new RouteProxy(
                            vertx,
                            route,
                            replicas,
                            clients,
                            channels,
                            metrics,
                            config.operationalEndpoints().publicAccess(),
                            config.webSockets().maxFrameSize().asLongValue()));
        }
    }

    public Iterable<RouteProxy> all() {
        return byName.values();
    }

    public Optional<RouteProxy> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
