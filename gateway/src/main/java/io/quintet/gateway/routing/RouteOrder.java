package io.quintet.gateway.routing;

/**
 * Order of the gateway's routes on the Quarkus router: its own pages under a service prefix (the
 * Linkora certificate page) must win over that prefix's proxy route, and the JSON 404 comes last.
 */
public final class RouteOrder {

    public static final int GATEWAY_PAGES = 1_000;
    public static final int PROXY = 2_000;

    private RouteOrder() {}
}
