package io.quintet.linkora.http;

/** A feature's routes; every bean implementing this is registered on start by {@link LinkoraRouter}. */
public interface LinkoraRoutes {
    void register(RouteRegistry routes);
}
