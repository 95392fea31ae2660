package io.quintet.kora.transport;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Clients are configured with {@code ws://host:8085/kora}, but the socket endpoint lives at the
 * root path with its trailing slash ({@code /kora/}); without this the bare form reaches the HTTP
 * polling resource and is refused with 400. Only WebSocket upgrades are rerouted.
 */
@ApplicationScoped
public class BareRootUpgrade {

    void route(
            @Observes Router router,
            @ConfigProperty(name = "quarkus.http.root-path", defaultValue = "/") String rootPath) {
        String bare = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
        if (bare.isEmpty()) return;
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String upgrade = ctx.request().getHeader("Upgrade");
            if (bare.equals(ctx.request().path()) && upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
                String query = ctx.request().query();
                ctx.reroute(bare + "/" + (query == null ? "" : "?" + query));
            } else {
                ctx.next();
            }
        });
    }
}
