package io.quintet.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quintet.gateway.routing.Route;
import io.quintet.gateway.routing.RouteTable;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-route meters: {@code quintet_gateway_requests} (count and latency by status class),
 * {@code quintet_gateway_upstream_failures} (by reason) and {@code quintet_gateway_websockets_open}.
 * Meters are created once per route and status class, so recording costs no registry lookup.
 */
// @Singleton, not @ApplicationScoped: recorded on every proxied request, where a client proxy is pure overhead
@Singleton
public class RouteMetrics {

    /** Tag used for requests that matched no route (404). */
    public static final String UNROUTED = "none";

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final MeterRegistry registry;
    private final Map<String, PerRoute> routes = new HashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();

    public RouteMetrics(MeterRegistry registry, RouteTable table) {
        this.registry = registry;
        for (Route route : table.routes()) {
            routes.put(route.name(), new PerRoute(registry, route.name()));
        }
        routes.put(UNROUTED, new PerRoute(registry, UNROUTED));
    }

    public void recordRequest(String route, int status, long nanos) {
        PerRoute r = routes.get(route);
        if (r != null) r.record(status, nanos);
    }

    /** The request meters of one route, to record without a lookup by name; null for an unknown route. */
    public Requests requests(String route) {
        PerRoute r = routes.get(route);
        return r == null ? null : r::record;
    }

    /** Records one request of a route. */
    @FunctionalInterface
    public interface Requests {
        void record(int status, long nanos);
    }

    public void recordFailure(String route, String reason) {
        failures.computeIfAbsent(
                        route + '\0' + reason,
                        k -> Counter.builder("quintet.gateway.upstream.failures")
                                .description(
                                        "Requests the gateway answered itself because the upstream was unavailable, slow or refused the body")
                                .tag("route", route)
                                .tag("reason", reason)
                                .register(registry))
                .increment();
    }

    public void webSocketOpened(String route) {
        PerRoute r = routes.get(route);
        if (r != null) r.openWebSockets.incrementAndGet();
    }

    public void webSocketClosed(String route) {
        PerRoute r = routes.get(route);
        if (r != null) r.openWebSockets.decrementAndGet();
    }

    public int openWebSockets(String route) {
        PerRoute r = routes.get(route);
        return r == null ? 0 : r.openWebSockets.get();
    }

    private static final class PerRoute {
        final Timer[] timers = new Timer[STATUS_CLASSES.length];
        final AtomicInteger openWebSockets = new AtomicInteger();

        void record(int status, long nanos) {
            int index = status / 100 - 1;
            if (index < 0 || index >= STATUS_CLASSES.length) return;
            timers[index].record(nanos, TimeUnit.NANOSECONDS);
        }

        PerRoute(MeterRegistry registry, String route) {
            for (int i = 0; i < STATUS_CLASSES.length; i++) {
                timers[i] = Timer.builder("quintet.gateway.requests")
                        .description(
                                "Requests through the gateway by route and status class, including WebSocket handshakes")
                        .tag("route", route)
                        .tag("status", STATUS_CLASSES[i])
                        .publishPercentileHistogram()
                        .register(registry);
            }
            Gauge.builder("quintet.gateway.websockets.open", openWebSockets, AtomicInteger::get)
                    .description("WebSocket connections currently tunnelled to the route's upstreams")
                    .tag("route", route)
                    .register(registry);
        }
    }
}
