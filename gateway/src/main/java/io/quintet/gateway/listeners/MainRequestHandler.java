package io.quintet.gateway.listeners;

import io.quintet.gateway.certificate.CertificateRoutes;
import io.quintet.gateway.routing.ErrorResponses;
import io.quintet.gateway.routing.PathMapping;
import io.quintet.gateway.routing.RouteProxies;
import io.quintet.gateway.routing.RouteProxy;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every request on the main listeners. A proxied path goes straight to its route's forwarding, without
 * Quarkus' request wrappers and router, which cost about as much again as the forwarding itself.
 * Everything else (landing page, certificates, health, metrics, the JSON 404) and any URI that is not
 * plainly written (dot segments, double slashes, characters a URI may not carry) goes to Quarkus'
 * own handler chain, which validates and normalises it and reaches the same route forwarding through
 * the router.
 */
final class MainRequestHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(MainRequestHandler.class);

    private record Prefix(String prefix, RouteProxy proxy, PathMapping mapping) {}

    private final Prefix[] prefixes;
    private final String certificatePagePath;
    private final CertificateRoutes certificatePage;
    private final Handler<HttpServerRequest> framework;

    MainRequestHandler(
            RouteProxies proxies,
            CertificateRoutes certificatePage,
            Handler<HttpServerRequest> framework,
            boolean secure) {
        List<Prefix> list = new ArrayList<>();
        for (RouteProxy proxy : proxies.all()) {
            list.add(new Prefix(proxy.route().prefix(), proxy, PathMapping.unchanged(proxy.route(), secure)));
        }
        this.prefixes = list.toArray(Prefix[]::new);
        this.certificatePage = certificatePage;
        this.certificatePagePath = certificatePage.pagePath();
        this.framework = framework;
    }

    @Override
    public void handle(HttpServerRequest request) {
        try {
            Prefix match = plainlyWritten(request.uri()) ? match(request.path()) : null;
            if (match == null) {
                framework.handle(request);
            } else if (certificatePagePath.equals(request.path())) {
                certificatePage.handle(request);
            } else {
                match.proxy().handle(request, match.mapping());
            }
        } catch (RuntimeException e) {
            // there is no router here to turn a bug into an answer; never leave the client hanging
            LOG.errorf(e, "request handling failed for %s %s", request.method(), request.path());
            ErrorResponses.send(request.response(), 500, "internal gateway error");
        }
    }

    private Prefix match(String path) {
        for (Prefix p : prefixes) {
            String prefix = p.prefix();
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return p;
            }
        }
        return null;
    }

    /** See {@link PathMapping#plainlyWritten}. */
    static boolean plainlyWritten(String uri) {
        return PathMapping.plainlyWritten(uri);
    }
}
