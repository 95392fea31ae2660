package io.quintet.gateway.routing;

import io.quintet.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routes from configuration, in the suite's usual order (linkora, synkronus, objectstore, kosync, kora, then others). */
@ApplicationScoped
public class RouteTable {

    private static final List<String> KNOWN_ORDER = List.of("linkora", "synkronus", "objectstore", "kosync", "kora");

    private final List<Route> routes;

    public RouteTable(GatewayConfig config) {
        this.routes = build(config);
    }

    static List<Route> build(GatewayConfig config) {
        List<Route> built = new ArrayList<>();
        for (Map.Entry<String, GatewayConfig.RouteConfig> entry :
                config.routes().entrySet()) {
            String name = entry.getKey();
            GatewayConfig.RouteConfig rc = entry.getValue();
            String prefix = normalisePrefix(rc.prefix().orElse("/" + name));
            List<Upstream> upstreams =
                    rc.upstreams().orElse(List.of()).stream().map(Upstream::new).toList();
            built.add(new Route(
                    name,
                    prefix,
                    upstreams,
                    rc.maxBodySize().orElse(config.maxBodySize()).asLongValue(),
                    rc.responseTimeout().orElse(config.responseTimeout()),
                    rc.operationalPaths().stream()
                            .filter(op -> !op.isBlank())
                            .map(op -> prefix
                                    + OperationalPaths.canonical(
                                            op.trim().startsWith("/") ? op.trim() : "/" + op.trim()))
                            .toList(),
                    rc.managementPort().orElse(0)));
        }
        built.sort(Comparator.comparingInt((Route r) -> {
                    int i = KNOWN_ORDER.indexOf(r.name());
                    return i < 0 ? KNOWN_ORDER.size() : i;
                })
                .thenComparing(Route::name));
        for (int i = 0; i < built.size(); i++) {
            for (int j = i + 1; j < built.size(); j++) {
                if (built.get(i).prefix().equals(built.get(j).prefix())) {
                    throw new IllegalStateException("routes " + built.get(i).name() + " and "
                            + built.get(j).name() + " share the prefix "
                            + built.get(i).prefix());
                }
            }
        }
        return List.copyOf(built);
    }

    private static String normalisePrefix(String prefix) {
        String p = prefix.trim();
        if (!p.startsWith("/")) p = "/" + p;
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.equals("/") || p.equals("/q")) {
            throw new IllegalStateException(
                    "a route prefix cannot be " + p + " (the gateway serves its own pages there)");
        }
        return p;
    }

    public List<Route> routes() {
        return routes;
    }

    public Optional<Route> named(String name) {
        return routes.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public List<Route> configured() {
        return routes.stream().filter(Route::configured).toList();
    }
}
