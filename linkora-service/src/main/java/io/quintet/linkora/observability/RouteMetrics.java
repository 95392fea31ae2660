package io.quintet.linkora.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Requests per route, in one place: a timer {@code linkora.requests} tagged with the route name
 * (the registered path without its slash, e.g. {@code CREATE_FOLDER}; {@code /} for the connection
 * test; {@code unmatched} for 404s and CORS preflights), the method and the status class
 * ({@code 2xx} ... {@code 5xx}). Tags come only from registered paths, so their number is bounded.
 * Exported by Prometheus at {@code /q/metrics} on the management interface as {@code linkora_requests_seconds_*}.
 */
@ApplicationScoped
public class RouteMetrics {

    /** Before the CORS handler (order -300), so answered preflights are counted too. */
    static final int ORDER = -400;

    static final String NAME = "linkora.requests";

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RouteMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::observe);
    }

    private void observe(RoutingContext ctx) {
        long start = System.nanoTime();
        String method = ctx.request().method().name();
        ctx.addEndHandler(done -> {
            int status = ctx.response().getStatusCode();
            timer(routeName(ctx.currentRoute()), method, status / 100 + "xx")
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    static String routeName(Route route) {
        String path = route == null ? null : route.getPath();
        if (path == null) {
            return "unmatched";
        }
        return path.equals("/") ? "/" : path.startsWith("/") ? path.substring(1) : path;
    }

    private Timer timer(String route, String method, String status) {
        return timers.computeIfAbsent(
                route + ' ' + method + ' ' + status,
                key -> Timer.builder(NAME)
                        .description("Linkora requests by route, method and status class")
                        .tag("route", route)
                        .tag("method", method)
                        .tag("status", status)
                        .register(registry));
    }
}
