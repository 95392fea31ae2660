package io.quintet.linkora.connection;

import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.Reply;
import io.quintet.linkora.http.RouteRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The app's connection test ({@code GET /}, the URL the user typed) and start-up probe
 * ({@code GET /TEST_BEARER}): 200 with an empty body for a valid token (spec 7.1.1, Q15).
 */
@ApplicationScoped
public class ConnectionRoutes implements LinkoraRoutes {

    @Override
    public void register(RouteRegistry routes) {
        routes.get("", (ctx, c) -> Uni.createFrom().item(Reply.empty()));
        routes.get("TEST_BEARER", (ctx, c) -> Uni.createFrom().item(Reply.empty()));
    }
}
