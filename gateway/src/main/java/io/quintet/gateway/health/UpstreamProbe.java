package io.quintet.gateway.health;

import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.routing.Route;
import io.quintet.gateway.routing.RouteTable;
import io.quintet.gateway.routing.Upstream;
import io.quintet.gateway.routing.UpstreamClients;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks every upstream of every route, in parallel, whether it is ready ({@code /q/health/ready} on the
 * route's management port, or {@code <prefix>/q/health/ready} on the upstream's own port without one,
 * answers 200 within {@code health-probe-timeout}). Used by the gateway's readiness and its landing page.
 */
@ApplicationScoped
public class UpstreamProbe {

    public record UpstreamStatus(String address, boolean ready, String detail) {}

    public record RouteStatus(Route route, List<UpstreamStatus> upstreams) {
        public boolean configured() {
            return route.configured();
        }

        public boolean ready() {
            return upstreams.stream().anyMatch(UpstreamStatus::ready);
        }
    }

    private final RouteTable table;
    private final UpstreamClients clients;
    private final String healthPath;
    private final long timeoutMillis;

    public UpstreamProbe(RouteTable table, UpstreamClients clients, GatewayConfig config) {
        this.table = table;
        this.clients = clients;
        this.healthPath = config.upstreamHealthPath().startsWith("/")
                ? config.upstreamHealthPath()
                : "/" + config.upstreamHealthPath();
        this.timeoutMillis = config.healthProbeTimeout().toMillis();
    }

    /** Never fails: an unreachable upstream is reported as not ready. */
    public Future<List<RouteStatus>> probeAll() {
        List<Future<RouteStatus>> routes = new ArrayList<>();
        for (Route route : table.routes()) {
            routes.add(probe(route));
        }
        return Future.join(routes)
                .map(done -> routes.stream().map(Future::result).toList());
    }

    private Future<RouteStatus> probe(Route route) {
        List<Future<UpstreamStatus>> checks =
                route.upstreams().stream().map(u -> probe(route, u)).toList();
        return Future.join(checks)
                .map(done -> new RouteStatus(
                        route, checks.stream().map(Future::result).toList()));
    }

    private Future<UpstreamStatus> probe(Route route, Upstream upstream) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(upstream.host())
                .setPort(route.managementPort() > 0 ? route.managementPort() : upstream.port())
                .setSsl(upstream.ssl())
                .setURI(route.managementPort() > 0 ? healthPath : route.prefix() + healthPath)
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(timeoutMillis);
        return clients.probes()
                .request(options)
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> response.statusCode()))
                .map(status -> new UpstreamStatus(
                        upstream.toString(), status == 200, status == 200 ? "ready" : "answers " + status))
                .otherwise(failure ->
                        new UpstreamStatus(upstream.toString(), false, "unreachable: " + failure.getMessage()));
    }
}
